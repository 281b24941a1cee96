/** The OS keychain as the vault sees it: Electron's safeStorage in the app, a fake in tests. */
export interface KeychainPort {
  /** Why the keychain cannot protect a secret here, or null when it can. */
  unavailableReason(): string | null;
  encrypt(plaintext: Buffer): Buffer;
  decrypt(ciphertext: Buffer): Buffer;
}

/** How many quick unlocks one passphrase unlock allows. */
export const QUICK_UNLOCKS_PER_PASSPHRASE = 5;

/** Sealed under the vault key, so only someone who can open the vault can reset the count. */
export interface QuickUnlockState {
  remaining: number;
  /** The user asked for the passphrase after every restart of the app. */
  passphraseAfterRestart: boolean;
  /** Set by a passphrase change: the next unlock must use the passphrase. */
  passphraseRequired: boolean;
}

/** Why a quick unlock must fall back to the passphrase, or null when it may go ahead. */
export function quickUnlockRefusal(state: QuickUnlockState, passphraseUsedThisRun: boolean): string | null {
  if (state.passphraseRequired) return 'The passphrase was changed: unlock with the new passphrase once.';
  if (state.remaining <= 0) return `After ${QUICK_UNLOCKS_PER_PASSPHRASE} quick unlocks the vault asks for its passphrase again.`;
  if (state.passphraseAfterRestart && !passphraseUsedThisRun) return 'You asked for the passphrase after each restart of the app.';
  return null;
}
