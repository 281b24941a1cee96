import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

/** Purchasely Console: App Settings → Store configuration → Apple App Store, the StoreKit 2 fields. */
export const purchaselyTarget = defineExportTarget({
  id: 'purchasely',
  layout: ({ keys }) => {
    const key = keyIn(keys, 'inAppPurchaseKey');
    const file = p8File('inAppPurchaseKey', key, 'Upload as the Private Key File (.p8).');
    return {
      files: [file],
      fields: [field.keyId('Private Key Id', key), field.issuerId('Issuer Id', key)],
      checklist: [
        'In the Purchasely Console, open App Settings, then Apple App Store under Store configuration.',
        `Fill in the Private Key Id: ${key.keyId}.`,
        `Upload your Private Key File (.p8): ${file.name}.`,
        `Fill in the Issuer Id: ${key.issuerId}.`,
        'Click Save in the top right corner.',
      ],
      commands: [],
      notices: [],
    };
  },
});
