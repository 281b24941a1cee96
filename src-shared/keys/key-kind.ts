/** The three kinds of App Store Connect private key; each signs a different family of tokens. */
export const KEY_KINDS = ['in-app-purchase', 'asc-team', 'asc-individual'] as const;

export type KeyKind = (typeof KEY_KINDS)[number];

export const KEY_KIND_LABELS: Record<KeyKind, string> = {
  'in-app-purchase': 'In-App Purchase key',
  'asc-team': 'App Store Connect API team key',
  'asc-individual': 'App Store Connect API individual key',
};

/** Where in App Store Connect a key of each kind is created and downloaded. */
export const KEY_KIND_SOURCES: Record<KeyKind, string> = {
  'in-app-purchase': 'Users and Access > Integrations > In-App Purchase',
  'asc-team': 'Users and Access > Integrations > App Store Connect API > Team Keys',
  // Each user generates their own from their profile; Admins see everyone's under Integrations > Individual Keys.
  'asc-individual': 'your App Store Connect profile (your name > Edit Profile > Individual API Key)',
};
