import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

const API_SECTION = 'App Store Connect API key';
const SERVER_SECTION = 'In-App Purchase key';

/**
 * Qonversion: two different keys from two tabs of App Store Connect. Step 1 takes the App Store Connect
 * API key ("Verify & Fetch Apps"); Step 3, Server API access, takes the In-App Purchase key.
 */
export const qonversionTarget = defineExportTarget({
  id: 'qonversion',
  layout: ({ keys }) => {
    const apiKey = keyIn(keys, 'apiKey');
    const purchaseKey = keyIn(keys, 'inAppPurchaseKey');
    const apiFile = p8File('apiKey', apiKey, 'Step 1: the App Store Connect API key.');
    const purchaseFile = p8File('inAppPurchaseKey', purchaseKey, 'Step 3, Server API access: the In-App Purchase key.');
    return {
      files: [apiFile, purchaseFile],
      fields: [
        field.keyId('Key Identifier', apiKey, API_SECTION),
        field.issuerId('Issuer Identifier', apiKey, API_SECTION),
        field.keyId('Key Identifier', purchaseKey, SERVER_SECTION),
        field.issuerId('Issuer Identifier', purchaseKey, SERVER_SECTION),
      ],
      checklist: [
        'In Qonversion, open Project Settings → Stores → Apple App Store.',
        `Step 1 (App Store Connect API key): enter the Key Identifier ${apiKey.keyId}, upload ${apiFile.name} and enter the Issuer Identifier ${apiKey.issuerId}.`,
        'Click Verify & Fetch Apps and pick your app.',
        `Step 3 · Server API access (In-App Purchase key): enter the Key Identifier ${purchaseKey.keyId}, upload ${purchaseFile.name} and enter the Issuer Identifier ${purchaseKey.issuerId}.`,
        'Save.',
      ],
      commands: [],
      notices: ['The two keys are not interchangeable: AuthKey_….p8 goes in Step 1, SubscriptionKey_….p8 in Step 3.'],
    };
  },
});
