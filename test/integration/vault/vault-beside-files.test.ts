import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { seenGenerationsInMemory } from '../../../src-main/vault/seen-generations';
import { BackupService } from '../../../src-main/vault/vault-backup';
import { RestoreService } from '../../../src-main/vault/vault-restore';
import { createdVault, TEST_KDF_COST, TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

/**
 * What lies beside the vault file is part of it to SQLite: a -wal is read with the file and folded
 * into it when the last connection closes, a -journal is played back into it on open. Someone who can
 * put such a file there must not get a refused vault rewritten, and the file a restore replaced must
 * not come back unnoticed.
 */

/** A -wal made by python3's SQLite from a copy of `vault` after `sql`, its writes left out of the copy (no checkpoint). */
function walFrom(vault: string, sql: string): Buffer {
  const scratch = path.join(tempFolder(), 'scratch.sqlite');
  copyFileSync(vault, scratch);
  execFileSync('python3', [
    '-c',
    'import os, sqlite3, sys\ndb = sqlite3.connect(sys.argv[1], isolation_level=None)\ndb.execute("PRAGMA wal_autocheckpoint = 0")\ndb.executescript(sys.argv[2])\nos._exit(0)',
    scratch,
    sql,
  ]);
  return readFileSync(`${scratch}-wal`);
}

async function lockedVaultWithAKey(): Promise<string> {
  const { vault, file } = await createdVault();
  vault.transaction((writer) => writer.putItem({ data: { name: 'kept' }, secret: { pem: 'kept' } }));
  vault.lock();
  return file;
}

describe('files beside the vault', () => {
  it.each([
    { planted: 'a trigger that keeps deleted keys', sql: 'CREATE TRIGGER keep_keys BEFORE DELETE ON items BEGIN SELECT RAISE(IGNORE); END;', says: /it holds a trigger that the app never creates \("keep_keys"\)/ },
    { planted: 'a deleted key row', sql: 'DELETE FROM items;', says: /1 key record was removed from it/ },
  ])('refuses a vault whose planted -wal holds $planted, leaving the file and the -wal byte for byte as they were', async ({ sql, says }) => {
    const file = await lockedVaultWithAKey();
    writeFileSync(`${file}-wal`, walFrom(file, sql));
    const vaultBefore = readFileSync(file);
    const walBefore = readFileSync(`${file}-wal`);

    await expect(vaultAt(file).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED', message: expect.stringMatching(says) });

    expect(readFileSync(file).equals(vaultBefore), 'nothing folded into the vault').toBe(true);
    expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).equals(walBefore), 'the -wal left where it was, for whoever looks into it').toBe(true);
  });

  it('still opens a vault whose -wal holds writes a crash left there, with them', async () => {
    const file = await lockedVaultWithAKey();
    writeFileSync(`${file}-wal`, Buffer.alloc(0));
    const vault = vaultAt(file);
    await vault.unlock(TEST_PASSPHRASE);
    expect(vault.listItems().map((item) => item.data)).toEqual([{ name: 'kept' }]);
    vault.lock();
  });

  it('refuses a rollback journal beside the vault instead of playing it into the file', async () => {
    const file = await lockedVaultWithAKey();
    writeFileSync(`${file}-journal`, Buffer.alloc(4096, 0x41));
    const before = readFileSync(file);

    await expect(vaultAt(file).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({
      code: 'VAULT_DAMAGED',
      message: expect.stringContaining('a rollback journal the app never writes lies beside it (vault.sqlite-journal)'),
    });
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses, as replaced by a restore, the vault file a restore kept aside when it is put back in place', async () => {
    const seenGenerations = seenGenerationsInMemory();
    const { vault, file } = await createdVault({ seenGenerations });
    const keys = new KeyService({ vault });
    vault.transaction((writer) => writer.putItem({ data: { name: 'before the backup' }, secret: { pem: 'x' } }));
    const backup = path.join(tempFolder(), 'backup.sqlite');
    await new BackupService({ vault, keys }).backup(backup);
    const { replacedFile } = await new RestoreService({ vault, keys, kdfCost: TEST_KDF_COST }).restoreReplace(backup, TEST_PASSPHRASE);
    vault.lock();

    renameSync(replacedFile!, file);
    const putBack = vaultAt(file, { seenGenerations });
    await expect(putBack.unlock(TEST_PASSPHRASE)).rejects.toMatchObject({
      code: 'VAULT_ROLLED_BACK',
      message: expect.stringContaining('This vault file is one a restore replaced on this computer'),
    });
    await putBack.unlock(TEST_PASSPHRASE, { allowOlder: true });
    expect(putBack.status().state).toBe('unlocked');
  });
});
