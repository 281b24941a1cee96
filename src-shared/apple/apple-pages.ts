import type { KeyKind } from '../keys/key-kind';

/**
 * App Store Connect and Apple Developer pages the app opens in the system browser. Apple moves
 * pages now and then: this table is the one place to change them. Renderer asks by name; main opens.
 */
export const APPLE_PAGES = {
  /** Users and Access > Integrations > In-App Purchase. */
  'in-app-purchase-keys': 'https://appstoreconnect.apple.com/access/integrations/api/subs',
  /** Users and Access > Integrations > App Store Connect API (Team Keys tab). */
  'api-team-keys': 'https://appstoreconnect.apple.com/access/integrations/api',
  /**
   * Individual keys are generated from the user's own profile (their name at the top right > Edit Profile),
   * reachable from any page; Users and Access may be closed to their role, so this opens the home page.
   */
  'api-individual-keys': 'https://appstoreconnect.apple.com/',
  'docs-api-keys': 'https://developer.apple.com/documentation/appstoreconnectapi/creating-api-keys-for-app-store-connect-api',
  'docs-in-app-purchase-keys': 'https://developer.apple.com/help/app-store-connect/configure-in-app-purchase-settings/generate-keys-for-in-app-purchases',
  'docs-roles': 'https://developer.apple.com/help/app-store-connect/reference/role-permissions',
} as const;

export type ApplePage = keyof typeof APPLE_PAGES;
export const APPLE_PAGE_NAMES = Object.keys(APPLE_PAGES) as [ApplePage, ...ApplePage[]];

/** Where each kind of key is revoked in App Store Connect. */
export const REVOKE_PAGES: Record<KeyKind, ApplePage> = {
  'in-app-purchase': 'in-app-purchase-keys',
  'asc-team': 'api-team-keys',
  'asc-individual': 'api-individual-keys',
};
