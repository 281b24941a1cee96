import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

const IN_APP_PURCHASE = 'In-App Purchase Key';
const APP_STORE_CONNECT_API = 'App Store Connect API';

/**
 * RevenueCat: App settings → In-app purchase key configuration; optionally an API key for product import, whose
 * App Store Connect API tab asks for the P8 key file, its Key ID, the Issuer ID and the Vendor number.
 */
export const revenueCatTarget = defineExportTarget({
  id: 'revenuecat',
  layout: ({ keys }) => {
    const purchaseKey = keyIn(keys, 'inAppPurchaseKey');
    const apiKey = keys.apiKey;
    const purchaseFile = p8File('inAppPurchaseKey', purchaseKey, 'Upload under In-app purchase key configuration.');
    const checklist = [
      'In the RevenueCat dashboard, open your project and the App Store app’s App settings.',
      `Under In-app purchase key configuration, upload ${purchaseFile.name} (the P8 key file).`,
      `Paste the Issuer ID: ${purchaseKey.issuerId}.`,
      'Save changes. RevenueCat reads the Key ID from the file name, so keep it as written.',
    ];
    if (!apiKey) {
      return {
        files: [purchaseFile],
        fields: [field.issuerId('Issuer ID', purchaseKey, IN_APP_PURCHASE)],
        checklist,
        commands: [],
        notices: ['To let RevenueCat import products and prices, export again with an App Store Connect API key as well.'],
      };
    }
    const apiFile = p8File('apiKey', apiKey, 'Upload under App Store Connect API, for product import.');
    return {
      files: [purchaseFile, apiFile],
      fields: [
        field.issuerId('Issuer ID', purchaseKey, IN_APP_PURCHASE),
        field.keyId('Key ID', apiKey, APP_STORE_CONNECT_API),
        field.issuerId('Issuer ID', apiKey, APP_STORE_CONNECT_API),
      ],
      checklist: [
        ...checklist,
        `Under App Store Connect API, upload ${apiFile.name}, then enter the Key ID ${apiKey.keyId} and the Issuer ID ${apiKey.issuerId}.`,
        'Enter your Vendor number: App Store Connect shows it at the top left of Payments and Financial Reports (Account Holder, Admin or Finance role).',
        'Save changes.',
      ],
      commands: [],
      notices: [],
    };
  },
});
