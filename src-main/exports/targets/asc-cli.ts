import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, p8File } from './target-parts';

/** The asc command-line tool: ASC_KEY_ID, ASC_ISSUER_ID and ASC_PRIVATE_KEY_PATH, or a saved login. */
export const ascCliTarget = defineExportTarget({
  id: 'asc-cli',
  layout: ({ keys, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const file = p8File('apiKey', key, 'asc reads the key from this path.');
    const issuerId = issuerIdOf(key);
    const keyPath = shellQuote(folder.pathOf(file.name));
    return {
      files: [file],
      fields: [field.keyId('ASC_KEY_ID', key), field.issuerId('ASC_ISSUER_ID', key), field.path('ASC_PRIVATE_KEY_PATH', folder, file.name)],
      checklist: [
        'Set the three variables in your shell profile or CI, or save them once with asc auth login.',
        `Keep ${file.name} where it is, or update ASC_PRIVATE_KEY_PATH when you move it.`,
      ],
      commands: [
        { label: 'Use the key in this shell', line: `export ASC_KEY_ID=${key.keyId} ASC_ISSUER_ID=${issuerId} ASC_PRIVATE_KEY_PATH=${keyPath}` },
        { label: 'Or save it as asc’s login', line: `asc auth login --key-id ${key.keyId} --issuer-id ${issuerId} --private-key ${keyPath}` },
      ],
      notices: [],
    };
  },
});
