import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

// codemagic-cli-tools (0.64, src/codemagic/tools/app_store_connect/arguments.py): --issuer-id, --key-id and --private-key
// default to these variables; `@env:NAME` reads any flag's value from a variable.
const ISSUER_ID_VARIABLE = 'APP_STORE_CONNECT_ISSUER_ID';
const KEY_ID_VARIABLE = 'APP_STORE_CONNECT_KEY_IDENTIFIER';
const PRIVATE_KEY_VARIABLE = 'APP_STORE_CONNECT_PRIVATE_KEY';
// fetch-signing-files stops without --certificate-key (default CERTIFICATE_PRIVATE_KEY), with or without --create:
// "Cannot save Signing Certificates without certificate private key" (actions/fetch_signing_files_action.py). It is the
// signing certificate's own RSA key (models/private_key.py loads PEM or OpenSSH RSA), which no .p8 export holds.
const CERTIFICATE_KEY_VARIABLE = 'CERTIFICATE_PRIVATE_KEY';
const CERTIFICATE_KEY_PASSWORD_VARIABLE = 'CERTIFICATE_PRIVATE_KEY_PASSWORD';

const FETCH_SIGNING_FILES =
  'app-store-connect fetch-signing-files "$BUNDLE_ID" --type IOS_APP_STORE --create ' +
  `--issuer-id @env:${ISSUER_ID_VARIABLE} --key-id @env:${KEY_ID_VARIABLE} --private-key @env:${PRIVATE_KEY_VARIABLE} ` +
  `--certificate-key @env:${CERTIFICATE_KEY_VARIABLE}`;

/**
 * Codemagic: the three variables its CLI tools (`app-store-connect fetch-signing-files`, `publish`) read for
 * the API key, the certificate key fetch-signing-files also needs, and the same key for the Developer Portal integration.
 */
export const codemagicTarget = defineExportTarget({
  id: 'codemagic',
  layout: ({ keys }) => {
    const key = keyIn(keys, 'apiKey');
    const file = p8File('apiKey', key, `Its whole text is the value of ${PRIVATE_KEY_VARIABLE}.`);
    return {
      files: [file],
      fields: [
        field.issuerId(ISSUER_ID_VARIABLE, key),
        field.keyId(KEY_ID_VARIABLE, key),
        field.privateKey(PRIVATE_KEY_VARIABLE, 'apiKey', { file: file.name }),
      ],
      checklist: [
        'In Codemagic, open your app’s settings → Environment variables.',
        `Add ${ISSUER_ID_VARIABLE} = ${key.issuerId} and ${KEY_ID_VARIABLE} = ${key.keyId} to a variable group (for example app_store_credentials).`,
        `Add ${PRIVATE_KEY_VARIABLE} to the same group with the whole contents of ${file.name}, lines included, and mark it Secure.`,
        `Add ${CERTIFICATE_KEY_VARIABLE} to the same group, marked Secure: the RSA private key (PEM) of your distribution certificate, or a new RSA key ` +
          `for --create to make a certificate from. It is not the App Store Connect key, and this export does not hold it. ` +
          `If that key has a passphrase, add it as ${CERTIFICATE_KEY_PASSWORD_VARIABLE}.`,
        'In codemagic.yaml, import the group under environment: groups:, and set BUNDLE_ID under environment: vars: to your app’s bundle ID.',
        `For the Developer Portal integration instead (Team settings → Integrations), enter the Issuer ID, the Key ID and upload ${file.name} as the API key.`,
      ],
      commands: [{ label: 'Fetch or create signing files (in a Codemagic build)', line: FETCH_SIGNING_FILES }],
      notices: [
        `fetch-signing-files also needs ${CERTIFICATE_KEY_VARIABLE}, the private key of a signing certificate, even without --create; ` +
          'it stops without one. Add it yourself: this export has only the App Store Connect key.',
      ],
    };
  },
});
