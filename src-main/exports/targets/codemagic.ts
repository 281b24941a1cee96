import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

/**
 * Codemagic: the three variables its CLI tools (`app-store-connect fetch-signing-files`, `publish`)
 * read, and the same key for the Developer Portal integration.
 */
export const codemagicTarget = defineExportTarget({
  id: 'codemagic',
  layout: ({ keys }) => {
    const key = keyIn(keys, 'apiKey');
    const file = p8File('apiKey', key, 'Its whole text is the value of APP_STORE_CONNECT_PRIVATE_KEY.');
    return {
      files: [file],
      fields: [
        field.issuerId('APP_STORE_CONNECT_ISSUER_ID', key),
        field.keyId('APP_STORE_CONNECT_KEY_IDENTIFIER', key),
        field.privateKey('APP_STORE_CONNECT_PRIVATE_KEY', 'apiKey', { file: file.name }),
      ],
      checklist: [
        'In Codemagic, open your app’s settings → Environment variables.',
        `Add APP_STORE_CONNECT_ISSUER_ID = ${key.issuerId} and APP_STORE_CONNECT_KEY_IDENTIFIER = ${key.keyId} to a variable group (for example app_store_credentials).`,
        `Add APP_STORE_CONNECT_PRIVATE_KEY to the same group with the whole contents of ${file.name}, lines included, and mark it Secure.`,
        'In codemagic.yaml, import the group under environment: groups:.',
        `For the Developer Portal integration instead (Team settings → Integrations), enter the Issuer ID, the Key ID and upload ${file.name} as the API key.`,
      ],
      commands: [
        { label: 'Fetch or create signing files (in a Codemagic build)', line: 'app-store-connect fetch-signing-files "$BUNDLE_ID" --type IOS_APP_STORE --create' },
      ],
      notices: [],
    };
  },
});
