import type { ConsumerContract } from '../contract';
import { expectConnectApiSigns, expectServerApiSigns } from '../consumers';

const IAP_FILE = 'SubscriptionKey_IAPKEY0001.p8';
const API_FILE = 'AuthKey_TEAMKEY001.p8';
const IAP_SECTION = 'In-App Purchase Key';
const API_SECTION = 'App Store Connect API Key';

/** Superwall: Settings → Revenue Tracking, the Required card; both keys entered by hand as Key ID, Issuer ID and .p8 file. */
export const superwallContract: ConsumerContract<'superwall'> = {
  target: 'superwall',
  consumer: 'Superwall dashboard: Settings → Revenue Tracking → Required',
  sources: ['https://superwall.com/docs/dashboard/dashboard-settings/app-store-connect-keys'],
  version: 'Superwall docs read 2026-12 (unversioned page)',
  cases: [
    {
      name: 'both keys on the Required card',
      keys: { inAppPurchaseKey: 'in-app-purchase', apiKey: 'asc-team' },
      files: [
        { name: IAP_FILE, p8Of: 'inAppPurchaseKey' },
        { name: API_FILE, p8Of: 'apiKey' },
      ],
      fields: [
        { section: IAP_SECTION, label: 'Key ID', value: { keyId: 'inAppPurchaseKey' } },
        { section: IAP_SECTION, label: 'Issuer ID', value: { issuerId: 'inAppPurchaseKey' } },
        { section: API_SECTION, label: 'Key ID', value: { keyId: 'apiKey' } },
        { section: API_SECTION, label: 'Issuer ID', value: { issuerId: 'apiKey' } },
      ],
      mentions: ['Revenue Tracking', 'Required card'],
      consume: async (written) => {
        await expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(IAP_FILE),
          keyId: written.field('Key ID', IAP_SECTION),
          issuerId: written.field('Issuer ID', IAP_SECTION),
        });
        await expectConnectApiSigns({
          key: written.key('apiKey').record,
          p8Text: written.text(API_FILE),
          keyId: written.field('Key ID', API_SECTION),
          issuerId: written.field('Issuer ID', API_SECTION),
        });
      },
    },
  ],
};
