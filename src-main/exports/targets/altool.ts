import type { ExportFolder } from '../export-plan';
import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, p8File } from './target-parts';

// Apple (`xcrun altool --help`): altool looks for AuthKey_<apiKey>.p8 in ./private_keys, ~/private_keys,
// ~/.private_keys and ~/.appstoreconnect/private_keys, or in the folder named by API_PRIVATE_KEYS_DIR.
const ALTOOL_HOME_FOLDERS = ['private_keys', '.private_keys', '.appstoreconnect/private_keys'];

/**
 * altool and notarytool: AuthKey_<KEYID>.p8 in a private_keys folder, with the command lines that use it.
 * altool needs a team key (`--apiIssuer` is required with `--apiKey`), which the kind rules enforce for this
 * target. notarytool from Xcode 26 also takes an individual key, without `--issuer`, but not through this layout.
 */
export const altoolTarget = defineExportTarget({
  id: 'altool',
  layout: ({ keys, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const file = p8File('apiKey', key, 'altool finds it by name in the private_keys folder; notarytool takes its path.');
    const issuerId = issuerIdOf(key);
    const keyPath = shellQuote(folder.pathOf(file.name));
    const altoolAuth = `--apiKey ${key.keyId} --apiIssuer ${issuerId}`;
    const notaryAuth = `--key ${keyPath} --key-id ${key.keyId} --issuer ${issuerId}`;
    const prefix = altoolSearchesFolder(folder) ? '' : `API_PRIVATE_KEYS_DIR=${shellQuote(folder.shown)} `;
    return {
      files: [file],
      fields: [field.keyId('Key ID', key), field.issuerId('Issuer ID', key), field.path('Private key path', folder, file.name)],
      checklist: [
        `${file.name} is in ${folder.shown}; altool finds it there by its name, so keep the name.`,
        'Replace App.ipa and App.zip in the lines below with your files.',
        'Use the notarytool lines for Developer ID apps. They pass this team key’s Issuer ID; from Xcode 26, notarytool also takes an individual key, without --issuer.',
      ],
      commands: [
        { label: 'Validate an app with altool', line: `${prefix}xcrun altool --validate-app --type ios --file App.ipa ${altoolAuth}` },
        { label: 'Upload an app with altool', line: `${prefix}xcrun altool --upload-app --type ios --file App.ipa ${altoolAuth}` },
        { label: 'Notarize with notarytool', line: `xcrun notarytool submit App.zip ${notaryAuth} --wait` },
        { label: 'List past notarizations', line: `xcrun notarytool history ${notaryAuth}` },
      ],
      notices: prefix === '' ? [] : [`${folder.shown} is not one of the folders altool searches, so its lines set API_PRIVATE_KEYS_DIR.`],
    };
  },
});

function altoolSearchesFolder(folder: ExportFolder): boolean {
  const shown = folder.shown.replace(/[\\/]+$/, '');
  let relative: string | null = null;
  if (shown.startsWith('~/')) relative = shown.slice(2);
  else if (folder.home !== undefined && shown.startsWith(`${folder.home.replace(/[\\/]+$/, '')}/`)) {
    relative = shown.slice(folder.home.replace(/[\\/]+$/, '').length + 1);
  }
  return relative !== null && ALTOOL_HOME_FOLDERS.includes(relative);
}
