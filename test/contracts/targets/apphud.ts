import type { ConsumerContract } from '../contract';
import { expectServerApiSigns, keyIdInFileName } from '../consumers';

const FILE = 'SubscriptionKey_IAPKEY0001.p8';

/** Apphud takes the Issuer ID and the key file, and reads the Key ID from the file's name: "Do not rename the file." */
export const apphudContract: ConsumerContract<'apphud'> = {
  target: 'apphud',
  consumer: 'Apphud dashboard: app Settings → App Store Server API (StoreKit 2)',
  sources: ['https://docs.apphud.com/docs/app-store-server-api-storekit-2', 'https://docs.apphud.com/docs/app-store-credentials'],
  version: 'Apphud docs read 2026-12 (unversioned pages)',
  cases: [
    {
      name: 'the key file under its App Store Connect name',
      keys: { inAppPurchaseKey: 'in-app-purchase' },
      files: [{ name: FILE, p8Of: 'inAppPurchaseKey' }],
      fields: [{ label: 'Issuer ID', value: { issuerId: 'inAppPurchaseKey' } }],
      mentions: ['Do not rename SubscriptionKey_IAPKEY0001.p8'],
      consume: async (written) =>
        expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(FILE),
          keyId: keyIdInFileName(FILE),
          issuerId: written.field('Issuer ID'),
        }),
    },
  ],
};
