import type { KeyKind } from '../keys/key-kind';

/**
 * Every place a key can be exported to. The id is what KeyService.recordExport stores on the key
 * (`KeyExportEntry.target`); the label is what the screen shows ("exported to Adapty on …").
 */
export const EXPORT_TARGET_IDS = [
  'revenuecat',
  'adapty',
  'qonversion',
  'superwall',
  'apphud',
  'adjust',
  'purchasely',
  'fastlane',
  'codemagic',
  'expo-eas',
  'github-actions',
  'dotenv',
  'altool',
  'asc-cli',
] as const;
export type ExportTargetId = (typeof EXPORT_TARGET_IDS)[number];

/** The encrypted bundle is recorded on keys like a target, but has its own flow (BundleService). */
export const BUNDLE_EXPORT_TARGET = 'bundle';
export const BUNDLE_EXPORT_LABEL = 'an encrypted bundle';

export type ExportTargetGroup = 'subscription-platform' | 'ci-and-tools';

export const EXPORT_TARGET_GROUP_LABELS: Record<ExportTargetGroup, string> = {
  'subscription-platform': 'Subscription platforms',
  'ci-and-tools': 'CI and tools',
};

/**
 * A target asks for one or two keys, each in a named slot: Qonversion wants an App Store Connect API
 * key and an In-App Purchase key, never one for the other.
 */
export const EXPORT_SLOT_IDS = ['inAppPurchaseKey', 'apiKey', 'key'] as const;
export type ExportSlotId = (typeof EXPORT_SLOT_IDS)[number];

export interface ExportSlotSpec {
  slot: ExportSlotId;
  /** How the target names this key, e.g. "In-App Purchase key". */
  label: string;
  /** The kinds this slot accepts; anything else is refused with WRONG_KEY_KIND. */
  kinds: readonly KeyKind[];
  required: boolean;
  /** What the target does with this key, one line. */
  purpose: string;
}

export interface ExportTargetSpec {
  id: ExportTargetId;
  label: string;
  group: ExportTargetGroup;
  /** One line for the target picker. */
  summary: string;
  slots: readonly ExportSlotSpec[];
}

const IN_APP_PURCHASE: readonly KeyKind[] = ['in-app-purchase'];
// Most targets below ask for the key's Issuer ID, which only team keys have.
const TEAM_API_KEY: readonly KeyKind[] = ['asc-team'];
// fastlane (2.221 and later), the asc CLI (`--key-type individual`), altool (`--api-key-subject user`) and notarytool
// (Xcode 26 and later, without `--issuer`) also sign with an individual key: no Issuer ID, `sub: user`.
const TEAM_OR_INDIVIDUAL_API_KEY: readonly KeyKind[] = ['asc-team', 'asc-individual'];

const inAppPurchaseSlot = (purpose: string): ExportSlotSpec => ({
  slot: 'inAppPurchaseKey',
  label: 'In-App Purchase key',
  kinds: IN_APP_PURCHASE,
  required: true,
  purpose,
});

const apiKeySlot = (purpose: string, required = true, kinds = TEAM_API_KEY): ExportSlotSpec => ({
  slot: 'apiKey',
  label: 'App Store Connect API key',
  kinds,
  required,
  purpose,
});

const target = (id: ExportTargetId, label: string, group: ExportTargetGroup, summary: string, slots: ExportSlotSpec[]): ExportTargetSpec => ({
  id,
  label,
  group,
  summary,
  slots,
});

const SUBSCRIPTIONS = 'Validates purchases with the App Store Server API.';

export const EXPORT_TARGETS: Record<ExportTargetId, ExportTargetSpec> = {
  revenuecat: target('revenuecat', 'RevenueCat', 'subscription-platform', 'In-App Purchase key, and optionally an API key for product import.', [
    inAppPurchaseSlot(SUBSCRIPTIONS),
    apiKeySlot('Imports products and prices from App Store Connect (optional).', false),
  ]),
  adapty: target('adapty', 'Adapty', 'subscription-platform', 'Bundle ID, In-App Purchase Issuer ID and Key ID, and the .p8.', [inAppPurchaseSlot(SUBSCRIPTIONS)]),
  qonversion: target('qonversion', 'Qonversion', 'subscription-platform', 'Both an App Store Connect API key and an In-App Purchase key.', [
    apiKeySlot('Syncs your products and finds your apps ("Verify & Fetch Apps").'),
    inAppPurchaseSlot('Server API access: validates transactions and detects refunds.'),
  ]),
  superwall: target('superwall', 'Superwall', 'subscription-platform', 'Both an In-App Purchase key and an App Store Connect API key.', [
    inAppPurchaseSlot('Tracks purchases and processes refunds.'),
    apiKeySlot('Reads your app and its products, and checks where Apple sends your server notifications.'),
  ]),
  apphud: target('apphud', 'Apphud', 'subscription-platform', 'Issuer ID and the SubscriptionKey_….p8, name unchanged.', [inAppPurchaseSlot(SUBSCRIPTIONS)]),
  adjust: target('adjust', 'Adjust', 'subscription-platform', 'Key ID, Issuer ID and the private key for subscriptions.', [inAppPurchaseSlot(SUBSCRIPTIONS)]),
  purchasely: target('purchasely', 'Purchasely', 'subscription-platform', 'Private Key Id, Issuer Id and the private key file.', [inAppPurchaseSlot(SUBSCRIPTIONS)]),
  fastlane: target('fastlane', 'fastlane', 'ci-and-tools', 'API key JSON file, or the APP_STORE_CONNECT_API_KEY_* variables.', [
    apiKeySlot('Uploads builds and manages App Store Connect with fastlane.', true, TEAM_OR_INDIVIDUAL_API_KEY),
  ]),
  codemagic: target('codemagic', 'Codemagic', 'ci-and-tools', 'APP_STORE_CONNECT_* environment variables.', [apiKeySlot('Signs and publishes builds on Codemagic.')]),
  'expo-eas': target('expo-eas', 'Expo EAS', 'ci-and-tools', 'eas.json submit profile fragment and EXPO_ASC_* variables.', [
    apiKeySlot('Submits builds with eas submit.'),
  ]),
  'github-actions': target('github-actions', 'GitHub Actions', 'ci-and-tools', 'A gh secret set script for three repository secrets.', [
    apiKeySlot('Lets workflows reach App Store Connect.'),
  ]),
  dotenv: target('dotenv', '.env file', 'ci-and-tools', 'Key ID, Issuer ID and the PEM as variables in a .env file.', [
    { slot: 'key', label: 'Key', kinds: ['in-app-purchase', 'asc-team', 'asc-individual'], required: true, purpose: 'Any key, for your own scripts and servers.' },
  ]),
  altool: target('altool', 'altool / notarytool', 'ci-and-tools', 'AuthKey_….p8 in a private_keys folder, with the xcrun command lines.', [
    apiKeySlot(
      'Uploads with altool and notarizes with notarytool. An individual key works too: altool with --api-key-subject user, notarytool from Xcode 26 without --issuer.',
      true,
      TEAM_OR_INDIVIDUAL_API_KEY,
    ),
  ]),
  'asc-cli': target('asc-cli', 'asc CLI', 'ci-and-tools', 'ASC_KEY_ID, ASC_ISSUER_ID (or ASC_KEY_TYPE=individual) and ASC_PRIVATE_KEY_PATH.', [
    apiKeySlot('Drives App Store Connect from the asc command line.', true, TEAM_OR_INDIVIDUAL_API_KEY),
  ]),
};

export function isExportTargetId(value: unknown): value is ExportTargetId {
  return typeof value === 'string' && (EXPORT_TARGET_IDS as readonly string[]).includes(value);
}

/** The label for a stored export entry; unknown ids (from a newer version) are shown as stored. */
export function exportTargetLabel(target: string): string {
  if (target === BUNDLE_EXPORT_TARGET) return BUNDLE_EXPORT_LABEL;
  return isExportTargetId(target) ? EXPORT_TARGETS[target].label : target;
}
