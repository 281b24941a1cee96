import type { ConsumerContract } from '../contract';
import { expectConnectApiSigns, expectServerApiSigns } from '../consumers';

const API_FILE = 'AuthKey_TEAMKEY001.p8';
const IAP_FILE = 'SubscriptionKey_IAPKEY0001.p8';
const API_SECTION = 'App Store Connect API key';
const IAP_SECTION = 'In-App Purchase key';

/**
 * Qonversion takes two different keys: the App Store Connect API key (Step 1, Verify & Fetch Apps) and the In-App
 * Purchase key (Step 3, Server API access), each as Key Identifier, Issuer Identifier and the .p8; its store
 * configuration API names the same six values connect_* and iap_*.
 */
export const qonversionContract: ConsumerContract<'qonversion'> = {
  target: 'qonversion',
  consumer: 'Qonversion dashboard: Project Settings → Stores → Apple App Store',
  sources: [
    'https://documentation.qonversion.io/docs/app-store-connect-api-key',
    'https://documentation.qonversion.io/docs/in-app-purchase-api-key',
    'https://documentation.qonversion.io/api-reference/project-settings/update-store-configuration',
  ],
  version: 'Qonversion docs read 2026-12 (API v4)',
  cases: [
    {
      name: 'both keys, each in its own step',
      keys: { apiKey: 'asc-team', inAppPurchaseKey: 'in-app-purchase' },
      files: [
        { name: API_FILE, p8Of: 'apiKey' },
        { name: IAP_FILE, p8Of: 'inAppPurchaseKey' },
      ],
      fields: [
        { section: API_SECTION, label: 'Key Identifier', value: { keyId: 'apiKey' } },
        { section: API_SECTION, label: 'Issuer Identifier', value: { issuerId: 'apiKey' } },
        { section: IAP_SECTION, label: 'Key Identifier', value: { keyId: 'inAppPurchaseKey' } },
        { section: IAP_SECTION, label: 'Issuer Identifier', value: { issuerId: 'inAppPurchaseKey' } },
      ],
      mentions: ['Verify & Fetch Apps', 'Server API access'],
      consume: async (written) => {
        await expectConnectApiSigns({
          key: written.key('apiKey').record,
          p8Text: written.text(API_FILE),
          keyId: written.field('Key Identifier', API_SECTION),
          issuerId: written.field('Issuer Identifier', API_SECTION),
        });
        await expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(IAP_FILE),
          keyId: written.field('Key Identifier', IAP_SECTION),
          issuerId: written.field('Issuer Identifier', IAP_SECTION),
        });
      },
    },
  ],
};
