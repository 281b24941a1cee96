import type { ConsumerContract } from '../contract';
import { expectServerApiSigns } from '../consumers';

const FILE = 'SubscriptionKey_IAPKEY0001.p8';
const NOTIFICATION_URL = 'https://subscription.adjust.com/v2/appstore/';

/** Adjust: the Private key, Key ID and Issuer ID, and App Store Server Notifications sent to its endpoint. */
export const adjustContract: ConsumerContract<'adjust'> = {
  target: 'adjust',
  consumer: 'Adjust dashboard: subscription setup for iOS apps',
  sources: ['https://help.adjust.com/en/article/subscription-setup-for-ios-apps'],
  version: 'Adjust help center read 2026-12 (unversioned page)',
  cases: [
    {
      name: 'an In-App Purchase key and the notification URL',
      keys: { inAppPurchaseKey: 'in-app-purchase' },
      files: [{ name: FILE, p8Of: 'inAppPurchaseKey' }],
      fields: [
        { label: 'Key ID', value: { keyId: 'inAppPurchaseKey' } },
        { label: 'Issuer ID', value: { issuerId: 'inAppPurchaseKey' } },
        { label: 'Production Server URL', value: { exactly: NOTIFICATION_URL } },
      ],
      mentions: [NOTIFICATION_URL, 'Private key'],
      consume: async (written) =>
        expectServerApiSigns({
          key: written.key('inAppPurchaseKey').record,
          p8Text: written.text(FILE),
          keyId: written.field('Key ID'),
          issuerId: written.field('Issuer ID'),
        }),
    },
  ],
};
