import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';

export const OWNER_ONLY_FILE = 0o600;
export const OWNER_ONLY_FOLDER = 0o700;
// Windows keeps no POSIX permission bits; the user's profile folder is what protects the vault there.
const POSIX = process.platform !== 'win32';

/** The vault file and the files SQLite keeps beside it. */
export const vaultCompanionFiles = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

/**
 * Makes the vault file and its companions owner-only when they are looser, whatever the umask left;
 * returns one sentence for each it tightened, for the activity log and the command line.
 */
export function tightenVaultFiles(file: string): string[] {
  if (!POSIX) return [];
  const notices: string[] = [];
  for (const candidate of vaultCompanionFiles(file)) {
    let info: { mode: number; size: number };
    try {
      info = statSync(candidate);
    } catch {
      continue;
    }
    const mode = info.mode & 0o777;
    if ((mode & ~OWNER_ONLY_FILE) === 0) continue;
    chmodSync(candidate, OWNER_ONLY_FILE);
    // SQLite gives a new -wal or -shm the vault file's mode on open: an empty -wal, or a -shm (an index
    // into the -wal, no records), held nothing worth a word.
    if (candidate !== file && (info.size === 0 || candidate.endsWith('-shm'))) continue;
    notices.push(`${path.basename(candidate)} could be read or changed by other users of this computer (mode ${mode.toString(8).padStart(4, '0')}); it is now owner-only (0600).`);
  }
  return notices;
}

/** Creates an empty owner-only file, so SQLite (which gives its -wal and -shm the same mode) starts from 0600. */
export function createOwnerOnlyFile(file: string): void {
  closeSync(openSync(file, 'wx', OWNER_ONLY_FILE));
  if (POSIX) chmodSync(file, OWNER_ONLY_FILE);
}

/** Makes a folder and any missing parents owner-only (0700); returns the first it made, as mkdirSync does. */
export function makeOwnerOnlyFolder(folder: string): string | undefined {
  const first = mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
  if (first !== undefined && POSIX) {
    for (let current = path.resolve(folder); ; current = path.dirname(current)) {
      chmodSync(current, OWNER_ONLY_FOLDER);
      if (current === path.resolve(first) || current === path.dirname(current)) break;
    }
  }
  return first;
}

/**
 * The app's own data folder (Electron's userData, where the vault and the remembered generations live):
 * made if missing, and made owner-only when looser, as the folders the CLI creates are.
 */
export function ownerOnlyDataFolder(folder: string): void {
  makeOwnerOnlyFolder(folder);
  if (POSIX && (statSync(folder).mode & 0o077) !== 0) chmodSync(folder, OWNER_ONLY_FOLDER);
}
