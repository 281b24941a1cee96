import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

const PURCHASE_SECTION = 'In-App Purchase Key';
const API_SECTION = 'App Store Connect API Key';

/** Superwall: Settings → Revenue Tracking, the Required card, keys entered by hand. */
export const superwallTarget = defineExportTarget({
  id: 'superwall',
  layout: ({ keys }) => {
    const purchaseKey = keyIn(keys, 'inAppPurchaseKey');
    const apiKey = keys.apiKey;
    const purchaseFile = p8File('inAppPurchaseKey', purchaseKey, 'The In-App Purchase key’s .p8 file.');
    const files = [purchaseFile];
    const fields = [field.keyId('Key ID', purchaseKey, PURCHASE_SECTION), field.issuerId('Issuer ID', purchaseKey, PURCHASE_SECTION)];
    const checklist = [
      'In the Superwall dashboard, open Settings → Revenue Tracking and find the Required card.',
      `For the In-App Purchase key, enter the Key ID ${purchaseKey.keyId} and the Issuer ID ${purchaseKey.issuerId}, and upload ${purchaseFile.name} as the .p8 file.`,
    ];
    const notices: string[] = [];
    if (apiKey) {
      const apiFile = p8File('apiKey', apiKey, 'The App Store Connect API key’s .p8 file.');
      files.push(apiFile);
      fields.push(field.keyId('Key ID', apiKey, API_SECTION), field.issuerId('Issuer ID', apiKey, API_SECTION));
      checklist.push(`For the App Store Connect API key, enter the Key ID ${apiKey.keyId} and the Issuer ID ${apiKey.issuerId}, and upload ${apiFile.name} as the .p8 file.`);
    } else {
      notices.push('Superwall also asks for an App Store Connect API key on the same card; export again with one to fill it.');
    }
    checklist.push('Save.');
    return { files, fields, checklist, commands: [], notices };
  },
});
