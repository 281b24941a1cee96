import { AppError } from '../errors';
import { normalizeBundleId } from '../keys/identifiers';

/** The bundle ID an App Store Server token or StoreKit signature gets, and whether it came from the key. */
export interface ChosenBundleId {
  bundleId: string;
  /** Set when none was given and the key's only bundle ID was used: a line to show the user. */
  note?: string;
}

/**
 * The bundle ID a key signs for when none is given: its only one. None when the key has several (the user picks)
 * or none (the user types it). The Sign screen pre-fills its Bundle ID field with it.
 */
export function keysOnlyBundleId(keyBundleIds: readonly string[]): string | undefined {
  return keyBundleIds.length === 1 ? keyBundleIds[0] : undefined;
}

/**
 * Which bundle ID (`bid`) a token gets: the one given, checked; otherwise the key's only one. Throws
 * BUNDLE_ID_REQUIRED when none is given and the key has several (listing them) or none. `howToGive` says how the
 * caller's user gives one: "with --bid" on the command line, "in the Bundle ID field" in the window.
 */
export function chooseBundleId(given: string | undefined, keyBundleIds: readonly string[], howToGive: string): ChosenBundleId {
  if (given !== undefined && given.trim() !== '') return { bundleId: normalizeBundleId(given) };
  const only = keysOnlyBundleId(keyBundleIds);
  if (only !== undefined) {
    return { bundleId: only, note: `Signed for ${only}, the key’s only bundle ID; give another ${howToGive}.` };
  }
  if (keyBundleIds.length === 0) {
    throw new AppError(
      'BUNDLE_ID_REQUIRED',
      `App Store Server API tokens and StoreKit signatures name one app by its bundle ID, and this key has none saved. ` +
        `Give it ${howToGive}, like com.example.app.`,
    );
  }
  throw new AppError(
    'BUNDLE_ID_REQUIRED',
    `This key is used for ${keyBundleIds.length} apps (${keyBundleIds.join(', ')}); say which one ${howToGive}.`,
    { bundleIds: keyBundleIds.join(', ') },
  );
}
