import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

/** Apphud: the app's settings, App Store Server API (StoreKit 2): the Issuer ID and the key file, name unchanged. */
export const apphudTarget = defineExportTarget({
  id: 'apphud',
  layout: ({ keys }) => {
    const key = keyIn(keys, 'inAppPurchaseKey');
    const file = p8File('inAppPurchaseKey', key, 'Upload as the In-App Purchase key file, without renaming it.');
    return {
      files: [file],
      fields: [field.issuerId('Issuer ID', key), field.keyId('Key ID', key)],
      checklist: [
        'In Apphud, open your app’s Settings and its App Store section (App Store Server API, StoreKit 2).',
        `Paste the Issuer ID: ${key.issuerId}.`,
        `Upload ${file.name} as the In-App Purchase key file. Apphud reads the Key ID (${key.keyId}) from the file name.`,
        'Save.',
      ],
      commands: [],
      notices: [`Do not rename ${file.name}: Apphud needs the SubscriptionKey_<KEYID>.p8 name.`],
    };
  },
});
