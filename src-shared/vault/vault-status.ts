export type VaultState = 'none' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** Where the vault file lives (or will be created). */
  path: string;
  /** Present only while unlocked: nothing about the contents is known before. */
  itemCount?: number;
  /** Whether the vault key is also kept in the OS keychain (quick unlock); false when there is no vault. */
  quickUnlock: boolean;
}
