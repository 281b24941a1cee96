import type { ConsumerContract } from '../contract';
import { expectServerApiSigns } from '../consumers';

const FILE = 'SubscriptionKey_IAPKEY0001.p8';
const SECTION = 'In-App Purchase API (StoreKit 2)';

/** Adapty: App settings → iOS SDK, the Bundle ID first, then the In-App Purchase Issuer ID, Key ID and the .p8. */
export const adaptyContract: ConsumerContract<'adapty'> = {
  target: 'adapty',
  consumer: 'Adapty dashboard: App settings → iOS SDK',
  sources: ['https://docs.adapty.io/docs/app-store-connection-configuration', 'https://docs.adapty.io/docs/generate-in-app-purchase-key'],
  version: 'Adapty docs read 2026-12 (unversioned pages)',
  cases: [
    {
      name: 'an In-App Purchase key with its bundle ID',
      keys: { inAppPurchaseKey: 'in-app-purchase' },
      files: [{ name: FILE, p8Of: 'inAppPurchaseKey' }],
      fields: [
        { label: 'Bundle ID', value: { exactly: 'com.example.game' } },
        { section: SECTION, label: 'In-App Purchase Issuer ID', value: { issuerId: 'inAppPurchaseKey' } },
        { section: SECTION, label: 'In-App Purchase Key ID', value: { keyId: 'inAppPurchaseKey' } },
      ],
      consume: async (written) =>
        expectServerApiSigns(
          {
            key: written.key('inAppPurchaseKey').record,
            p8Text: written.text(FILE),
            keyId: written.field('In-App Purchase Key ID', SECTION),
            issuerId: written.field('In-App Purchase Issuer ID', SECTION),
          },
          written.field('Bundle ID'),
        ),
    },
  ],
};
