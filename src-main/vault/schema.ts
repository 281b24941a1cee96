import type Database from 'better-sqlite3';

/** Marks a SQLite file as one of ours; anything else is NOT_A_VAULT. */
export const VAULT_FORMAT_NAME = 'asc-key-vault';

/**
 * Forward-only migrations; the schema version is SQLite's user_version. Each runs in one
 * transaction with the version bump, so a crash leaves either the old or the new schema.
 * Unlock checks every record before it migrates, so every version must keep readable the columns
 * it reads: items (id, created_at, updated_at, nonce, ciphertext), events (id, nonce, ciphertext)
 * and meta (key, value).
 */
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL
      ) STRICT;
    `,
  },
];

/** The schema version the given migrations lead to; a file above it is from a newer app. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations[migrations.length - 1]?.version ?? 0;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  for (const migration of migrations) {
    if (schemaVersion(db) >= migration.version) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
