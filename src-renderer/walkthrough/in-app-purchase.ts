import type { KeyKindGuide } from './guide';

/** In-App Purchase keys: Users and Access > Integrations > In-App Purchase. */
export const IN_APP_PURCHASE_GUIDE: KeyKindGuide = {
  kind: 'in-app-purchase',
  choice: { label: 'In-App Purchase key', detail: 'For the App Store Server API and subscription offers.' },
  role: {
    requirement: 'Generating an In-App Purchase key needs the Admin or Account Holder role in App Store Connect.',
    notes: ['App Manager is not enough, even with access to every app.', 'The key works for every app of the team; there is no Access level to choose.'],
    ifNot: 'With another role, ask the Account Holder or an Admin to generate the key, or to give you the Admin role.',
    confirmLabel: 'I have the Admin or Account Holder role',
  },
  open: {
    link: { page: 'in-app-purchase-keys', label: 'Open In-App Purchase keys' },
    location: 'Users and Access > Integrations > In-App Purchase',
    clicks: [
      'Sign in if asked. The page opens on Integrations, with In-App Purchase selected.',
      'Click the + button next to “Active”. With no key yet, the button is “Generate In-App Purchase Key”.',
      'Type a name. It is for your reference only: no provider or token uses it.',
      'Click Generate.',
    ],
  },
  download: {
    fileName: 'SubscriptionKey_….p8',
    clicks: ['In the new key’s row, click the Download link, then Download in the dialog.'],
  },
  keyId: {
    hint: 'The 10-character ID in the Key ID column of the new key’s row, not the name you typed.',
    confirmLabel: 'App Store Connect shows this Key ID in the new key’s row',
  },
  issuerId: {
    hint: 'Copy it from the App Store Connect API tab, above the keys table. One Issuer ID per team serves both kinds of key.',
    whenMissing: 'No Issuer ID there? It appears only once at least one App Store Connect API key exists; the Account Holder may first have to request API access.',
    link: { page: 'api-team-keys', label: 'Open the App Store Connect API tab' },
  },
  bundleIdsHint: 'The apps this key serves, separated by commas. Adapty asks for the Bundle ID with the key, and App Store Server API tokens carry it.',
  lost: {
    link: { page: 'in-app-purchase-keys', label: 'Open In-App Purchase keys' },
    revokeClicks: ['Click Edit at the top right, select the lost key, click Revoke, then confirm in the dialog.'],
  },
};
