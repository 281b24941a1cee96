import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import { createOwnerOnlyFile, tightenVaultFiles } from './owner-only';
import { foreignSchemaObject, latestVersion, MIGRATIONS, migrate, schemaVersion, VAULT_FORMAT_NAME, type Migration } from './schema';

const BUSY_TIMEOUT_MS = 250;

function sqliteCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** Turns SQLite's failures on open into the vault's own, user-facing errors. */
export function vaultFileError(error: unknown): AppError | null {
  const code = sqliteCode(error);
  if (code === 'SQLITE_NOTADB') return new AppError('NOT_A_VAULT', 'This file is not an ASC Key Vault file. Choose your vault file, or create a new vault.');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError('VAULT_BUSY', 'The vault is open in another copy of the app or in the command-line tool. Close it there, then try again.');
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new AppError('VAULT_DAMAGED', 'The vault file is damaged. It was not changed; restore it from a backup.');
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY')) {
    return new AppError('VAULT_BUSY', 'The vault file cannot be opened for writing. Check that its folder is writable and not full, then try again.');
  }
  return null;
}

function withVaultErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw vaultFileError(error) ?? error;
  }
}

/**
 * Exclusive locking: this connection holds the file until closed, so a second app or CLI gets
 * VAULT_BUSY instead of interleaving writes. A crashed process releases it with its file handles.
 * None of this writes to the file.
 */
function applyConnectionSettings(db: Database.Database): void {
  distrustSchema(db);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
}

/**
 * A vault file may come from someone else: SQL functions in its schema never run, damaged pages are
 * caught early, and (better-sqlite3's default, SQLITE_DBCONFIG_DEFENSIVE) nothing may write the
 * schema table directly.
 */
function distrustSchema(db: Database.Database): void {
  db.pragma('trusted_schema = OFF');
  db.pragma('cell_size_check = ON');
}

function takeExclusiveLock(db: Database.Database): void {
  db.exec('BEGIN EXCLUSIVE; COMMIT;');
}

function hasMetaTable(db: Database.Database): boolean {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get() !== undefined;
}

function readFormat(db: Database.Database): string | null {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'format'").get() as { value: string } | undefined;
  return row?.value ?? null;
}

const notAVault = () => new AppError('NOT_A_VAULT', 'This file is not an ASC Key Vault file. Choose your vault file, or create a new vault.');

export interface OpenedVaultFile {
  db: Database.Database;
  /** Files beside the vault whose permissions were tightened on the way in, one sentence each. */
  tightened: string[];
}

/**
 * Opens an existing vault for reading and takes its lock, checking it is ours, not from a newer
 * version, and holds exactly the schema this version creates (a trigger or view of someone else's
 * would run inside our own queries). Writes nothing but owner-only permissions: the caller checks the
 * passphrase and every record, then calls upgradeVaultFile, so a damaged vault or a wrong passphrase
 * leaves the file as it was.
 */
export function openVaultFile(path: string, migrations: readonly Migration[] = MIGRATIONS): OpenedVaultFile {
  if (!existsSync(path)) throw new AppError('NO_VAULT', 'There is no vault yet. Create one to start.');
  let db: Database.Database | null = null;
  try {
    return withVaultErrors(() => {
      db = openCheckedSchema(path, migrations);
      const tightened = tightenVaultFiles(path);
      takeExclusiveLock(db);
      return { db, tightened };
    });
  } catch (error) {
    (db as Database.Database | null)?.close();
    throw error;
  }
}

/**
 * Opens a file and checks, reading only sqlite_schema and the format row, that it is a vault of a known
 * version with exactly our schema. Read-only callers (the locked vault's quick-unlock peek) use it too.
 */
export function openCheckedSchema(path: string, migrations: readonly Migration[] = MIGRATIONS, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(path, { fileMustExist: true, readonly: options.readonly === true });
  try {
    if (options.readonly) distrustSchema(db);
    else applyConnectionSettings(db);
    if (!hasMetaTable(db)) throw notAVault();
    if (schemaVersion(db) > latestVersion(migrations)) {
      throw new AppError('VAULT_TOO_NEW', 'This vault was written by a newer version of ASC Key Vault. Update the app to open it.');
    }
    const foreign = foreignSchemaObject(db, migrations);
    if (foreign) {
      throw new AppError('VAULT_DAMAGED', `The vault file was changed outside the app: ${foreign}. Nothing was changed; restore the vault from a backup.`);
    }
    if (readFormat(db) !== VAULT_FORMAT_NAME) throw notAVault();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The first write after a vault checked out: WAL journaling (the vault's migrations run in its first transaction). */
export function enterWriteAheadLog(db: Database.Database): void {
  withVaultErrors(() => db.pragma('journal_mode = WAL'));
}

/** Creates a new, empty vault file with the latest schema. */
export function createVaultFile(path: string): Database.Database {
  if (existsSync(path)) throw new AppError('VAULT_EXISTS', 'A vault already exists here. Unlock it instead, or choose another location.');
  return withVaultErrors(() => {
    createOwnerOnlyFile(path);
    const db = new Database(path);
    applyConnectionSettings(db);
    db.pragma('journal_mode = WAL');
    takeExclusiveLock(db);
    migrate(db);
    return db;
  });
}
