import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { BackupService } from '../../../src-main/vault/vault-backup';
import { RestoreService } from '../../../src-main/vault/vault-restore';
import { fakeKeychain } from '../../helpers/fake-keychain';
import { appStoreConnectP8, generateP256Key, utf8 } from '../../helpers/keys';
import { tempFolder, TEST_KDF_COST, TEST_PASSPHRASE, vaultAt } from '../../helpers/temp-vault';
import { keyServiceFixture, OTHER_ISSUER_ID, refusal, steppingClock, vaultState, type KeyServiceFixture } from '../keys/key-service-fixtures';
import { expectOwnerOnly, importTestKey } from './exports-fixture';

async function backupFixture(options: { pagesPerStep?: number } = {}) {
  const fixture = await keyServiceFixture();
  const backups = new BackupService({ vault: fixture.vault, keys: fixture.service, ...options });
  const restores = new RestoreService({ vault: fixture.vault, keys: fixture.service, kdfCost: TEST_KDF_COST, now: steppingClock('2025-07-01T08:00:00.000Z') });
  return { ...fixture, backups, restores, backupFolder: tempFolder() };
}

const fingerprints = (keys: Array<{ fingerprint: string }>) => keys.map((key) => key.fingerprint).sort();
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The meta rows holding the OS-keychain copy of the vault key, read with a short-lived connection. */
function keychainRows(file: string): Array<{ key: string; value: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT key, value FROM meta WHERE key IN ('keychain_wrapped_key', 'quick_unlock_state') ORDER BY key").all() as Array<{ key: string; value: string }>;
  } finally {
    db.close();
  }
}

/** The journal mode a file opens in; "wal" is kept in its header, every other mode opens as "delete". */
function journalMode(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('journal_mode', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Adds a fresh team key straight from bytes, as a bundle or restore would. */
function addKey(fixture: KeyServiceFixture, keyId: string) {
  return fixture.service.importFromBytes({ bytes: utf8(appStoreConnectP8(generateP256Key())), fileName: `AuthKey_${keyId}.p8`, issuerId: OTHER_ISSUER_ID }).key;
}

describe('backing up the vault', () => {
  it('stops with VAULT_LOCKED and leaves nothing in the folder when the vault locks during a backup', async () => {
    const fixture = await backupFixture({ pagesPerStep: 1 });
    for (let n = 0; n < 30; n += 1) addKey(fixture, `LOCKBK${String(n).padStart(4, '0')}`);

    const pending = fixture.backups.backup(path.join(fixture.backupFolder, 'vault-backup.sqlite'));
    await new Promise((resolve) => setImmediate(resolve));
    fixture.vault.lock();

    expect(await refusal(() => pending)).toMatchObject({ code: 'VAULT_LOCKED' });
    expect(readdirSync(fixture.backupFolder)).toEqual([]);
  });

  it('writes an owner-only copy that opens with the vault passphrase, and looking into it changes nothing', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    await importTestKey(fixture, 'in-app-purchase');
    const file = path.join(fixture.backupFolder, 'vault-backup.sqlite');

    const result = await fixture.backups.backup(file);

    expect(result).toMatchObject({ path: file, keyCount: 2 });
    expectOwnerOnly(file);
    expect(readdirSync(fixture.backupFolder)).toEqual(['vault-backup.sqlite']);
    const before = sha256(file);
    const contents = await fixture.restores.openBackup(file, TEST_PASSPHRASE);
    expect(fingerprints(contents.keys)).toEqual(fingerprints(fixture.service.listKeys()));
    expect(contents).toMatchObject({ path: file, lastBackupAt: null, missingFromVault: [] });
    expect(sha256(file)).toBe(before);
    expect(readdirSync(path.dirname(fixture.file)).filter((name) => name.startsWith('.restore-'))).toEqual([]);
  });

  it('remembers when it last backed up, and reminds once a key is newer than every backup', async () => {
    const fixture = await backupFixture();
    expect(fixture.backups.status()).toEqual({ lastBackupAt: null, keysSinceBackup: 0, remind: false });
    await importTestKey(fixture, 'asc-team');
    expect(fixture.backups.status()).toEqual({ lastBackupAt: null, keysSinceBackup: 1, remind: true });

    const { at } = await fixture.backups.backup(path.join(fixture.backupFolder, 'one.sqlite'));
    expect(fixture.backups.status()).toEqual({ lastBackupAt: at, keysSinceBackup: 0, remind: false });
    expect(fixture.vault.events(0, 1).events[0]).toMatchObject({ type: 'vault.backed-up', summary: 'Backed up the vault to one.sqlite' });

    await importTestKey(fixture, 'in-app-purchase');
    expect(fixture.backups.status()).toMatchObject({ lastBackupAt: at, keysSinceBackup: 1, remind: true });

    fixture.vault.lock();
    await fixture.vault.unlock(TEST_PASSPHRASE);
    expect(fixture.vault.lastBackupAt()).toBe(at);
  });

  it('never carries the keychain copy of the vault key, leaves no -wal/-shm beside it, and a restored vault has quick unlock off', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    fixture.vault.enableQuickUnlock(fakeKeychain(), false);
    fixture.vault.lock();
    const keychainCopy = keychainRows(fixture.file);
    expect(keychainCopy.map((row) => row.key)).toEqual(['keychain_wrapped_key', 'quick_unlock_state']);
    await fixture.vault.unlock(TEST_PASSPHRASE);
    const file = path.join(fixture.backupFolder, 'backup.sqlite');

    await fixture.backups.backup(file);

    expect(journalMode(file), 'a plain rollback-journal file, not WAL').toBe('delete');
    expect(keychainRows(file)).toEqual([]);
    expect(readdirSync(fixture.backupFolder), 'nothing beside the backup, even after reading it').toEqual(['backup.sqlite']);
    const bytes = readFileSync(file);
    for (const { key, value } of keychainCopy) expect(bytes.includes(Buffer.from(value)), `${key} bytes in the backup`).toBe(false);
    expect(fixture.vault.status().quickUnlock, 'the vault itself keeps quick unlock').toBe(true);
    await fixture.restores.restoreReplace(file, TEST_PASSPHRASE);
    expect(fixture.vault.status()).toMatchObject({ state: 'unlocked', quickUnlock: false });
  });

  it('restores with quick unlock off from an older backup that still carried the keychain copy', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    fixture.vault.enableQuickUnlock(fakeKeychain(), false);
    fixture.vault.lock();
    const olderBackup = path.join(fixture.backupFolder, 'older-backup.sqlite');
    copyFileSync(fixture.file, olderBackup);
    expect(keychainRows(olderBackup)).toHaveLength(2);

    await fixture.restores.restoreReplace(olderBackup, TEST_PASSPHRASE);

    expect(fixture.vault.status()).toMatchObject({ state: 'unlocked', quickUnlock: false });
    fixture.vault.lock();
    expect(keychainRows(fixture.file)).toEqual([]);
  });

  it('takes a complete, restorable backup while keys are being written', async () => {
    const fixture = await backupFixture({ pagesPerStep: 1 });
    for (let index = 0; index < 12; index += 1) addKey(fixture, `BEFORE${String(index).padStart(4, '0')}`);
    const before = fingerprints(fixture.service.listKeys());
    // What the vault held the moment the copy finished: the backup must hold exactly that.
    let atCopyEnd: string[] = [];
    const copy = fixture.vault.backupTo.bind(fixture.vault);
    vi.spyOn(fixture.vault, 'backupTo').mockImplementation(async (destination, options) => {
      await copy(destination, options);
      atCopyEnd = fingerprints(fixture.service.listKeys());
    });
    const file = path.join(fixture.backupFolder, 'busy.sqlite');

    let finished = false;
    const backup = fixture.backups.backup(file).finally(() => (finished = true));
    // The writes come through the vault's own connection: it holds the file's exclusive lock, so a second
    // connection (another copy of the app, or the CLI) is refused with VAULT_BUSY for as long as the backup runs.
    await expect(vaultAt(fixture.file).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_BUSY' });
    expect(finished, 'the second connection was refused while the backup ran').toBe(false);
    let written = 0;
    while (!finished && written < 200) {
      await new Promise((resolve) => setImmediate(resolve));
      if (finished || atCopyEnd.length > 0) break;
      addKey(fixture, `DURING${String(written).padStart(4, '0')}`);
      written += 1;
    }
    await backup;

    expect(written).toBeGreaterThan(0);
    expect(atCopyEnd.length).toBe(before.length + written);
    const contents = await fixture.restores.openBackup(file, TEST_PASSPHRASE);
    expect(fingerprints(contents.keys)).toEqual(atCopyEnd);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('refuses to replace a file unless told, and refuses the vault file itself', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    const file = path.join(fixture.backupFolder, 'taken.sqlite');
    writeFileSync(file, 'something else');

    expect((await refusal(() => fixture.backups.backup(file))).code).toBe('FILE_EXISTS');
    expect(readFileSync(file, 'utf8')).toBe('something else');
    expect((await refusal(() => fixture.backups.backup(fixture.file))).code).toBe('BAD_REQUEST');
    expect(fixture.backups.status().lastBackupAt).toBeNull();

    await fixture.backups.backup(file, { overwrite: true });
    expect((await fixture.restores.openBackup(file, TEST_PASSPHRASE)).keys).toHaveLength(1);
    expect(readdirSync(fixture.backupFolder)).toEqual(['taken.sqlite']);
  });
});

describe('restoring from a backup', () => {
  it('replaces the vault, keeping the replaced file aside, and leaves the restored vault unlocked', async () => {
    const fixture = await backupFixture();
    const first = await importTestKey(fixture, 'asc-team');
    const second = await importTestKey(fixture, 'in-app-purchase');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    const third = addKey(fixture, 'AFTERBACK1');
    fixture.service.deleteKey(first.key.id, first.key.keyId);

    const result = await fixture.restores.restoreReplace(file, TEST_PASSPHRASE);

    expect(path.dirname(result.replacedFile ?? '')).toBe(path.dirname(fixture.file));
    expect(path.basename(result.replacedFile ?? '')).toMatch(/^vault\.sqlite\.replaced-2025-07-01T08-00-\d\d-\d{3}Z$/);
    expect(fixture.vault.isUnlocked).toBe(true);
    expect(fingerprints(result.keys)).toEqual(fingerprints([first.key, second.key]));
    expect(Buffer.from(fixture.service.readOriginalBytes(result.keys.find((key) => key.keyId === 'TEAMKEY001')?.id ?? '')).equals(Buffer.from(first.bytes))).toBe(true);
    expect(fixture.vault.events(0, 1).events[0]).toMatchObject({ type: 'vault.restored', summary: expect.stringContaining('kept as vault.sqlite.replaced-') });

    const replaced = vaultAt(result.replacedFile ?? '');
    await replaced.unlock(TEST_PASSPHRASE);
    expect(fingerprints(new KeyService({ vault: replaced }).listKeys())).toEqual(fingerprints([second.key, third]));
    replaced.lock();
  });

  it('restores onto a machine that has no vault yet', async () => {
    const fixture = await backupFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    const fresh = vaultAt(path.join(tempFolder(), 'vault.sqlite'));
    const restores = new RestoreService({ vault: fresh, keys: new KeyService({ vault: fresh }), kdfCost: TEST_KDF_COST });

    const result = await restores.restoreReplace(file, TEST_PASSPHRASE);

    expect(result.replacedFile).toBeNull();
    expect(result.keys.map((restored) => restored.fingerprint)).toEqual([key.fingerprint]);
    expect(fresh.status()).toMatchObject({ state: 'unlocked' });
  });

  it('merges in one transaction only the keys the vault lacks, and reports the rest', async () => {
    const fixture = await backupFixture();
    const first = await importTestKey(fixture, 'asc-team', { extra: { tags: ['ci'] } });
    const second = await importTestKey(fixture, 'in-app-purchase');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    fixture.service.deleteKey(first.key.id, first.key.keyId);
    const third = addKey(fixture, 'AFTERBACK1');

    const contents = await fixture.restores.openBackup(file, TEST_PASSPHRASE);
    expect(contents.missingFromVault?.map((key) => key.keyId)).toEqual(['TEAMKEY001']);
    const result = await fixture.restores.restoreMerge(file, TEST_PASSPHRASE);

    expect(result.imported.map((key) => [key.keyId, key.tags])).toEqual([['TEAMKEY001', ['ci']]]);
    expect(result.alreadyPresent).toEqual([fixture.service.getKey(second.key.id)]);
    expect(fingerprints(fixture.service.listKeys())).toEqual(fingerprints([first.key, second.key, third]));
    const restored = result.imported[0]?.id ?? '';
    expect(Buffer.from(fixture.service.readOriginalBytes(restored)).equals(Buffer.from(first.bytes))).toBe(true);
    expect(fixture.vault.events(0, 1).events[0]).toMatchObject({ type: 'vault.restored', summary: 'Merged 1 key from the backup backup.sqlite (1 already present)' });
  });

  it('merges nothing when one of the backup’s keys would be refused', async () => {
    const fixture = await backupFixture();
    const first = await importTestKey(fixture, 'asc-team');
    await importTestKey(fixture, 'in-app-purchase', { keyId: 'IAPKEY0002' });
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    fixture.service.deleteKey(first.key.id, first.key.keyId);
    addKey(fixture, 'TEAMKEY001'); // A different key now holds the backup key's Key ID.
    const before = vaultState(fixture.service, fixture.vault);

    expect((await refusal(() => fixture.restores.restoreMerge(file, TEST_PASSPHRASE))).code).toBe('KEY_ID_IN_USE');
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);
  });

  it('refuses the wrong passphrase and files that are not backups, changing nothing', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    const before = vaultState(fixture.service, fixture.vault);

    const wrong = await refusal(() => fixture.restores.openBackup(file, 'not the passphrase'));
    expect(wrong).toMatchObject({ code: 'WRONG_PASSPHRASE', message: expect.stringContaining('backup.sqlite') });
    expect((await refusal(() => fixture.restores.restoreReplace(file, 'not the passphrase'))).code).toBe('WRONG_PASSPHRASE');
    expect(fixture.vault.isUnlocked).toBe(true);

    const notBackup = path.join(fixture.backupFolder, 'notes.txt');
    writeFileSync(notBackup, 'Key IDs are in App Store Connect.'.repeat(200));
    expect((await refusal(() => fixture.restores.openBackup(notBackup, TEST_PASSPHRASE))).code).toBe('NOT_A_VAULT');
    expect((await refusal(() => fixture.restores.openBackup(path.join(fixture.backupFolder, 'gone.sqlite'), TEST_PASSPHRASE))).code).toBe('FILE_UNREADABLE');

    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);
    fixture.vault.lock();
    expect(readdirSync(path.dirname(fixture.file))).toEqual(['vault.sqlite']);
    expect(existsSync(`${fixture.file}-wal`)).toBe(false);
  });

  it('refuses a backup that carries a trigger, and a restore never adopts the backup’s file', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    const clean = path.join(fixture.backupFolder, 'clean.sqlite');
    copyFileSync(file, clean);
    const edit = new Database(file);
    edit.exec('CREATE TRIGGER keep_deleted_keys BEFORE DELETE ON items BEGIN SELECT RAISE(IGNORE); END;');
    edit.close();
    const before = vaultState(fixture.service, fixture.vault);
    const tampered = sha256(file);

    for (const attempt of [() => fixture.restores.openBackup(file, TEST_PASSPHRASE), () => fixture.restores.restoreReplace(file, TEST_PASSPHRASE)]) {
      expect(await refusal(attempt)).toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringContaining('backup.sqlite is damaged') });
    }
    expect(sha256(file), 'the backup itself is never written').toBe(tampered);
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);

    // A clean backup restored by replacement: the new vault file holds our schema and rows only, under a new key.
    await fixture.restores.restoreReplace(clean, TEST_PASSPHRASE);
    fixture.vault.lock();
    const restored = new Database(fixture.file, { readonly: true });
    const original = new Database(clean, { readonly: true });
    try {
      const schema = (db: Database.Database) => db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
      expect(schema(restored)).toEqual(schema(original));
      const ciphertexts = (db: Database.Database) => db.prepare('SELECT ciphertext FROM items').all() as Array<{ ciphertext: Buffer }>;
      expect(ciphertexts(restored)[0]!.ciphertext.equals(ciphertexts(original)[0]!.ciphertext), 're-encrypted under the new vault key').toBe(false);
    } finally {
      restored.close();
      original.close();
    }
  });

  it('keeps the backup’s activity log, in order, in the vault a replacement creates', async () => {
    const fixture = await backupFixture();
    await importTestKey(fixture, 'asc-team');
    const file = path.join(fixture.backupFolder, 'backup.sqlite');
    await fixture.backups.backup(file);
    const logged = fixture.vault.events(0, 200).events.filter((event) => event.type !== 'vault.backed-up');

    await fixture.restores.restoreReplace(file, TEST_PASSPHRASE);

    const after = fixture.vault.events(0, 200).events;
    expect(after[0]).toMatchObject({ type: 'vault.restored' });
    expect(after[1], 'the unlock of the backup’s copy that read its records').toMatchObject({ type: 'vault.unlocked' });
    expect(after.slice(2)).toEqual(logged);
  });

  it('refuses a backup file larger than any backup before copying or reading it', async () => {
    const fixture = await backupFixture();
    const huge = path.join(fixture.backupFolder, 'huge.sqlite');
    writeFileSync(huge, Buffer.alloc(0));
    truncateSync(huge, 65 * 1024 * 1024);

    expect(await refusal(() => fixture.restores.openBackup(huge, TEST_PASSPHRASE))).toMatchObject({ code: 'FILE_TOO_LARGE', message: expect.stringContaining('huge.sqlite is 65.0 MiB') });
    fixture.vault.lock();
    expect(readdirSync(path.dirname(fixture.file))).toEqual(['vault.sqlite']);
  });
});
