import { defineExportTarget } from '../export-plan';
import { field, issuerIdOf, keyIn, p8File } from './target-parts';

const PURCHASE_SECTION = 'In-App Purchase Key';
const API_SECTION = 'App Store Connect API Key';

/**
 * Superwall: Settings → Revenue Tracking, the Required card, keys entered by hand. An iOS app there
 * needs both keys, each with its Key ID, Issuer ID and .p8 file.
 */
export const superwallTarget = defineExportTarget({
  id: 'superwall',
  layout: ({ keys }) => {
    const purchaseKey = keyIn(keys, 'inAppPurchaseKey');
    const apiKey = keyIn(keys, 'apiKey');
    const purchaseFile = p8File('inAppPurchaseKey', purchaseKey, 'The In-App Purchase key’s .p8 file.');
    const apiFile = p8File('apiKey', apiKey, 'The App Store Connect API key’s .p8 file.');
    return {
      files: [purchaseFile, apiFile],
      fields: [
        field.keyId('Key ID', purchaseKey, PURCHASE_SECTION),
        field.issuerId('Issuer ID', purchaseKey, PURCHASE_SECTION),
        field.keyId('Key ID', apiKey, API_SECTION),
        field.issuerId('Issuer ID', apiKey, API_SECTION),
      ],
      checklist: [
        'In the Superwall dashboard, open Settings → Revenue Tracking and find the Required card.',
        `For the In-App Purchase key, enter the Key ID ${purchaseKey.keyId} and the Issuer ID ${issuerIdOf(purchaseKey)}, and upload ${purchaseFile.name} as the .p8 file.`,
        `For the App Store Connect API key, enter the Key ID ${apiKey.keyId} and the Issuer ID ${issuerIdOf(apiKey)}, and upload ${apiFile.name} as the .p8 file.`,
        'Save.',
      ],
      commands: [],
      notices: [],
    };
  },
});
