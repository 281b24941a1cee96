import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createdVault, TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

type Db = Database.Database;

const NONCE_BYTES = 12;
/** 32-byte vault key and 16-byte GCM tag. */
const WRAPPED_KEY_BYTES = 48;

function flipByte(buffer: Buffer, index = buffer.length >> 1): Buffer {
  const copy = Buffer.from(buffer);
  copy[index % copy.length]! ^= 0x01;
  return copy;
}

const meta = (db: Db, key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string }).value;
const setMeta = (db: Db, key: string, value: string) => db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(value, key);
const firstItem = (db: Db) => db.prepare('SELECT id, nonce, ciphertext FROM items ORDER BY id LIMIT 1').get() as { id: string; nonce: Buffer; ciphertext: Buffer };
const firstEvent = (db: Db) => db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq LIMIT 1').get() as { id: string; nonce: Buffer; ciphertext: Buffer };

/** Rewrites meta_checksum as an attacker who knows the format would, leaving only the cryptography to notice. */
function forgeChecksum(db: Db) {
  setMeta(db, 'meta_checksum', createHash('sha256').update(meta(db, 'kdf')).update('\n').update(meta(db, 'wrapped_vault_key')).digest('hex'));
}

function editWrappedKey(db: Db, edit: (sealed: { nonce: Buffer; ciphertext: Buffer }) => void) {
  const stored = JSON.parse(meta(db, 'wrapped_vault_key'));
  const sealed = { nonce: Buffer.from(stored.nonce, 'base64'), ciphertext: Buffer.from(stored.ciphertext, 'base64') };
  edit(sealed);
  setMeta(db, 'wrapped_vault_key', JSON.stringify({ nonce: sealed.nonce.toString('base64'), ciphertext: sealed.ciphertext.toString('base64') }));
}

function editKdf(db: Db, edit: (kdf: Record<string, unknown>) => void) {
  const kdf = JSON.parse(meta(db, 'kdf'));
  edit(kdf);
  setMeta(db, 'kdf', JSON.stringify(kdf));
}

type Case = { name: string; tamper: (db: Db) => void; expected: string; names?: 'record' | 'activity entry' };

const flipEveryByte = (length: number, row: (index: number) => Case): Case[] => Array.from({ length }, (_, index) => row(index));

/** One row per kind of damage, in the manner of age's testkit: name, mutation, expected code. */
const CASES: Case[] = [
  ...flipEveryByte(NONCE_BYTES, (index) => ({
    name: `item nonce byte ${index} flipped`,
    tamper: (db) => { const row = firstItem(db); db.prepare('UPDATE items SET nonce = ? WHERE id = ?').run(flipByte(row.nonce, index), row.id); },
    expected: 'VAULT_DAMAGED',
    names: 'record',
  })),
  { name: 'item ciphertext byte flipped', tamper: (db) => { const row = firstItem(db); db.prepare('UPDATE items SET ciphertext = ? WHERE id = ?').run(flipByte(row.ciphertext), row.id); }, expected: 'VAULT_DAMAGED', names: 'record' },
  { name: 'item GCM tag byte flipped', tamper: (db) => { const row = firstItem(db); db.prepare('UPDATE items SET ciphertext = ? WHERE id = ?').run(flipByte(row.ciphertext, row.ciphertext.length - 1), row.id); }, expected: 'VAULT_DAMAGED', names: 'record' },
  { name: 'item ciphertext truncated', tamper: (db) => { const row = firstItem(db); db.prepare('UPDATE items SET ciphertext = ? WHERE id = ?').run(row.ciphertext.subarray(0, 5), row.id); }, expected: 'VAULT_DAMAGED', names: 'record' },
  {
    name: 'two items swapped ciphertexts',
    tamper: (db) => {
      const [a, b] = db.prepare('SELECT id, nonce, ciphertext FROM items ORDER BY id').all() as Array<{ id: string; nonce: Buffer; ciphertext: Buffer }>;
      const update = db.prepare('UPDATE items SET nonce = ?, ciphertext = ? WHERE id = ?');
      update.run(b!.nonce, b!.ciphertext, a!.id);
      update.run(a!.nonce, a!.ciphertext, b!.id);
    },
    expected: 'VAULT_DAMAGED',
    names: 'record',
  },
  {
    name: 'item row replayed under another id',
    tamper: (db) => {
      const row = firstItem(db);
      db.prepare("INSERT INTO items (id, created_at, updated_at, nonce, ciphertext) VALUES ('00000000-0000-4000-8000-000000000000', 'x', 'x', ?, ?)").run(row.nonce, row.ciphertext);
    },
    expected: 'VAULT_DAMAGED',
    names: 'record',
  },
  { name: 'wrapped key byte flipped', tamper: (db) => editWrappedKey(db, (sealed) => { sealed.ciphertext = flipByte(sealed.ciphertext); }), expected: 'VAULT_DAMAGED' },
  { name: 'wrapped key nonce byte flipped', tamper: (db) => editWrappedKey(db, (sealed) => { sealed.nonce = flipByte(sealed.nonce); }), expected: 'VAULT_DAMAGED' },
  ...flipEveryByte(WRAPPED_KEY_BYTES, (index) => ({
    name: `wrapped key byte ${index} flipped with a forged checksum`,
    tamper: (db) => { editWrappedKey(db, (sealed) => { sealed.ciphertext = flipByte(sealed.ciphertext, index); }); forgeChecksum(db); },
    expected: 'WRONG_PASSPHRASE',
  })),
  ...flipEveryByte(NONCE_BYTES, (index) => ({
    name: `wrapped key nonce byte ${index} flipped with a forged checksum`,
    tamper: (db) => { editWrappedKey(db, (sealed) => { sealed.nonce = flipByte(sealed.nonce, index); }); forgeChecksum(db); },
    expected: 'WRONG_PASSPHRASE',
  })),
  { name: 'KDF iterations changed', tamper: (db) => editKdf(db, (kdf) => { kdf.iterations = 2; }), expected: 'VAULT_DAMAGED' },
  { name: 'KDF salt changed with a forged checksum', tamper: (db) => { editKdf(db, (kdf) => { kdf.salt = randomBytes(16).toString('base64'); }); forgeChecksum(db); }, expected: 'WRONG_PASSPHRASE' },
  { name: 'KDF memory blown up with a forged checksum', tamper: (db) => { editKdf(db, (kdf) => { kdf.memoryKiB = 2 ** 31; }); forgeChecksum(db); }, expected: 'VAULT_DAMAGED' },
  { name: 'KDF algorithm renamed with a forged checksum', tamper: (db) => { editKdf(db, (kdf) => { kdf.name = 'pbkdf2'; }); forgeChecksum(db); }, expected: 'VAULT_DAMAGED' },
  { name: 'KDF record not JSON', tamper: (db) => { setMeta(db, 'kdf', '{not json'); forgeChecksum(db); }, expected: 'VAULT_DAMAGED' },
  {
    name: 'checksum byte flipped',
    tamper: (db) => {
      const checksum = meta(db, 'meta_checksum');
      setMeta(db, 'meta_checksum', `${checksum.startsWith('0') ? '1' : '0'}${checksum.slice(1)}`);
    },
    expected: 'VAULT_DAMAGED',
  },
  { name: 'wrapped key row deleted', tamper: (db) => db.prepare("DELETE FROM meta WHERE key = 'wrapped_vault_key'").run(), expected: 'VAULT_DAMAGED' },
  {
    name: 'event ciphertext byte flipped',
    tamper: (db) => { const row = firstEvent(db); db.prepare('UPDATE events SET ciphertext = ? WHERE id = ?').run(flipByte(row.ciphertext), row.id); },
    expected: 'VAULT_DAMAGED',
    names: 'activity entry',
  },
  {
    name: 'event nonce byte flipped',
    tamper: (db) => { const row = firstEvent(db); db.prepare('UPDATE events SET nonce = ? WHERE id = ?').run(flipByte(row.nonce), row.id); },
    expected: 'VAULT_DAMAGED',
    names: 'activity entry',
  },
  {
    name: 'two events swapped ciphertexts',
    tamper: (db) => {
      const [a, b] = db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq').all() as Array<{ id: string; nonce: Buffer; ciphertext: Buffer }>;
      const update = db.prepare('UPDATE events SET nonce = ?, ciphertext = ? WHERE id = ?');
      update.run(b!.nonce, b!.ciphertext, a!.id);
      update.run(a!.nonce, a!.ciphertext, b!.id);
    },
    expected: 'VAULT_DAMAGED',
    names: 'activity entry',
  },
];

let baseVault: Promise<Buffer> | null = null;

/** A locked vault with two items and two events, made once; each case tampers with its own copy. */
function vaultWithTwoItems(): Promise<string> {
  baseVault ??= createdVault().then(({ vault, file }) => {
    vault.transaction((writer) => {
      writer.putItem({ data: { name: 'one' }, secret: { pem: 'one' } });
      writer.putItem({ data: { name: 'two' }, secret: { pem: 'two' } });
      writer.appendEvent({ type: 'key.added', summary: 'Added two keys' });
    });
    vault.lock();
    return readFileSync(file);
  });
  return baseVault.then((bytes) => {
    const file = path.join(tempFolder(), 'vault.sqlite');
    writeFileSync(file, bytes);
    return file;
  });
}

describe('tamper detection', () => {
  it.each(CASES)('$name → $expected', async ({ tamper, expected, names }) => {
    const file = await vaultWithTwoItems();
    const db = new Database(file);
    tamper(db);
    db.close();
    const tampered = readFileSync(file);

    const vault = vaultAt(file);
    const error = await vault.unlock(TEST_PASSPHRASE).then(() => null, (caught: unknown) => caught as { code: string; message: string });
    expect(error?.code).toBe(expected);
    if (names) expect(error?.message).toMatch(new RegExp(`${names} [0-9a-f-]{36}`));
    expect(vault.status().state).toBe('locked');
    expect(readFileSync(file).equals(tampered), 'a damaged vault is never rewritten').toBe(true);
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0, 'nor is anything written beside it').toBe(0);
  });

  it('reports a file whose SQLite pages are damaged as damaged or not a vault, without crashing or rewriting it', async () => {
    const file = await vaultWithTwoItems();
    const bytes = readFileSync(file);
    for (let offset = 0; offset < bytes.length; offset += 97) bytes[offset] = 0xff;
    writeFileSync(file, bytes);
    const error = await vaultAt(file).unlock(TEST_PASSPHRASE).then(() => null, (caught: { code: string }) => caught);
    expect(['VAULT_DAMAGED', 'NOT_A_VAULT']).toContain(error?.code);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
