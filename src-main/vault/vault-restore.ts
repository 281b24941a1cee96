import { randomUUID } from 'node:crypto';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../src-shared/errors';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { BackupContents, RestoreMergeResult, RestoreReplaceResult } from '../../src-shared/vault/backup';
import { KeyService, type KeyBytesImport } from '../keys/key-service';
import type { KdfCost } from './kdf';
import { createOwnerOnlyFile, vaultCompanionFiles } from './owner-only';
import { Vault } from './vault';

export interface RestoreServiceOptions {
  /** The app's vault, which a restore replaces or merges into. */
  vault: Vault;
  keys: KeyService;
  /** The cost the app's vault uses, so opening a backup does not re-wrap its copy at a different one. */
  kdfCost?: KdfCost;
  now?: () => Date;
}

/** Far above a vault of 10,000 keys (about 20 MiB); a larger file is refused before it is copied or read. */
export const MAX_BACKUP_BYTES = 64 * 1024 * 1024;

interface StagedBackup {
  vault: Vault;
  keys: KeyService;
}

/**
 * Restores from a backup file. A backup is never opened in place: it is copied beside the vault
 * (owner-only, after a size check) and the copy is unlocked with every check of a vault's unlock
 * (schema, records, manifest, capped key-derivation cost), so looking into a backup cannot change it.
 */
export class RestoreService {
  private readonly vault: Vault;
  private readonly keys: KeyService;
  private readonly kdfCost: KdfCost | undefined;
  private readonly now: () => Date;

  constructor(options: RestoreServiceOptions) {
    this.vault = options.vault;
    this.keys = options.keys;
    this.kdfCost = options.kdfCost;
    this.now = options.now ?? (() => new Date());
  }

  /** Asks the backup's passphrase and shows what it holds, and which of its keys this vault lacks. */
  async openBackup(backupPath: string, passphrase: string): Promise<BackupContents> {
    return this.withStagedBackup(backupPath, passphrase, ({ vault, keys }) => {
      const backupKeys = keys.listKeys();
      const contents: BackupContents = { path: path.resolve(backupPath), keys: backupKeys, lastBackupAt: vault.lastBackupAt() };
      if (!this.vault.isUnlocked) return contents;
      const present = new Set(this.keys.listKeys().map((key) => key.fingerprint));
      return { ...contents, missingFromVault: backupKeys.filter((key) => !present.has(key.fingerprint)) };
    });
  }

  /**
   * Replaces the vault with the backup (after the screen's confirmation). The backup's file is never
   * adopted: its records, checked as at unlock, are copied into a new vault file this version creates,
   * under a new vault key and the backup's passphrase, so nothing else in the backup's file comes along.
   * The replaced file is kept aside as `<vault>.replaced-<time>`; the restored vault is left unlocked,
   * with quick unlock off.
   */
  async restoreReplace(backupPath: string, passphrase: string): Promise<RestoreReplaceResult> {
    const records = await this.withStagedBackup(backupPath, passphrase, ({ vault }) => vault.readRecords());
    const vaultFile = this.vault.path;
    const replacedVaultId = this.vault.openVaultId;
    let replacedFile: string | null = null;
    try {
      this.vault.lock();
      await this.vault.create(passphrase, {
        records,
        place: async (built) => {
          if (await exists(vaultFile)) {
            replacedFile = await this.asideName(vaultFile);
            await rename(vaultFile, replacedFile);
            if (await exists(`${vaultFile}-wal`)) await rename(`${vaultFile}-wal`, `${replacedFile}-wal`);
          }
          try {
            await rename(built, vaultFile);
          } catch (error) {
            if (replacedFile !== null) await rename(replacedFile, vaultFile).catch(() => undefined);
            throw error;
          }
        },
      });
    } finally {
      for (const item of records.items) item.plaintext.fill(0);
      records.ageIdentity?.fill(0);
    }
    if (replacedVaultId !== null) this.vault.markReplaced(replacedVaultId);
    const aside: string | null = replacedFile;
    const replaced = aside === null ? '' : `; the replaced vault was kept as ${path.basename(aside)}`;
    this.vault.transaction((writer) =>
      writer.appendEvent({ type: 'vault.restored', summary: `Replaced the vault with the backup ${path.basename(backupPath)}${replaced}` }),
    );
    return { replacedFile: aside, keys: this.keys.listKeys() };
  }

  /** Imports, in one transaction, the backup's keys this vault lacks (by public key); the rest are reported. */
  async restoreMerge(backupPath: string, passphrase: string): Promise<RestoreMergeResult> {
    this.keys.listKeys(); // A locked vault is reported before the backup is opened.
    const inputs = await this.withStagedBackup(backupPath, passphrase, ({ keys }) => keys.listKeys().map((key) => importOf(keys, key)));
    try {
      const name = path.basename(backupPath);
      const result = this.keys.importBatch(inputs, { skipDuplicates: true, origin: `from the backup ${name}` });
      const merged: RestoreMergeResult = { imported: result.imported.map((entry) => entry.key), alreadyPresent: result.duplicates.map((entry) => entry.existing) };
      this.vault.transaction((writer) =>
        writer.appendEvent({
          type: 'vault.restored',
          summary: `Merged ${merged.imported.length} key${merged.imported.length === 1 ? '' : 's'} from the backup ${name} (${merged.alreadyPresent.length} already present)`,
        }),
      );
      return merged;
    } finally {
      for (const input of inputs) input.bytes.fill(0);
    }
  }

  /** `vault.sqlite.replaced-<time>`, never the name of an earlier replaced file (rename would overwrite it). */
  private async asideName(vaultFile: string): Promise<string> {
    const base = `${vaultFile}.replaced-${this.now().toISOString().replace(/[:.]/g, '-')}`;
    let candidate = base;
    for (let copy = 2; await exists(candidate); copy += 1) candidate = `${base}-${copy}`;
    return candidate;
  }

  private async withStagedBackup<Result>(
    backupPath: string,
    passphrase: string,
    work: (staged: StagedBackup) => Result,
  ): Promise<Result> {
    const source = path.resolve(backupPath);
    const name = path.basename(source);
    if (source === path.resolve(this.vault.path)) {
      throw new AppError('BAD_REQUEST', 'That is the vault itself, not a backup of it. Choose the backup file.');
    }
    const info = await stat(source).catch(() => {
      throw new AppError('FILE_UNREADABLE', `${name} is not there; it may have been moved or deleted. Choose the backup file again.`);
    });
    if (!info.isFile()) throw new AppError('FILE_UNREADABLE', `${name} is a folder, not a backup file.`);
    if (info.size > MAX_BACKUP_BYTES) throw backupTooLarge(name, info.size);
    const file = path.join(path.dirname(path.resolve(this.vault.path)), `.restore-${randomUUID()}.sqlite`);
    try {
      createOwnerOnlyFile(file);
      await copyFile(source, file).catch(() => {
        throw new AppError('FILE_UNREADABLE', `${name} could not be read. Check the file’s permissions, or copy it somewhere else first.`);
      });
      const vault = new Vault({ path: file, now: this.now, ...(this.kdfCost === undefined ? {} : { kdfCost: this.kdfCost }) });
      await vault.unlock(passphrase).catch((error: unknown) => {
        throw asBackupError(error, name);
      });
      try {
        return work({ vault, keys: new KeyService({ vault, now: this.now }) });
      } finally {
        vault.lock();
      }
    } finally {
      await removeVaultFiles(file);
    }
  }
}

function importOf(keys: KeyService, key: KeySummary): KeyBytesImport {
  return {
    bytes: keys.readOriginalBytes(key.id),
    fileName: key.originalFileName,
    kind: key.kind,
    keyId: key.keyId,
    ...(key.issuerId === undefined ? {} : { issuerId: key.issuerId }),
    name: key.name,
    bundleIds: key.bundleIds,
    notes: key.notes,
    tags: key.tags,
    ...(key.environment === undefined ? {} : { environment: key.environment }),
    ...(key.revoked ? { revoked: true, ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt }) } : {}),
    usedIn: key.usedIn.map(({ label, addedAt }) => ({ label, addedAt })),
  };
}

/** The vault's own errors, reworded for a backup file. */
function asBackupError(error: unknown, name: string): unknown {
  if (!isAppError(error)) return error;
  switch (error.code) {
    case 'WRONG_PASSPHRASE':
      return new AppError('WRONG_PASSPHRASE', `That passphrase does not open ${name}. Use the passphrase the vault had when the backup was made.`);
    case 'NOT_A_VAULT':
      return new AppError('NOT_A_VAULT', `${name} is not an ASC Key Vault backup. Choose a backup file the app wrote.`);
    case 'VAULT_TOO_NEW':
      return new AppError('VAULT_TOO_NEW', `${name} was written by a newer version of ASC Key Vault. Update the app to restore it.`);
    case 'VAULT_DAMAGED':
      return new AppError('VAULT_DAMAGED', `${name} is damaged and cannot be restored. Nothing was changed; try another backup.`);
    default:
      return error;
  }
}

async function removeVaultFiles(file: string): Promise<void> {
  await Promise.all(vaultCompanionFiles(file).map((candidate) => rm(candidate, { force: true })));
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

export function backupTooLarge(name: string, size: number): AppError {
  return new AppError(
    'FILE_TOO_LARGE',
    `${name} is ${(size / (1024 * 1024)).toFixed(1)} MiB; a vault backup is far smaller (at most ${MAX_BACKUP_BYTES / (1024 * 1024)} MiB). Choose the backup file the app wrote. Nothing was changed.`,
  );
}
