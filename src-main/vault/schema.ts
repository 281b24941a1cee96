import Database from 'better-sqlite3';

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
  // No table changes: from version 2 the vault key is wrapped under a new AAD and a sealed manifest
  // covers every row (manifest.ts). Vault.unlock re-keys a version-1 vault in the same transaction.
  { version: 2, sql: '' },
];

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const SCHEMA_QUERY = 'SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name';
const expectedByVersion = new Map<string, SchemaObject[]>();

/** Exactly the objects the migrations up to `version` create, read from a scratch database that ran them. */
function expectedSchema(version: number, migrations: readonly Migration[]): SchemaObject[] {
  const cacheKey = `${version}\n${migrations.map((migration) => migration.sql).join('\n')}`;
  const cached = expectedByVersion.get(cacheKey);
  if (cached) return cached;
  const scratch = new Database(':memory:');
  try {
    migrate(scratch, migrations.filter((migration) => migration.version <= version));
    const objects = scratch.prepare(SCHEMA_QUERY).all() as SchemaObject[];
    expectedByVersion.set(cacheKey, objects);
    return objects;
  } finally {
    scratch.close();
  }
}

/**
 * What in the file's schema is not what this version creates (a trigger, view, index or table of
 * someone else's, or a changed column), or null when it is exactly ours. Reading sqlite_schema runs
 * none of what it holds.
 */
export function foreignSchemaObject(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): string | null {
  const expected = expectedSchema(schemaVersion(db), migrations);
  const actual = db.prepare(SCHEMA_QUERY).all() as SchemaObject[];
  const describe = (object: SchemaObject) => `${object.type} "${object.name}"`;
  const same = (a: SchemaObject, b: SchemaObject) => a.type === b.type && a.name === b.name && a.tbl_name === b.tbl_name && a.sql === b.sql;
  // SQLite's own objects (autoindexes) come along with a foreign table; name what the attacker wrote first.
  const extras = actual.filter((object) => !expected.some((ours) => same(ours, object))).sort((a, b) => Number(a.name.startsWith('sqlite_')) - Number(b.name.startsWith('sqlite_')));
  const extra = extras[0];
  if (extra) {
    const article = extra.type === 'index' ? 'an' : 'a';
    return expected.some((ours) => ours.name === extra.name) ? `${describe(extra)} was altered` : `it holds ${article} ${extra.type} that the app never creates ("${extra.name}")`;
  }
  const missing = expected.find((ours) => !actual.some((object) => same(ours, object)));
  return missing ? `${describe(missing)} is missing` : null;
}

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
