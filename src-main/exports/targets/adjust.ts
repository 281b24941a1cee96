import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

// Adjust's endpoint for App Store Server Notifications, from its subscription setup guide.
const ADJUST_NOTIFICATION_URL = 'https://subscription.adjust.com/v2/appstore/';

/** Adjust: subscription setup for iOS apps: the Private key, Key ID and Issuer ID. */
export const adjustTarget = defineExportTarget({
  id: 'adjust',
  layout: ({ keys }) => {
    const key = keyIn(keys, 'inAppPurchaseKey');
    const file = p8File('inAppPurchaseKey', key, 'Upload as the Private key.');
    return {
      files: [file],
      fields: [field.keyId('Key ID', key), field.issuerId('Issuer ID', key), field.setting('Production Server URL', ADJUST_NOTIFICATION_URL)],
      checklist: [
        `In App Store Connect, App Information → App Store Server Notifications: set the Production Server URL to ${ADJUST_NOTIFICATION_URL} (Version 2 notifications).`,
        'In Adjust, open your iOS app’s settings and connect your App Store Connect credentials for subscriptions.',
        `Upload ${file.name} as the Private key.`,
        `Enter the Key ID: ${key.keyId}.`,
        `Enter the Issuer ID: ${key.issuerId}.`,
        'Save.',
      ],
      commands: [],
      notices: [],
    };
  },
});
