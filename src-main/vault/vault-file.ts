import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import { createOwnerOnlyFile, tightenVaultFiles } from './owner-only';
import { tampered } from './vault-errors';
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
    return new AppError('VAULT_BUSY', 'The vault is open in another copy of the app or in the command-line tool. Lock it in the app (Ctrl+L, or Cmd+L on a Mac) or quit the app, or wait for the command to finish, then try again.');
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new AppError('VAULT_DAMAGED', 'The vault file is damaged. It was not changed; restore it from a backup.');
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_FULL') {
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
 * Opens an existing vault read-only for unlock's checks: that it is ours, of a known version, holding
 * exactly the schema this version creates (a trigger or view of someone else's would run inside our
 * own queries), with a consistent meta table. Read-only so that nothing, not even SQLite folding a
 * -wal left beside the file into it when the connection closes, can change a file the checks refuse;
 * the -wal is read (it may hold the last acknowledged writes of a crashed run) and checked with the rest.
 */
export function openVaultForChecks(path: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  if (!existsSync(path)) throw new AppError('NO_VAULT', 'There is no vault yet. Create one to start.');
  // The vault only ever writes through WAL; a rollback journal beside it is someone else's, and opening
  // the file for writing would play it into the file.
  if (existsSync(`${path}-journal`)) {
    throw tampered(`a rollback journal the app never writes lies beside it (${basename(path)}-journal); move that file away, then try again`);
  }
  return withVaultErrors(() => {
    const db = new Database(path, { fileMustExist: true, readonly: true });
    try {
      distrustSchema(db);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      checkIsOurs(db, migrations);
      return db;
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

/**
 * After the checks passed: the read-only connection gives way to the one that writes, which takes the
 * file's exclusive lock and must find the same schema and the same meta rows (the manifest among them,
 * sealed anew by every write) that were checked, so that a file swapped in between is not written to.
 */
export function reopenForWriting(path: string, checked: Database.Database, migrations: readonly Migration[] = MIGRATIONS): OpenedVaultFile {
  const fingerprint = metaFingerprint(checked);
  checked.close();
  const opened = openForWriting(path, migrations);
  if (metaFingerprint(opened.db) !== fingerprint) {
    opened.db.close();
    throw tampered('it was replaced while it was being opened');
  }
  return opened;
}

/** The read-write connection, with the file's exclusive lock: for a vault just checked or just created here. */
export function openForWriting(path: string, migrations: readonly Migration[] = MIGRATIONS): OpenedVaultFile {
  let db: Database.Database | null = null;
  try {
    return withVaultErrors(() => {
      db = new Database(path, { fileMustExist: true });
      applyConnectionSettings(db);
      takeExclusiveLock(db);
      checkIsOurs(db, migrations);
      return { db, tightened: tightenVaultFiles(path) };
    });
  } catch (error) {
    (db as Database.Database | null)?.close();
    throw error;
  }
}

function checkIsOurs(db: Database.Database, migrations: readonly Migration[]): void {
  if (!hasMetaTable(db)) throw notAVault();
  if (schemaVersion(db) > latestVersion(migrations)) {
    throw new AppError('VAULT_TOO_NEW', 'This vault was written by a newer version of ASC Key Vault. Update the app to open it.');
  }
  const foreign = foreignSchemaObject(db, migrations);
  if (foreign) throw tampered(foreign);
  // Every meta value is read through its index; an index entry pointing at another row would let a
  // replayed value stand in for the one the manifest covers.
  if (db.pragma('integrity_check(meta)', { simple: true }) !== 'ok') throw tampered('its settings table does not match its index');
  if (readFormat(db) !== VAULT_FORMAT_NAME) throw notAVault();
}

function metaFingerprint(db: Database.Database): string {
  const rows = db.prepare('SELECT key, value FROM meta NOT INDEXED ORDER BY rowid').all() as Array<{ key: string; value: string }>;
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
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
