import type { KeyKindGuide } from './guide';

/** App Store Connect API team keys: Users and Access > Integrations > App Store Connect API > Team Keys. */
export const ASC_TEAM_GUIDE: KeyKindGuide = {
  kind: 'asc-team',
  choice: { label: 'Team key', detail: 'Belongs to the team, not to a person: the usual choice for CI and services.' },
  role: {
    requirement: 'Generating a team key needs the Admin or Account Holder role in App Store Connect.',
    notes: [
      'The first time, the Account Holder must request API access on the same page (Request Access); Apple reviews the request before keys can be made.',
      'You choose the key’s own Access level while generating it, and cannot change it later. Pick the lowest level your provider asks for:',
    ],
    accessLevels: [
      { level: 'Developer', usedFor: 'uploading builds to TestFlight and the App Store, the lowest level Apple lets upload.' },
      { level: 'App Manager', usedFor: 'Codemagic, which recommends it (automatic signing included), and RevenueCat, which asks for at least App Manager.' },
      { level: 'Admin', usedFor: 'EAS, whose guide asks for it.' },
    ],
    ifNot: 'With another role, ask the Account Holder or an Admin to generate the key, or use an individual key instead.',
    confirmLabel: 'I have the Admin or Account Holder role, and the team has API access',
  },
  open: {
    link: { page: 'api-team-keys', label: 'Open App Store Connect API keys' },
    location: 'Users and Access > Integrations > App Store Connect API > Team Keys',
    clicks: [
      'Sign in if asked. The page opens on App Store Connect API; select the Team Keys tab.',
      'Click the + button next to “Active”. With no key yet, the button is “Generate API Key”.',
      'Type a name. It is for your reference only: no provider or token uses it.',
      'Under Access, choose the level from the previous step, such as App Manager or Admin.',
      'Click Generate.',
    ],
  },
  download: {
    fileName: 'AuthKey_….p8',
    clicks: ['In the new key’s row, click “Download API Key”, then Download in the dialog.'],
    note: 'APNs and Sign in with Apple keys are also named AuthKey_….p8: use the file you download from this page.',
  },
  keyId: {
    hint: 'The 10-character ID in the Key ID column of the new key’s row, not the name you typed.',
    confirmLabel: 'App Store Connect shows this Key ID in the new key’s row',
  },
  issuerId: {
    hint: 'Shown above the keys table on the Team Keys tab. One Issuer ID per team.',
    whenMissing: 'It appears once at least one API key exists, so it shows as soon as this key is generated.',
  },
  bundleIdsHint: 'Optional, for finding the key later: a team key works for every app of the team.',
  lost: {
    link: { page: 'api-team-keys', label: 'Open App Store Connect API keys' },
    revokeClicks: ['On the Team Keys tab, click Edit at the top right, select the lost key, click Revoke Key, then confirm in the dialog.'],
  },
};
