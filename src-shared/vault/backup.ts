import { z } from 'zod';
import type { KeySummary } from '../keys/key-record';

/** Backups are whole copies of the vault file, still encrypted under the passphrase of the moment. */

export interface BackupStatus {
  /** ISO 8601; null when this vault has never been backed up. */
  lastBackupAt: string | null;
  /** Keys added after the last backup (all keys when there is none). */
  keysSinceBackup: number;
  /** True when some key is newer than every backup: the screen reminds the user after adding one. */
  remind: boolean;
}

export interface BackupResult {
  path: string;
  /** ISO 8601. */
  at: string;
  keyCount: number;
}

export interface BackupContents {
  path: string;
  keys: KeySummary[];
  /** When the backed-up vault had itself last been backed up, if ever. */
  lastBackupAt: string | null;
  /** Keys in the backup that the open vault lacks (by public key); absent while the vault is locked. */
  missingFromVault?: KeySummary[];
}

export interface RestoreReplaceResult {
  /** Where the replaced vault file was kept (`vault.sqlite.replaced-<time>`); null when there was none. */
  replacedFile: string | null;
  /** The keys of the restored vault, which is left unlocked with the backup's passphrase. */
  keys: KeySummary[];
}

export interface RestoreMergeResult {
  imported: KeySummary[];
  /** Keys of the backup the vault already held, as stored in the vault. */
  alreadyPresent: KeySummary[];
}

// Paths are never part of these requests: main asks with its own open and save dialogs.
const passphrase = z.string().max(1024);

export const OpenBackupRequestSchema = z.object({ passphrase }).strict();
export const RESTORE_MODES = ['replace', 'merge'] as const;
export const RestoreRequestSchema = z.object({ passphrase, mode: z.enum(RESTORE_MODES) }).strict();
export type RestoreMode = (typeof RESTORE_MODES)[number];
