import { z } from 'zod';

/**
 * Stray copies: plaintext private keys found in folders the user chose. What the renderer sees of one:
 * its path, the armour kind, the Key ID its file name gives, and whether the vault holds the same key.
 */
export const STRAY_KEY_FORMS = ['pkcs8', 'sec1', 'encrypted', 'rsa', 'openssh', 'other'] as const;
export type StrayKeyForm = (typeof STRAY_KEY_FORMS)[number];

export interface StrayCopy {
  /** Names this finding within the last scan; the renderer sends it back to trash the file or to import its key. */
  id: string;
  path: string;
  /** The key's PEM form, named without its armour words (which the renderer never carries). */
  kind: StrayKeyForm;
  /** From an Apple file name (`AuthKey_<ID>.p8`), when it is one. */
  keyIdFromName?: string;
  /** The vault's key with the same public key: this file is a plaintext copy of it. */
  inVault?: { keyId: string; name: string };
  /** An encrypted key: its public key cannot be read without its passphrase, so it is never matched. */
  encrypted: boolean;
  /** The file holds only the key (or keys), so moving it to the trash loses nothing else; one holding other text is left to the user. */
  onlyKey: boolean;
}

export interface StrayScanResult {
  folders: string[];
  copies: StrayCopy[];
  filesRead: number;
  /** Folders skipped for what they are (dependencies, VCS objects), symbolic links not followed, files over the size limit, unreadable entries. */
  skipped: { dependencyFolders: number; symlinks: number; largeFiles: number; unreadable: number; deeperThanLimit: number };
}

export interface StrayTrashResult {
  trashed: string[];
  /** Files not moved, each with why (changed since the scan, gone, refused by the system). */
  kept: Array<{ path: string; reason: string }>;
}

/** The folders a scan covers: the usual places (resolved in main) and those the user chose in main's dialog. */
export interface StrayFolders {
  defaults: string[];
  chosen: string[];
}

export const StrayScanRequestSchema = z.object({ includeDefaults: z.boolean() }).strict();
/** One finding of the last scan, a key the vault lacks, to be opened for import: main answers a file id for it. */
export const StrayOpenForImportRequestSchema = z.object({ id: z.string().max(64) }).strict();
export const StrayTrashRequestSchema = z.object({ ids: z.array(z.string().max(64)).min(1).max(10_000) }).strict();
