import { randomUUID } from 'node:crypto';
import { chmod, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { BackupResult, BackupStatus } from '../../src-shared/vault/backup';
import { destinationError, fileExists, placeWithoutReplacing } from '../files/write-file-atomically';
import type { KeyService } from '../keys/key-service';
import { holdsKeychainCopyRows, type Vault } from './vault';
import { vaultCompanionFiles } from './owner-only';

export interface BackupServiceOptions {
  vault: Vault;
  keys: KeyService;
  /** Pages copied per step of SQLite's online backup; small steps let other work run in between. */
  pagesPerStep?: number;
}

const OWNER_ONLY = 0o600;

/**
 * Backs the vault up to a file the user chose: SQLite's online backup API into an owner-only temp file
 * beside it (Vault.backupTo takes the keychain copy of the vault key out), a check that it reads back, then the
 * final name. The time of the last backup is
 * kept encrypted in the vault (Vault.recordBackup) for the reminder and the settings screen.
 */
export class BackupService {
  private readonly vault: Vault;
  private readonly keys: KeyService;
  private readonly pagesPerStep: number | undefined;

  constructor(options: BackupServiceOptions) {
    this.vault = options.vault;
    this.keys = options.keys;
    this.pagesPerStep = options.pagesPerStep;
  }

  async backup(destination: string, options: { overwrite?: boolean } = {}): Promise<BackupResult> {
    this.keys.listKeys(); // A locked vault is reported before anything is created.
    const target = path.resolve(destination);
    const vaultFile = path.resolve(this.vault.path);
    if (target === vaultFile || target.startsWith(`${vaultFile}-`)) {
      throw new AppError('BAD_REQUEST', 'Choose a file other than the vault itself for the backup, ideally on another disk.');
    }
    const folder = path.dirname(target);
    const info = await stat(folder).catch((error: unknown) => {
      throw destinationError(folder, error);
    });
    if (!info.isDirectory()) throw destinationError(folder, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
    if (!options.overwrite && (await exists(target))) throw fileExists(target);

    const temp = path.join(folder, `.${path.basename(target)}.${randomUUID()}.partial`);
    try {
      // Created empty and owner-only first, so the copy is never readable by others, not even for a moment.
      await (await open(temp, 'wx', OWNER_ONLY).catch((error: unknown) => {
        throw destinationError(folder, error);
      })).close();
      await this.vault.backupTo(temp, this.pagesPerStep === undefined ? {} : { pagesPerStep: this.pagesPerStep });
      await chmod(temp, OWNER_ONLY).catch(() => undefined);
      checkCopyReadsBack(temp);
      if (options.overwrite) {
        await rename(temp, target).catch((error: unknown) => {
          throw destinationError(folder, error);
        });
      } else {
        await placeWithoutReplacing(temp, target);
      }
    } finally {
      await Promise.all(vaultCompanionFiles(temp).map((file) => rm(file, { force: true })));
    }
    const at = this.vault.recordBackup(path.basename(target));
    return { path: target, at, keyCount: this.keys.listKeys().length };
  }

  /** For the reminder after each added key, and the settings screen. */
  status(): BackupStatus {
    const keys = this.keys.listKeys();
    const lastBackupAt = this.vault.lastBackupAt();
    const since = keys.filter((key) => lastBackupAt === null || key.createdAt > lastBackupAt).length;
    return { lastBackupAt, keysSinceBackup: since, remind: since > 0 };
  }
}

/**
 * The copy must be a whole SQLite file with the vault's tables, out of WAL mode and without the
 * keychain copy, before it takes the chosen name.
 */
function checkCopyReadsBack(file: string): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").get();
    const journalMode = db.pragma('journal_mode', { simple: true });
    if (check !== 'ok' || !format || journalMode !== 'delete' || holdsKeychainCopyRows(db)) throw new Error('copy did not verify');
  } catch {
    throw new AppError('VAULT_DAMAGED', 'The backup copy did not read back intact, so it was not kept. Try again, or choose another disk.');
  } finally {
    db?.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
