import type { ConsumerContract } from '../contract';
import { expectServerApiSigns } from '../consumers';

const FILE = 'SubscriptionKey_IAPKEY0001.p8';

/** Purchasely Console: App Settings → Apple App Store, "StoreKit 2 - Private key ID", "Private key file" and "Issuer ID". */
export const purchaselyContract: ConsumerContract<'purchasely'> = {
  target: 'purchasely',
  consumer: 'Purchasely Console: App Settings → Store configuration → Apple App Store',
  sources: ['https://docs.purchasely.com/docs/app-store-configuration', 'https://docs.purchasely.com/docs/storekit2'],
  version: 'Purchasely docs read 2026-12 (unversioned pages)',
  cases: [
    {
      name: 'the StoreKit 2 fields',
      keys: { inAppPurchaseKey: 'in-app-purchase' },
      files: [{ name: FILE, p8Of: 'inAppPurchaseKey' }],
      fields: [
        { label: 'Private Key Id', value: { keyId: 'inAppPurchaseKey' } },
        { label: 'Issuer Id', value: { issuerId: 'inAppPurchaseKey' } },
      ],
      mentions: ['Private Key File (.p8)'],
      consume: async (written) =>
        expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(FILE),
          keyId: written.field('Private Key Id'),
          issuerId: written.field('Issuer Id'),
        }),
    },
  ],
};
