import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Vault } from '../../../src-main/vault/vault';
import { latestVersion, MIGRATIONS, migrate, schemaVersion, type Migration } from '../../../src-main/vault/schema';
import { FIXTURE_V1 } from '../../fixtures/vault-v1';
import { tempFolder } from '../../helpers/temp-vault';

function copyOfFixture(): string {
  const file = path.join(tempFolder(), 'vault.sqlite');
  copyFileSync(new URL('../../fixtures/vault-v1.sqlite', import.meta.url), file);
  chmodSync(file, 0o600); // as the app keeps it; the tightening of looser files is tested on its own
  return file;
}

/** Every row of the encrypted tables, as stored. */
function storedRows(db: Database.Database) {
  return {
    meta: db.prepare('SELECT * FROM meta ORDER BY key').all(),
    items: db.prepare('SELECT id, created_at, updated_at, nonce, ciphertext FROM items ORDER BY id').all(),
    events: db.prepare('SELECT seq, id, created_at, nonce, ciphertext FROM events ORDER BY seq').all(),
  };
}

/** Stand-ins for migrations a later version adds: the mechanism is what is under test, not their SQL. */
const LATER: Migration = {
  version: latestVersion() + 1,
  sql: 'ALTER TABLE items ADD COLUMN sort_hint INTEGER; CREATE INDEX events_by_date ON events (created_at);',
};
const BROKEN: Migration = {
  version: latestVersion() + 1,
  sql: 'ALTER TABLE items ADD COLUMN sort_hint INTEGER; CREATE INDEX broken ON no_such_table (id);',
};

describe('vault migrations', () => {
  it('opens a vault written by schema version 1 and brings it to the latest version with its data', async () => {
    const file = copyOfFixture();

    const vault = new Vault({ path: file, kdfCost: FIXTURE_V1.kdfCost });
    await vault.unlock(FIXTURE_V1.passphrase);
    const [item] = vault.listItems();
    expect(item?.data).toEqual(FIXTURE_V1.item.data);
    expect(vault.withSecretField(item!.id, 'note', (bytes) => bytes.toString())).toBe(FIXTURE_V1.item.secret.note);
    expect(vault.events(0, 10).events.map((event) => event.summary)).toEqual([
      'Vault unlocked',
      'The vault was upgraded to a format that authenticates the whole file, and its vault key was replaced.',
      'Fixture record added',
      'Vault created',
    ]);
    vault.lock();

    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('runs a pending migration only after the passphrase and every record check out', async () => {
    const file = copyOfFixture();
    const withLater = () => new Vault({ path: file, kdfCost: FIXTURE_V1.kdfCost, migrations: [...MIGRATIONS, LATER] });
    const original = readFileSync(file);

    await expect(withLater().unlock('not the fixture passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(readFileSync(file).equals(original), 'a wrong passphrase leaves the older vault byte-identical').toBe(true);

    const db = new Database(file);
    const item = db.prepare('SELECT id, ciphertext FROM items').get() as { id: string; ciphertext: Buffer };
    const flipped = Buffer.from(item.ciphertext);
    flipped[0]! ^= 0x01;
    db.prepare('UPDATE items SET ciphertext = ? WHERE id = ?').run(flipped, item.id);
    db.close();
    const damaged = readFileSync(file);
    await expect(withLater().unlock(FIXTURE_V1.passphrase)).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
    expect(readFileSync(file).equals(damaged), 'a damaged older vault is not migrated').toBe(true);

    const repair = new Database(file);
    repair.prepare('UPDATE items SET ciphertext = ? WHERE id = ?').run(item.ciphertext, item.id);
    repair.close();
    const vault = withLater();
    await vault.unlock(FIXTURE_V1.passphrase);
    vault.lock();
    const migrated = new Database(file, { readonly: true });
    expect(schemaVersion(migrated)).toBe(LATER.version);
    migrated.close();
  });

  it('runs a later migration over a version-1 file and keeps every stored row byte for byte', () => {
    const db = new Database(copyOfFixture());
    const before = storedRows(db);

    migrate(db, [...MIGRATIONS, LATER]);

    expect(schemaVersion(db)).toBe(LATER.version);
    expect(storedRows(db)).toEqual(before);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'events_by_date'").get()).toBeDefined();
    db.close();
  });

  it('leaves a version-1 file exactly as it was when a later migration fails part way', () => {
    const db = new Database(copyOfFixture());
    const before = storedRows(db);
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();

    expect(() => migrate(db, [...MIGRATIONS, BROKEN])).toThrow(/no_such_table/);

    expect(schemaVersion(db)).toBe(latestVersion());
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore);
    expect(storedRows(db)).toEqual(before);
    db.close();
  });
});
