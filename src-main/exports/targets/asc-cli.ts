import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, p8File } from './target-parts';

// asc (rorkai/App-Store-Connect-CLI#1634): an individual key is `--key-type individual` or ASC_KEY_TYPE=individual, with no Issuer ID.
// asc auth login refuses to run without --name, the profile it saves; the Key ID is one that needs no quoting.
const INDIVIDUAL_KEY_NOTICE =
  'Individual keys have no Issuer ID: asc signs as you when ASC_KEY_TYPE is individual, or after asc auth login --key-type individual. ' +
  'Update asc if it does not know --key-type.';

/**
 * The asc command-line tool: ASC_KEY_ID, ASC_ISSUER_ID (ASC_KEY_TYPE=individual for an individual key)
 * and ASC_PRIVATE_KEY_PATH, or a saved login.
 */
export const ascCliTarget = defineExportTarget({
  id: 'asc-cli',
  layout: ({ keys, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const file = p8File('apiKey', key, 'asc reads the key from this path.');
    const individual = key.kind === 'asc-individual';
    const keyPath = shellQuote(folder.pathOf(file.name));
    // What tells asc whose key it is: the team's Issuer ID, or that the key is the user's own.
    const owner = individual ? { variable: 'ASC_KEY_TYPE=individual', flag: '--key-type individual' } : { variable: `ASC_ISSUER_ID=${issuerIdOf(key)}`, flag: `--issuer-id ${issuerIdOf(key)}` };
    return {
      files: [file],
      fields: [
        field.keyId('ASC_KEY_ID', key),
        individual ? field.setting('ASC_KEY_TYPE', 'individual') : field.issuerId('ASC_ISSUER_ID', key),
        field.path('ASC_PRIVATE_KEY_PATH', folder, file.name),
      ],
      checklist: [
        'Set the three variables in your shell profile or CI, or save them once with asc auth login.',
        `Keep ${file.name} where it is, or update ASC_PRIVATE_KEY_PATH when you move it.`,
        ...(individual ? [] : ['Unset ASC_KEY_TYPE where you use this team key: left at individual from another key, it makes asc ignore ASC_ISSUER_ID.']),
      ],
      commands: [
        { label: 'Use the key in this shell', line: `export ASC_KEY_ID=${key.keyId} ${owner.variable} ASC_PRIVATE_KEY_PATH=${keyPath}` },
        { label: 'Or save it as asc’s login', line: `asc auth login --name ${key.keyId} ${owner.flag} --key-id ${key.keyId} --private-key ${keyPath}` },
      ],
      notices: individual ? [INDIVIDUAL_KEY_NOTICE] : [],
    };
  },
});
