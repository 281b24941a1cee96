import type { ExportFolder } from '../export-plan';
import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, p8File } from './target-parts';

// Apple (`xcrun altool --help`): altool looks for AuthKey_<apiKey>.p8 in ./private_keys, ~/private_keys,
// ~/.private_keys and ~/.appstoreconnect/private_keys, or in the folder named by API_PRIVATE_KEYS_DIR.
const ALTOOL_HOME_FOLDERS = ['private_keys', '.private_keys', '.appstoreconnect/private_keys'];

// altool refuses --apiKey without a non-empty --apiIssuer, and signs as the key's user (sub "user", no iss) with
// --api-key-subject user. An individual key has no Issuer ID, so its Key ID fills --apiIssuer, as fastlane does
// from 2.233.0 (fastlane_core/lib/fastlane_core/itunes_transporter.rb, build_credential_params; fastlane PR #29961).
// No source found here names the Xcode release whose altool added --api-key-subject; the notice says to update Xcode.
const altoolIndividualAuth = (keyId: string) => `--apiKey ${keyId} --apiIssuer ${keyId} --api-key-subject user`;

// notarytool from Xcode 26: "--issuer … Required for Team API Keys. Do not provide for Individual API Keys" (its
// --help, quoted in indygreg/apple-platform-rs#260 and shown for Xcode 16 and 26 in electron/notarize#246, where
// --issuer with an individual key gets 401). Apple's own documentation for it was not found, so this rests on those.
const INDIVIDUAL_KEY_NOTICE =
  'Individual keys need Xcode 26 or later for notarytool, which takes them without --issuer (earlier notarytool asks for an Issuer ID, ' +
  'and Apple refuses an individual key with one). altool takes them with --api-key-subject user, as fastlane 2.233 and later pass it: ' +
  'update Xcode if altool does not know that option.';

/**
 * altool and notarytool: AuthKey_<KEYID>.p8 in a private_keys folder, with the command lines that use it.
 * A team key passes its Issuer ID to both. An individual key has none: altool gets its Key ID as the
 * --apiIssuer it insists on plus --api-key-subject user, and notarytool gets no --issuer.
 */
export const altoolTarget = defineExportTarget({
  id: 'altool',
  layout: ({ keys, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const individual = key.kind === 'asc-individual';
    const file = p8File('apiKey', key, 'altool finds it by name in the private_keys folder; notarytool takes its path.');
    const keyPath = shellQuote(folder.pathOf(file.name));
    const altoolAuth = individual ? altoolIndividualAuth(key.keyId) : `--apiKey ${key.keyId} --apiIssuer ${issuerIdOf(key)}`;
    const notaryAuth = `--key ${keyPath} --key-id ${key.keyId}${individual ? '' : ` --issuer ${issuerIdOf(key)}`}`;
    const prefix = altoolSearchesFolder(folder) ? '' : `API_PRIVATE_KEYS_DIR=${shellQuote(folder.shown)} `;
    return {
      files: [file],
      fields: [
        field.keyId('Key ID', key),
        ...(individual ? [] : [field.issuerId('Issuer ID', key)]),
        field.path('Private key path', folder, file.name),
      ],
      checklist: [
        `${file.name} is in ${folder.shown}; altool finds it there by its name, so keep the name.`,
        'Replace App.ipa and App.zip in the lines below with your files.',
        individual
          ? 'This individual key has no Issuer ID. altool still asks for --apiIssuer, so its lines pass the Key ID there and add --api-key-subject user, ' +
            'which makes altool sign as you. The notarytool lines, for Developer ID apps, leave out --issuer, as notarytool from Xcode 26 wants for an individual key.'
          : 'Use the notarytool lines for Developer ID apps. They pass this team key’s Issuer ID; from Xcode 26, notarytool also takes an individual key, without --issuer.',
      ],
      commands: [
        { label: 'Validate an app with altool', line: `${prefix}xcrun altool --validate-app --type ios --file App.ipa ${altoolAuth}` },
        { label: 'Upload an app with altool', line: `${prefix}xcrun altool --upload-app --type ios --file App.ipa ${altoolAuth}` },
        { label: 'Notarize with notarytool', line: `xcrun notarytool submit App.zip ${notaryAuth} --wait` },
        { label: 'List past notarizations', line: `xcrun notarytool history ${notaryAuth}` },
      ],
      notices: [
        ...(individual ? [INDIVIDUAL_KEY_NOTICE] : []),
        ...(prefix === '' ? [] : [`${folder.shown} is not one of the folders altool searches, so its lines set API_PRIVATE_KEYS_DIR.`]),
      ],
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
