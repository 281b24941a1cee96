import type { ConsumerContract } from '../contract';
import { expectConnectApiSigns, expectServerApiSigns, keyIdInFileName } from '../consumers';

const IAP_FILE = 'SubscriptionKey_IAPKEY0001.p8';
const API_FILE = 'AuthKey_TEAMKEY001.p8';

/**
 * RevenueCat reads the In-App Purchase key's Key ID from its file name and asks for the Issuer ID beside it. Its App
 * Store Connect API tab (product import) asks for the P8 key file, the Key ID, the Issuer ID and a Vendor number.
 */
export const revenueCatContract: ConsumerContract<'revenuecat'> = {
  target: 'revenuecat',
  consumer: 'RevenueCat dashboard: App settings → In-app purchase key configuration, and the App Store Connect API tab',
  sources: [
    'https://www.revenuecat.com/docs/service-credentials/itunesconnect-app-specific-shared-secret/in-app-purchase-key-configuration',
    'https://www.revenuecat.com/docs/service-credentials/itunesconnect-app-specific-shared-secret/app-store-connect-api-key-configuration',
    'https://github.com/RevenueCat/revenuecat-docs/tree/eca5b64a99d02f3e9541753a350b58387fc8cfdf/docs_source/Service%20Credentials',
  ],
  version:
    'RevenueCat docs read 2026-12 (revenuecat-docs eca5b64 of 2024-03-20 for the upload steps); the Key ID field on the App Store Connect API tab ' +
    'is the dashboard as reported in issue 16, not in that 2024 text',
  cases: [
    {
      name: 'the In-App Purchase key alone',
      keys: { inAppPurchaseKey: 'in-app-purchase' },
      files: [{ name: IAP_FILE, p8Of: 'inAppPurchaseKey' }],
      fields: [{ section: 'In-App Purchase Key', label: 'Issuer ID', value: { issuerId: 'inAppPurchaseKey' } }],
      mentions: ['reads the Key ID from the file name'],
      consume: async (written) =>
        expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(IAP_FILE),
          keyId: keyIdInFileName(IAP_FILE),
          issuerId: written.field('Issuer ID', 'In-App Purchase Key'),
        }),
    },
    {
      name: 'with an App Store Connect API key for product import',
      keys: { inAppPurchaseKey: 'in-app-purchase', apiKey: 'asc-team' },
      files: [
        { name: IAP_FILE, p8Of: 'inAppPurchaseKey' },
        { name: API_FILE, p8Of: 'apiKey' },
      ],
      fields: [
        { section: 'In-App Purchase Key', label: 'Issuer ID', value: { issuerId: 'inAppPurchaseKey' } },
        { section: 'App Store Connect API', label: 'Key ID', value: { keyId: 'apiKey' } },
        { section: 'App Store Connect API', label: 'Issuer ID', value: { issuerId: 'apiKey' } },
      ],
      mentions: ['Under App Store Connect API, upload AuthKey_TEAMKEY001.p8, then enter the Key ID TEAMKEY001 and the Issuer ID', 'Vendor number'],
      consume: async (written) => {
        await expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(IAP_FILE),
          keyId: keyIdInFileName(IAP_FILE),
          issuerId: written.field('Issuer ID', 'In-App Purchase Key'),
        });
        await expectConnectApiSigns({
          key: written.key('apiKey').record,
          p8Text: written.text(API_FILE),
          keyId: written.field('Key ID', 'App Store Connect API'),
          issuerId: written.field('Issuer ID', 'App Store Connect API'),
        });
      },
    },
  ],
};
