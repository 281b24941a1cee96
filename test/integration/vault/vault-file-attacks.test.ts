import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../src-shared/errors';
import { seenGenerationsInMemory, type SeenGenerations } from '../../../src-main/vault/seen-generations';
import type { Vault } from '../../../src-main/vault/vault';
import { FIXTURE_V1 } from '../../fixtures/vault-v1';
import { fakeKeychain } from '../../helpers/fake-keychain';
import { TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

/**
 * The attacker can write the vault file (a synced folder, a shared disk, malware running as the user)
 * but does not know the passphrase. Each row is one attack, in the manner of age's testkit: what is
 * done to the file, with which SQLite client, and what unlock must answer. Whatever the attack, the
 * vault stays locked and the file is left byte for byte as the attacker left it.
 */

const NEW_PASSPHRASE = 'a brand new passphrase';

/** A vault's story: its file after each step (the last one is 'current'), and what this machine remembers of it. */
interface History {
  passphrase: string;
  files: Record<string, Buffer>;
  /** The write generation of each step's file, as the vault remembered it. */
  generations: Record<string, number>;
  /** Every (vault id, generation) the vault remembered, in order. */
  remembered: Array<[string, number]>;
  keychain?: ReturnType<typeof fakeKeychain>;
}

/** A clock a minute later at every reading, so that rows written in one transaction still sort by created_at. */
function tickingClock(): () => Date {
  let minutes = 0;
  return () => new Date(Date.UTC(2026, 0, 1) + 60_000 * minutes++);
}

/** Plays `story` once, on first use, keeping the locked file after each `keep(step)` and at the end ('current'). */
function history(story: (vault: Vault, keep: (step: string) => void, told: History) => Promise<void>, start?: Buffer): () => Promise<History> {
  let played: Promise<History> | null = null;
  return () =>
    (played ??= (async () => {
      const file = path.join(tempFolder(), 'vault.sqlite');
      const told: History = { passphrase: TEST_PASSPHRASE, files: {}, generations: {}, remembered: [] };
      const seen = seenGenerationsInMemory();
      const recording: SeenGenerations = {
        lastSeen: seen.lastSeen,
        remember: (id, generation) => {
          told.remembered.push([id, generation]);
          seen.remember(id, generation);
        },
        flush: seen.flush,
      };
      const vault = vaultAt(file, { now: tickingClock(), seenGenerations: recording });
      const keep = (step: string) => {
        vault.lock();
        told.files[step] = readFileSync(file);
        const last = told.remembered.at(-1);
        if (last) told.generations[step] = last[1];
      };
      if (start) writeFileSync(file, start);
      else await vault.create(TEST_PASSPHRASE);
      await story(vault, keep, told);
      keep('current');
      return told;
    })());
}

/** The victim's app: it remembers the newest generation it saw of each vault (the file in its data folder). */
function seenBy(told: History): SeenGenerations {
  const seen = seenGenerationsInMemory();
  for (const [id, generation] of told.remembered) seen.remember(id, generation);
  return seen;
}

const HISTORIES = {
  /** Two keys; the first renamed, then the second marked revoked, then two backups recorded. */
  main: history(async (vault, keep) => {
    const [one, two] = vault.transaction((writer) => {
      const added = [writer.putItem({ data: { name: 'one' }, secret: { pem: 'one' } }).id, writer.putItem({ data: { name: 'two' }, secret: { pem: 'two' } }).id];
      writer.appendEvent({ type: 'key.added', summary: 'Added two keys' });
      return added;
    });
    keep('added');
    await vault.unlock(TEST_PASSPHRASE);
    vault.transaction((writer) => writer.updateItemData(one!, { name: 'one (renamed)' }));
    keep('renamed');
    await vault.unlock(TEST_PASSPHRASE);
    vault.transaction((writer) => {
      writer.updateItemData(two!, { name: 'two', revoked: true, revokedAt: '2026-01-01T00:00:00.000Z' });
      writer.appendEvent({ type: 'key.revoked', summary: 'Marked two as revoked', itemId: two! });
    });
    keep('revoked');
    await vault.unlock(TEST_PASSPHRASE);
    vault.recordBackup('first.ascbackup');
    keep('backedUp');
    await vault.unlock(TEST_PASSPHRASE);
    vault.recordBackup('second.ascbackup');
  }),
  /** Someone else's vault, made with the same passphrase, with its own age identity. */
  foreign: history(async (vault) => {
    vault.transaction((writer) => writer.putItem({ data: { name: 'stranger' }, secret: { pem: 'stranger' } }));
    vault.ageIdentitySecret().fill(0);
  }),
  /** A key, the passphrase changed (the vault re-keyed), another key. */
  passphrase: history(async (vault, keep, told) => {
    vault.transaction((writer) => writer.putItem({ data: { name: 'before' }, secret: { pem: 'before' } }));
    keep('beforeChange');
    await vault.unlock(TEST_PASSPHRASE);
    await vault.changePassphrase(TEST_PASSPHRASE, NEW_PASSPHRASE);
    vault.transaction((writer) => writer.putItem({ data: { name: 'after' }, secret: { pem: 'after' } }));
    told.passphrase = NEW_PASSPHRASE;
  }),
  /** Quick unlock turned on (five unlocks allowed), then used twice. */
  quick: history(async (vault, keep, told) => {
    told.keychain = fakeKeychain();
    vault.enableQuickUnlock(told.keychain, false);
    keep('enabled');
    await vault.unlockWithKeychain(told.keychain);
    keep('once');
    await vault.unlockWithKeychain(told.keychain);
  }),
  /** The version-1 fixture, upgraded (and re-keyed) by one unlock on this machine. */
  fixture: history(async (vault, keep, told) => {
    told.passphrase = FIXTURE_V1.passphrase;
    keep('v1');
    await vault.unlock(FIXTURE_V1.passphrase);
  }, readFileSync(new URL('../../fixtures/vault-v1.sqlite', import.meta.url))),
};

type VaultName = keyof typeof HISTORIES;
/** One step's file of one vault's history, e.g. 'main.added'. */
type Source = `${VaultName}.${string}`;

async function fileOf(source: Source): Promise<Buffer> {
  const [name, step] = source.split('.') as [VaultName, string];
  const file = (await HISTORIES[name]()).files[step];
  if (!file) throw new Error(`no step ${source}`);
  return file;
}

/** The attacker's first SQLite client: Python's built-in sqlite3 module, with no defensive settings. */
const PYTHON_ATTACKER = `
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.create_function('sha256', 1, lambda text: hashlib.sha256(text.encode()).hexdigest(), deterministic=True)
for other in sys.argv[3:]:
    db.execute('ATTACH DATABASE ? AS other', (other,))
db.executescript(sys.argv[2])
db.close()
`;

/** How the file is attacked: SQL run by a client on it (with an older or foreign file attached as `other`), or a file copied over it. */
interface Tamper {
  client: 'python3' | 'better-sqlite3' | 'copy' | 'none';
  other?: Source;
  apply(file: string, other: string | null): void;
}

const python = (sql: string, other?: Source): Tamper => ({
  client: 'python3',
  other,
  apply: (file, attached) => void execFileSync('python3', ['-c', PYTHON_ATTACKER, file, sql, ...(attached ? [attached] : [])], { stdio: 'pipe' }),
});

const sqlite = (sql: string, other?: Source): Tamper => ({
  client: 'better-sqlite3',
  other,
  apply: (file, attached) => {
    const db = new Database(file);
    try {
      db.function('sha256', { deterministic: true }, (text) => createHash('sha256').update(String(text)).digest('hex'));
      if (attached) db.prepare('ATTACH DATABASE ? AS other').run(attached);
      db.exec(sql);
    } finally {
      db.close();
    }
  },
});

/**
 * An older value hidden in a second meta row under the key `manifest` (which the manifest's digest of
 * the meta rows leaves out), with the meta index pointed at it for `key`, while the row the digest
 * covers stays as it was: reads through the index would see the older value.
 */
const REDIRECT_META_INDEX = `
import sqlite3, sys
path, key, other = sys.argv[1], sys.argv[2], sys.argv[3]
value = sqlite3.connect(other).execute('SELECT value FROM meta WHERE key = ?', (key,)).fetchone()[0]
def run(*statements):
    db = sqlite3.connect(path, isolation_level=None)
    results = [db.execute(*statement).fetchall() for statement in statements]
    db.close()
    return results
schema = run(("SELECT sql FROM sqlite_schema WHERE name = 'meta'",))[0][0][0]
run(('PRAGMA writable_schema = ON',), ("UPDATE sqlite_schema SET sql = 'CREATE TABLE meta (key TEXT, value TEXT NOT NULL) STRICT' WHERE name = 'meta'",),
    ("DELETE FROM sqlite_schema WHERE name = 'sqlite_autoindex_meta_1'",), ('PRAGMA writable_schema = OFF',))
hidden = run(("UPDATE meta SET key = 'zz_real' WHERE key = ?", (key,)), ('INSERT INTO meta VALUES (?, ?)', (key, value)), ('SELECT last_insert_rowid()',))[2][0][0]
root = run(('CREATE UNIQUE INDEX redirect ON meta (key)',), ("SELECT rootpage FROM sqlite_schema WHERE name = 'redirect'",))[1][0][0]
run(('PRAGMA writable_schema = ON',), ("DELETE FROM sqlite_schema WHERE name = 'redirect'",), ('PRAGMA writable_schema = OFF',))
run(("UPDATE meta SET key = ? WHERE key = 'zz_real'", (key,)), ("UPDATE meta SET key = 'manifest' WHERE rowid = ?", (hidden,)))
run(('PRAGMA writable_schema = ON',), ("UPDATE sqlite_schema SET sql = ? WHERE name = 'meta'", (schema,)),
    ("INSERT INTO sqlite_schema VALUES ('index', 'sqlite_autoindex_meta_1', 'meta', ?, NULL)", (root,)), ('PRAGMA writable_schema = OFF',))
`;

const hideBehindIndex = (key: string, other: Source): Tamper => ({
  client: 'python3',
  other,
  apply: (file, attached) => void execFileSync('python3', ['-c', REDIRECT_META_INDEX, file, key, attached!], { stdio: 'pipe' }),
});

/** The whole file replaced by an older copy of it. */
const putBack = (other: Source): Tamper => ({ client: 'copy', other, apply: (file, attached) => writeFileSync(file, readFileSync(attached!)) });
const untouched: Tamper = { client: 'none', apply: () => {} };

const FIRST_KEY = '(SELECT id FROM items ORDER BY created_at LIMIT 1)';
const SECOND_KEY = '(SELECT id FROM items ORDER BY created_at LIMIT 1 OFFSET 1)';
const graft = (...keys: string[]) => `INSERT OR REPLACE INTO meta SELECT * FROM other.meta WHERE key IN (${keys.map((key) => `'${key}'`).join(', ')})`;
/** Rewrites meta_checksum as an attacker who knows the format would (see vault-tamper.test.ts). */
const FORGE_CHECKSUM = "UPDATE meta SET value = sha256((SELECT value FROM meta WHERE key = 'kdf') || char(10) || (SELECT value FROM meta WHERE key = 'wrapped_vault_key')) WHERE key = 'meta_checksum'";
const setKdf = (field: string, value: number) => `UPDATE meta SET value = json_set(value, '$.${field}', ${value}) WHERE key = 'kdf'; ${FORGE_CHECKSUM}`;
const MIB = 1024;

type Unlock = (vault: Vault, told: History) => Promise<unknown>;
const withPassphrase = (passphrase: string): Unlock => (vault) => vault.unlock(passphrase);
const withKeychain: Unlock = (vault, told) => vault.unlockWithKeychain(told.keychain!);

interface Attack {
  name: string;
  /** The vault whose newest file is attacked; 'main' unless said. */
  vault?: VaultName;
  attack: Tamper;
  /** An error code, or OPENS for the control row. */
  expected: string;
  /** What the error message (for OPENS: the names of the keys listed) must say. */
  message: RegExp;
  details?: (told: History) => Record<string, number>;
  unlock?: Unlock;
  /** A bound on the unlock's wall time, for an attack that would otherwise run for minutes. */
  maxMs?: number;
}

const RECORD_UNREADABLE = /record [0-9a-f-]{36} cannot be read/;
const SETTINGS_CHANGED = /a settings record \(backup time, quick unlock or key wrapping\) was changed or replaced with an older copy/;
const OLDER_COPY = /older copy than the one last opened on this computer/;

const ATTACKS: Attack[] = [
  { name: 'control: an untouched copy', attack: untouched, expected: 'OPENS', message: /^one \(renamed\), two$/ },

  // Rows taken out, or brought in.
  { name: "one key's row deleted", attack: python(`DELETE FROM items WHERE id = ${FIRST_KEY}`), expected: 'VAULT_DAMAGED', message: /\b1 key record was removed from it/ },
  { name: 'every activity row deleted', attack: python('DELETE FROM events'), expected: 'VAULT_DAMAGED', message: /\d+ activity entries were removed from it/ },
  { name: 'the last activity row deleted', attack: sqlite('DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)'), expected: 'VAULT_DAMAGED', message: /\b1 activity entry was removed from it/ },
  // The other vault's key does not open the row, so it is named as unreadable before it is counted.
  { name: 'a key row copied in from another vault with the same passphrase', attack: python('INSERT INTO items SELECT * FROM other.items', 'foreign.current'), expected: 'VAULT_DAMAGED', message: RECORD_UNREADABLE },

  // Older copies of single rows put back.
  { name: "a key's row from before its edit put back", attack: python(`INSERT OR REPLACE INTO items SELECT * FROM other.items WHERE id = ${FIRST_KEY}`, 'main.added'), expected: 'VAULT_DAMAGED', message: /a key record was replaced with an older or foreign copy/ },
  { name: "a key's row from before it was marked revoked put back", attack: sqlite(`INSERT OR REPLACE INTO items SELECT * FROM other.items WHERE id = ${SECOND_KEY}`, 'main.renamed'), expected: 'VAULT_DAMAGED', message: /a key record was replaced with an older or foreign copy/ },
  { name: "a key's created_at backdated", attack: sqlite(`UPDATE items SET created_at = '2020-01-01T00:00:00.000Z' WHERE id = ${FIRST_KEY}`), expected: 'VAULT_DAMAGED', message: /a key record was replaced with an older or foreign copy/ },
  { name: 'the first activity entry moved to the end of the log', attack: python('UPDATE events SET seq = (SELECT MAX(seq) FROM events) + 1 WHERE seq = (SELECT MIN(seq) FROM events)'), expected: 'VAULT_DAMAGED', message: /its activity log was renumbered/ },
  {
    name: 'two activity entries swapped, the numbering kept',
    attack: python('UPDATE events SET seq = -seq WHERE seq IN (1, 2); UPDATE events SET seq = 3 + seq WHERE seq IN (-1, -2)'),
    expected: 'VAULT_DAMAGED',
    message: /its activity log was reordered or rewritten/,
  },
  { name: 'two activity entries’ times swapped', attack: sqlite("UPDATE events SET created_at = CASE seq WHEN 1 THEN (SELECT created_at FROM events WHERE seq = 2) ELSE (SELECT created_at FROM events WHERE seq = 1) END WHERE seq IN (1, 2)"), expected: 'VAULT_DAMAGED', message: /its activity log was reordered or rewritten/ },
  // Each would stop every later write at the 64-bit limit ("database or disk is full"), while the rows still matched.
  { name: 'the last activity entry renumbered to the largest number SQLite holds', attack: python('UPDATE events SET seq = 9223372036854775807 WHERE seq = (SELECT MAX(seq) FROM events)'), expected: 'VAULT_DAMAGED', message: /its activity log was renumbered/ },
  { name: 'the activity counter (sqlite_sequence) set to the largest number', attack: python("UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 'events'"), expected: 'VAULT_DAMAGED', message: /the counter that numbers its activity log was changed/ },
  // Whoever planted it could read every bundle teammates encrypt to this vault.
  { name: 'the age identity of another vault planted in it', attack: python(graft('age_identity'), 'foreign.current'), expected: 'VAULT_DAMAGED', message: /the record of its age identity cannot be read/ },
  { name: 'the last-backup record from before a later backup put back', attack: sqlite(graft('last_backup'), 'main.backedUp'), expected: 'VAULT_DAMAGED', message: SETTINGS_CHANGED },

  // The whole file rolled back: only what this machine remembers can tell (see the tests below the table).
  {
    name: 'the whole file put back from before later writes',
    attack: putBack('main.renamed'),
    expected: 'VAULT_ROLLED_BACK',
    message: OLDER_COPY,
    details: (told) => ({ generation: told.generations.renamed!, lastSeenGeneration: told.generations.current! }),
  },

  // Someone else's schema objects: refused from sqlite_schema alone, before any query reads a row.
  { name: 'a BEFORE DELETE trigger on items that ignores the delete', attack: python('CREATE TRIGGER keep_deleted_keys BEFORE DELETE ON items BEGIN SELECT RAISE(IGNORE); END'), expected: 'VAULT_DAMAGED', message: /it holds a trigger that the app never creates \("keep_deleted_keys"\)/ },
  {
    name: 'a trigger copying deleted keys into a shadow table',
    attack: sqlite(
      'CREATE TABLE deleted_keys AS SELECT * FROM items WHERE 0; ' +
        'CREATE TRIGGER copy_deleted_keys AFTER DELETE ON items BEGIN INSERT INTO deleted_keys VALUES (old.id, old.created_at, old.updated_at, old.nonce, old.ciphertext); END',
    ),
    expected: 'VAULT_DAMAGED',
    message: /it holds a table that the app never creates \("deleted_keys"\)/,
  },
  {
    name: 'a trigger on meta UPDATE keeping the old wrapped key through a passphrase change',
    attack: python("CREATE TRIGGER keep_old_key BEFORE UPDATE ON meta WHEN old.key IN ('kdf', 'wrapped_vault_key', 'meta_checksum') BEGIN SELECT RAISE(IGNORE); END"),
    expected: 'VAULT_DAMAGED',
    message: /it holds a trigger that the app never creates \("keep_old_key"\)/,
  },
  { name: 'a trigger dropping new activity entries', attack: sqlite('CREATE TRIGGER drop_activity BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END'), expected: 'VAULT_DAMAGED', message: /it holds a trigger that the app never creates \("drop_activity"\)/ },
  {
    name: 'items renamed and a view named items hiding one key',
    attack: python(`ALTER TABLE items RENAME TO items_real; CREATE VIEW items AS SELECT * FROM items_real WHERE id <> (SELECT id FROM items_real ORDER BY created_at LIMIT 1)`),
    expected: 'VAULT_DAMAGED',
    // Named by what the attacker wrote, not by the autoindex SQLite renamed along with it.
    message: /it holds a table that the app never creates \("items_real"\)/,
  },
  {
    name: 'events replaced by a view counting to a billion',
    attack: python(
      'DROP TABLE events; CREATE VIEW events AS WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < 1000000000) ' +
        "SELECT seq, 'e' || seq AS id, '' AS created_at, x'' AS nonce, x'' AS ciphertext FROM n",
    ),
    expected: 'VAULT_DAMAGED',
    message: /view "events" was altered/,
    // A query on the view takes minutes; under a second proves unlock refused it from sqlite_schema alone.
    maxMs: 1000,
  },
  { name: 'an extra table', attack: sqlite('CREATE TABLE notes (body TEXT)'), expected: 'VAULT_DAMAGED', message: /it holds a table that the app never creates \("notes"\)/ },
  { name: 'an extra index', attack: python('CREATE INDEX items_by_update ON items (updated_at)'), expected: 'VAULT_DAMAGED', message: /it holds an index that the app never creates \("items_by_update"\)/ },
  { name: 'a column added to items', attack: sqlite('ALTER TABLE items ADD COLUMN note TEXT'), expected: 'VAULT_DAMAGED', message: /table "items" was altered/ },
  { name: 'user_version set back to 1', attack: python('PRAGMA user_version = 1'), expected: 'VAULT_DAMAGED', message: /its format version was set back to 1/ },
  { name: 'user_version set back to 1 and the manifest deleted, posing as a version-1 file', attack: sqlite("PRAGMA user_version = 1; DELETE FROM meta WHERE key = 'manifest'"), expected: 'VAULT_DAMAGED', message: /its format version was set back to 1/ },
  { name: 'user_version set to 99', attack: python('PRAGMA user_version = 99'), expected: 'VAULT_TOO_NEW', message: /written by a newer version of ASC Key Vault/ },

  // The manifest itself.
  { name: 'the manifest row deleted', attack: python("DELETE FROM meta WHERE key = 'manifest'"), expected: 'VAULT_DAMAGED', message: /its manifest, the record of what it holds, was removed/ },
  // The older manifest opens (same vault key) but vouches for fewer activity entries than the file holds.
  { name: 'the manifest row from an older copy of the same file', attack: python(graft('manifest'), 'main.backedUp'), expected: 'VAULT_DAMAGED', message: /\d+ activity entries were added to it from outside the app/ },
  { name: 'the manifest row from another vault', attack: sqlite(graft('manifest'), 'foreign.current'), expected: 'VAULT_DAMAGED', message: /its manifest, the record of what it holds, does not open/ },

  // Downgrade to the format before the manifest.
  {
    name: 'the original version-1 file put back after it was upgraded',
    vault: 'fixture',
    attack: putBack('fixture.v1'),
    expected: 'VAULT_ROLLED_BACK',
    message: OLDER_COPY,
    // A version-1 file has no manifest; it counts as generation 0 of the id derived from its vault key.
    details: (told) => ({ generation: 0, lastSeenGeneration: told.generations.current! }),
  },
  // The upgrade re-keyed every record: the version-1 key the old rows unwrap opens none of them.
  { name: 'the upgraded file given back its version-1 key wrapping', vault: 'fixture', attack: python(graft('kdf', 'wrapped_vault_key', 'meta_checksum'), 'fixture.v1'), expected: 'VAULT_DAMAGED', message: RECORD_UNREADABLE },

  // A passphrase change re-keys. The old passphrase still opens the old key-wrapping rows grafted back
  // (they are intact, so this is no wrong passphrase and is not counted as one), but the old vault key
  // they give opens no record of the new file: VAULT_DAMAGED naming the first record, nothing decrypted.
  {
    name: 'the key wrapping from before a passphrase change grafted back, unlocked with the old passphrase',
    vault: 'passphrase',
    attack: python(graft('kdf', 'wrapped_vault_key', 'meta_checksum'), 'passphrase.beforeChange'),
    unlock: withPassphrase(TEST_PASSPHRASE),
    expected: 'VAULT_DAMAGED',
    message: RECORD_UNREADABLE,
  },

  // Quick unlock: an older counter put back to get more unlocks without the passphrase.
  { name: 'the quick-unlock counter from before two quick unlocks put back (passphrase unlock)', vault: 'quick', attack: python(graft('quick_unlock_state'), 'quick.enabled'), expected: 'VAULT_DAMAGED', message: SETTINGS_CHANGED },
  { name: 'the quick-unlock counter from before two quick unlocks put back (keychain unlock)', vault: 'quick', attack: sqlite(graft('quick_unlock_state'), 'quick.enabled'), unlock: withKeychain, expected: 'VAULT_DAMAGED', message: SETTINGS_CHANGED },
  // The row the manifest covers is left alone; the index leads reads to an older one hidden under 'manifest'.
  { name: 'the older quick-unlock counter hidden behind the meta index (keychain unlock)', vault: 'quick', attack: hideBehindIndex('quick_unlock_state', 'quick.enabled'), unlock: withKeychain, expected: 'VAULT_DAMAGED', message: /its settings table does not match its index/ },
  { name: 'an older last-backup time hidden behind the meta index', attack: hideBehindIndex('last_backup', 'main.backedUp'), expected: 'VAULT_DAMAGED', message: /its settings table does not match its index/ },

  // Key-derivation settings that would make unlock hang or exhaust memory, with a forged checksum.
  { name: 'KDF memory set to 512 MiB', attack: sqlite(setKdf('memoryKiB', 512 * MIB)), expected: 'VAULT_DAMAGED', message: /key-derivation settings are damaged/ },
  { name: 'KDF iterations set to 50', attack: python(setKdf('iterations', 50)), expected: 'VAULT_DAMAGED', message: /key-derivation settings are damaged/ },
  // Argon2 needs 8 KiB a lane: this is no setting any implementation takes, and must not reach one as an internal error.
  { name: 'KDF memory set below 8 KiB a lane', attack: python(`${setKdf('memoryKiB', 8)}; ${setKdf('parallelism', 4)}`), expected: 'VAULT_DAMAGED', message: /key-derivation settings are damaged/ },
  { name: 'KDF set to 256 MiB × 10 iterations', attack: sqlite(`${setKdf('memoryKiB', 256 * MIB)}; ${setKdf('iterations', 10)}`), expected: 'VAULT_DAMAGED', message: /far more work than this app ever sets, so the passphrase was not tried/ },
];

function copyOf(bytes: Buffer): string {
  const file = path.join(tempFolder(), 'vault.sqlite');
  writeFileSync(file, bytes);
  return file;
}

const keyNames = (vault: Vault) => vault.listItems<{ name: string }>().map((item) => item.data.name).sort().join(', ');

describe('attacks on the vault file by someone without the passphrase', () => {
  it.each(ATTACKS)('$name ($attack.client) → $expected', async ({ vault: name = 'main', attack, expected, message, details, unlock = (vault, told) => vault.unlock(told.passphrase), maxMs }) => {
    const told = await HISTORIES[name]();
    const file = copyOf(told.files.current!);
    attack.apply(file, attack.other ? copyOf(await fileOf(attack.other)) : null);
    const attacked = readFileSync(file);
    expect(attacked.equals(told.files.current!), 'the attack changed the file').toBe(attack === untouched);

    const vault = vaultAt(file, { seenGenerations: seenBy(told) });
    const started = performance.now();
    const outcome = await unlock(vault, told).then(
      () => ({ code: 'OPENS', message: keyNames(vault), details: undefined }),
      (error: AppError) => error,
    );
    const elapsed = performance.now() - started;

    expect({ code: outcome.code, message: outcome.message }).toEqual({ code: expected, message: expect.stringMatching(message) });
    if (details) expect(outcome.details).toEqual(details(told));
    if (maxMs !== undefined) expect(elapsed).toBeLessThan(maxMs);
    if (expected === 'OPENS') {
      expect(vault.status().state).toBe('unlocked');
      vault.lock();
      return;
    }
    expect(vault.status().state).toBe('locked');
    expect(readFileSync(file).equals(attacked), 'an attacked vault is never rewritten').toBe(true);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0, 'nor is anything written beside it').toBe(0);
  });

  it('attacks at least a third of the files with another SQLite client than the app’s', () => {
    expect(ATTACKS.filter(({ attack }) => attack.client === 'python3').length * 3).toBeGreaterThanOrEqual(ATTACKS.length);
  });
});

describe('an older copy of the whole file', () => {
  it('opens when the user says so, and is the newest one from then on', async () => {
    const told = await HISTORIES.main();
    const file = copyOf(told.files.renamed!);
    const seen = seenBy(told);

    const first = vaultAt(file, { seenGenerations: seen });
    await first.unlock(TEST_PASSPHRASE, { allowOlder: true });
    first.lock();
    // The next unlock, as after a restart of the app, does not warn again.
    const again = vaultAt(file, { seenGenerations: seen });
    await expect(again.unlock(TEST_PASSPHRASE)).resolves.toBeDefined();
    expect(keyNames(again)).toBe('one (renamed), two');
    again.lock();
  });

  it('opens without a word where nothing remembers the vault (a documented limitation)', async () => {
    // The manifest proves a file is whole, not that it is the newest: an older copy is a whole file.
    // Only the generation remembered outside the file (seenGenerations) can tell, so without it, it opens.
    const told = await HISTORIES.main();
    const vault = vaultAt(copyOf(told.files.renamed!));
    await vault.unlock(TEST_PASSPHRASE);
    expect(keyNames(vault)).toBe('one (renamed), two');
    vault.lock();
  });
});
