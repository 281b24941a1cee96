import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { checkKdfParams } from '../../../src-main/vault/kdf';
import { Vault } from '../../../src-main/vault/vault';
import { createVaultFile, openForWriting, openVaultForChecks } from '../../../src-main/vault/vault-file';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { createdVault, TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

const sample = { name: 'Subscriptions prod', keyId: 'ABCDE12345', issuerId: '57246542-96fe-1a63-e053-0824d011072a' };

/** Reads the raw file with a short-lived connection (the vault must be locked). */
function readRaw<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The vault file and its write-ahead log, as they are on disk right now. */
const rawVaultBytes = (file: string) => [file, `${file}-wal`].filter((candidate) => existsSync(candidate)).map((candidate) => ({ candidate, bytes: readFileSync(candidate) }));

/** A clock the test moves by hand. */
function manualClock(start = '2025-03-01T09:00:00.000Z') {
  const clock = { ms: Date.parse(start), now: () => new Date(clock.ms) };
  return clock;
}

const storedKdf = (file: string) => JSON.parse(readRaw<{ value: string }>(file, "SELECT value FROM meta WHERE key = 'kdf'")[0]!.value);

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string) {
  const run = typeof promise === 'function' ? Promise.resolve().then(promise) : promise;
  await expect(run).rejects.toMatchObject({ code });
}

describe('vault lifecycle', () => {
  it('reports no vault before one is created', () => {
    const file = path.join(tempFolder(), 'vault.sqlite');
    expect(vaultAt(file).status()).toEqual({ state: 'none', path: file, quickUnlock: false });
  });

  it('creates, locks and unlocks with the data intact', async () => {
    const { vault, file } = await createdVault();
    const item = vault.transaction((writer) => writer.putItem({ data: sample, secret: { pem: 'secret text' } }));
    expect(vault.status()).toEqual({ state: 'unlocked', path: file, itemCount: 1, quickUnlock: false });

    vault.lock();
    expect(vault.status()).toEqual({ state: 'locked', path: file, quickUnlock: false });
    await expectCode(() => vault.listItems(), 'VAULT_LOCKED');

    const reopened = vaultAt(file);
    await reopened.unlock(TEST_PASSPHRASE);
    expect(reopened.listItems()).toEqual([item]);
    expect(reopened.withSecretField(item.id, 'pem', (bytes) => bytes.toString())).toBe('secret text');
  });

  it('refuses a wrong passphrase with WRONG_PASSPHRASE and stays locked', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const before = readFileSync(file);
    await expectCode(vault.unlock('not the passphrase at all'), 'WRONG_PASSPHRASE');
    expect(vault.status().state).toBe('locked');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it.each([
    ['', 'Enter a passphrase'],
    ['short pass', 'at least 12'],
    ['123456789012345', 'Include letters'],
  ])('refuses the weak passphrase %j', async (passphrase, message) => {
    const file = path.join(tempFolder(), 'vault.sqlite');
    await expect(vaultAt(file).create(passphrase)).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE', message: expect.stringContaining(message) });
    expect(vaultAt(file).status().state).toBe('none');
  });

  it('refuses to create over an existing vault', async () => {
    const { file } = await createdVault();
    await expectCode(vaultAt(file).create(TEST_PASSPHRASE), 'VAULT_EXISTS');
  });

  it('changes the passphrase: the old one is refused, the new one opens the same items, each re-encrypted', async () => {
    const { vault, file } = await createdVault();
    const item = vault.transaction((writer) => writer.putItem({ data: sample, secret: { pem: 'secret text' } }));
    vault.lock();
    const [before] = readRaw(file, 'SELECT id, ciphertext FROM items') as Array<{ id: string; ciphertext: Buffer }>;
    await vault.unlock(TEST_PASSPHRASE);
    await expectCode(vault.changePassphrase('wrong current passphrase', 'a brand new passphrase'), 'WRONG_PASSPHRASE');
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
    vault.lock();

    const [after] = readRaw(file, 'SELECT id, ciphertext FROM items') as Array<{ id: string; ciphertext: Buffer }>;
    expect(after!.id).toBe(before!.id);
    expect(after!.ciphertext.equals(before!.ciphertext), 'sealed under the new vault key').toBe(false);
    await expectCode(vaultAt(file).unlock(TEST_PASSPHRASE), 'WRONG_PASSPHRASE');
    const reopened = vaultAt(file);
    await reopened.unlock('a brand new passphrase');
    expect(reopened.listItems()).toEqual([expect.objectContaining({ id: item.id, data: sample })]);
    expect(reopened.withSecretField(item.id, 'pem', (bytes) => bytes.toString())).toBe('secret text');
  });

  it('makes a wrong current passphrase in a passphrase change count toward the unlock throttle', async () => {
    const clock = manualClock();
    const { vault } = await createdVault({ now: clock.now });
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(vault.changePassphrase('wrong current passphrase', 'a brand new passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', details: undefined });
    }
    await expect(vault.changePassphrase('wrong current passphrase', 'a brand new passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', details: { retryAfterSeconds: 2 } });
    await expect(vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase')).rejects.toMatchObject({ code: 'THROTTLED' });

    vault.lock();
    await expect(vault.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', details: { retryAfterSeconds: 2 } });
    clock.ms += 2000;
    await vault.unlock(TEST_PASSPHRASE);
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
  });

  it('lets concurrent wrong current passphrases through no faster than sequential ones: one runs, the rest are refused', async () => {
    const clock = manualClock();
    const { vault } = await createdVault({ now: clock.now });
    const burst = async () => {
      const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => vault.changePassphrase('wrong current passphrase', 'a brand new passphrase')));
      return outcomes.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as { code: string }).code : 'CHANGED'));
    };
    for (let round = 1; round <= 5; round += 1) {
      const codes = await burst();
      expect(codes[0], `round ${round}`).toBe('WRONG_PASSPHRASE');
      expect(codes.slice(1), `round ${round}`).toEqual(Array(29).fill('VAULT_BUSY'));
    }
    expect(await burst()).toEqual(Array(30).fill('THROTTLED'));
    await expect(vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase')).rejects.toMatchObject({ code: 'THROTTLED' });
  });

  it('tells a passphrase change interrupted by a lock apart from a wrong passphrase, and counts no guess', async () => {
    const clock = manualClock();
    const { vault } = await createdVault({ now: clock.now });
    const change = vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
    vault.lock();
    await expect(change).rejects.toMatchObject({ code: 'VAULT_LOCKED', message: expect.stringContaining('Nothing was changed') });

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(vault.unlock(`wrong passphrase number ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', details: undefined });
    }
    await vault.unlock(TEST_PASSPHRASE);
  });

  it('writes an encrypted audit event for every state change, newest first, paged', async () => {
    const { vault } = await createdVault();
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
    vault.lock();
    await vault.unlock('a brand new passphrase');
    const page = vault.events(0, 2);
    expect(page.total).toBe(3);
    expect(page.events.map((event) => event.type)).toEqual(['vault.unlocked', 'vault.passphrase-changed']);
    expect(vault.events(2, 2).events.map((event) => event.type)).toEqual(['vault.created']);
  });

  it('rolls back every write of a failed transaction, in the file and in memory', async () => {
    const { vault, file } = await createdVault();
    expect(() =>
      vault.transaction((writer) => {
        writer.putItem({ data: sample, secret: {} });
        writer.appendEvent({ type: 'key.added', summary: 'added' });
        throw new Error('disk said no');
      }),
    ).toThrow('disk said no');
    expect(vault.listItems()).toEqual([]);
    expect(vault.events(0, 10).total).toBe(1);
    vault.lock();
    expect(readRaw(file, 'SELECT COUNT(*) AS n FROM items')).toEqual([{ n: 0 }]);
  });

  it('keeps an imported key’s Key ID, Issuer ID, name, kind and PEM out of the vault file and its WAL', async () => {
    const { vault, file } = await createdVault();
    const pem = appStoreConnectP8(generateP256Key());
    const keyFile = path.join(tempFolder(), `SubscriptionKey_${sample.keyId}.p8`);
    writeFileSync(keyFile, pem);
    const { key } = await new KeyService({ vault }).importKey({ source: { type: 'file', path: keyFile }, issuerId: sample.issuerId, name: sample.name });
    const pemBodyLines = pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
    const searched = [key.keyId, sample.issuerId, key.name, key.kind, ...pemBodyLines];
    expect(searched).toEqual(expect.arrayContaining([sample.keyId, sample.name, 'in-app-purchase']));
    expect(pemBodyLines.length).toBeGreaterThan(2);

    const expectNoneFound = (when: string) => {
      const files = rawVaultBytes(file);
      expect(files.length).toBeGreaterThan(0);
      for (const { candidate, bytes } of files) {
        for (const text of searched) expect(bytes.includes(Buffer.from(text)), `${text} in ${path.basename(candidate)} ${when}`).toBe(false);
      }
    };
    expect(existsSync(`${file}-wal`), 'the import is still in the WAL while unlocked').toBe(true);
    expectNoneFound('while unlocked');
    vault.lock();
    expectNoneFound('after lock');
  });

  it('refuses a file that is not a vault without changing it', async () => {
    const folder = tempFolder();
    const garbage = path.join(folder, 'notes.txt');
    writeFileSync(garbage, 'just some text, not SQLite at all'.repeat(50));
    await expectCode(vaultAt(garbage).unlock(TEST_PASSPHRASE), 'NOT_A_VAULT');
    expect(readFileSync(garbage, 'utf8')).toBe('just some text, not SQLite at all'.repeat(50));

    const otherSqlite = path.join(folder, 'other.sqlite');
    new Database(otherSqlite).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    const before = readFileSync(otherSqlite);
    await expectCode(vaultAt(otherSqlite).unlock(TEST_PASSPHRASE), 'NOT_A_VAULT');
    expect(readFileSync(otherSqlite).equals(before)).toBe(true);
  });

  it('refuses a vault from a newer version with VAULT_TOO_NEW', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const db = new Database(file);
    db.pragma('user_version = 999');
    db.close();
    await expectCode(vaultAt(file).unlock(TEST_PASSPHRASE), 'VAULT_TOO_NEW');
  });

  it('answers NO_VAULT when unlocking where there is none', async () => {
    await expectCode(vaultAt(path.join(tempFolder(), 'missing.sqlite')).unlock(TEST_PASSPHRASE), 'NO_VAULT');
  });

  it('refuses a second opener of the same file with VAULT_BUSY while the first holds it', async () => {
    const { file } = await createdVault();
    await expectCode(vaultAt(file).unlock(TEST_PASSPHRASE), 'VAULT_BUSY');
  });

  it('re-wraps the vault key when the stored KDF parameters are below the current defaults', async () => {
    const weak = { memoryKiB: 64, iterations: 1, parallelism: 1 };
    const { vault, file } = await createdVault({ kdfCost: weak });
    vault.lock();
    const stronger = new Vault({ path: file, kdfCost: { memoryKiB: 128, iterations: 2, parallelism: 1 } });
    await stronger.unlock(TEST_PASSPHRASE);
    expect(stronger.events(0, 1).events[0]?.summary).toBe('Vault unlocked; its key was re-wrapped under stronger key-derivation settings');
    stronger.lock();
    expect(storedKdf(file)).toMatchObject({ name: 'argon2id', memoryKiB: 128, iterations: 2 });
    await vaultAt(file).unlock(TEST_PASSPHRASE);
  });

  it('uses Argon2id at least at 64 MiB, 3 passes, 4 lanes by default, calibrated to this machine', async () => {
    const file = path.join(tempFolder(), 'vault.sqlite');
    const vault = new Vault({ path: file });
    await vault.create(TEST_PASSPHRASE);
    vault.lock();
    const kdf = storedKdf(file);
    expect(kdf).toMatchObject({ name: 'argon2id', parallelism: 4 });
    expect(kdf.memoryKiB).toBeGreaterThanOrEqual(65536);
    expect(kdf.iterations).toBeGreaterThanOrEqual(3);
    expect(() => checkKdfParams(kdf), 'a vault made here always opens here').not.toThrow();
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    await new Vault({ path: file }).unlock(TEST_PASSPHRASE);
  });

  it('makes the next try wait after five wrong passphrases, refusing even the right one until then', async () => {
    const clock = manualClock();
    const { vault } = await createdVault({ now: clock.now });
    vault.lock();
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(vault.unlock(`wrong passphrase number ${attempt}`)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', details: undefined });
    }
    await expect(vault.unlock('wrong passphrase number 5')).rejects.toMatchObject({
      code: 'WRONG_PASSPHRASE',
      message: expect.stringContaining('wait 2 s'),
      details: { retryAfterSeconds: 2 },
    });

    await expect(vault.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', message: expect.stringContaining('Wait 2 s'), details: { retryAfterSeconds: 2 } });
    clock.ms += 1000;
    await expect(vault.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', details: { retryAfterSeconds: 1 } });
    expect(vault.status().state).toBe('locked');

    clock.ms += 1000;
    await expect(vault.unlock('wrong passphrase number 6')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE', details: { retryAfterSeconds: 4 } });
    await expect(vault.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'THROTTLED', details: { retryAfterSeconds: 4 } });
    clock.ms += 4000;
    await vault.unlock(TEST_PASSPHRASE);
    expect(vault.status().state).toBe('unlocked');
  });

  it('writes the vault.created event in the same transaction that makes the vault', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    expect(readRaw(file, 'SELECT COUNT(*) AS n FROM events')).toEqual([{ n: 1 }]);
  });

  it('opens every vault connection with synchronous=FULL, secure_delete=ON, foreign_keys=ON and an untrusted schema', async () => {
    const created = createVaultFile(path.join(tempFolder(), 'fresh.sqlite'));
    const { vault, file } = await createdVault();
    vault.lock();
    const checking = openVaultForChecks(file);
    expect(checking.readonly, 'the checks before unlock cannot write').toBe(true);
    expect(checking.pragma('trusted_schema', { simple: true })).toBe(0);
    checking.close();
    const { db: opened } = openForWriting(file);
    try {
      for (const db of [created, opened]) {
        expect(db.pragma('synchronous', { simple: true }), 'synchronous = FULL').toBe(2);
        expect(db.pragma('secure_delete', { simple: true })).toBe(1);
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
      }
    } finally {
      created.close();
      opened.close();
    }
  });

  it('overwrites a deleted item’s ciphertext, so its bytes are gone from the file', async () => {
    const { vault, file } = await createdVault();
    const gone = vault.transaction((writer) => {
      writer.putItem({ data: { name: 'kept' }, secret: { pem: 'kept' } });
      return writer.putItem({ data: sample, secret: { pem: 'deleted secret text' } });
    });
    vault.lock();
    const [{ ciphertext }] = readRaw<{ ciphertext: Buffer }>(file, `SELECT ciphertext FROM items WHERE id = '${gone.id}'`) as [{ ciphertext: Buffer }];
    expect(readFileSync(file).includes(ciphertext), 'the item is in the file before deletion').toBe(true);

    await vault.unlock(TEST_PASSPHRASE);
    vault.transaction((writer) => writer.deleteItem(gone.id));
    const wal = rawVaultBytes(file).find(({ candidate }) => candidate.endsWith('-wal'));
    expect(wal?.bytes.includes(ciphertext), 'the WAL carries the page with the cell zeroed').toBe(false);
    vault.lock(); // Closing checkpoints the WAL into the file.
    for (const { candidate, bytes } of rawVaultBytes(file)) expect(bytes.includes(ciphertext), path.basename(candidate)).toBe(false);
  });

  it('leaves the file in WAL mode', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    expect(readRaw(file, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
  });
});
