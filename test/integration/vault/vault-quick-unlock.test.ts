import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { QUICK_UNLOCKS_PER_PASSPHRASE } from '../../../src-main/vault/keychain';
import { fakeKeychain } from '../../helpers/fake-keychain';
import { createdVault, TEST_PASSPHRASE, vaultAt } from '../../helpers/temp-vault';

const keychainRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT key FROM meta WHERE key IN ('keychain_wrapped_key', 'quick_unlock_state') ORDER BY key").all();
  } finally {
    db.close();
  }
};

describe('quick unlock with the OS keychain', () => {
  it('is off by default and refuses until turned on', async () => {
    const { vault } = await createdVault();
    expect(vault.status().quickUnlock).toBe(false);
    vault.lock();
    await expect(vault.unlockWithKeychain(fakeKeychain())).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
  });

  it('unlocks five times with the keychain, then asks for the passphrase, which resets the count', async () => {
    const keychain = fakeKeychain();
    const { vault, file } = await createdVault();
    vault.transaction((writer) => writer.putItem({ data: { name: 'kept' }, secret: { pem: 'x' } }));
    vault.enableQuickUnlock(keychain, false);
    vault.lock();
    expect(vault.status()).toMatchObject({ state: 'locked', quickUnlock: true });

    for (let round = 0; round < QUICK_UNLOCKS_PER_PASSPHRASE; round += 1) {
      await vault.unlockWithKeychain(keychain);
      expect(vault.listItems()).toHaveLength(1);
      vault.lock();
    }
    await expect(vault.unlockWithKeychain(keychain)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED', message: expect.stringContaining('5 quick unlocks') });
    expect(vault.status().state).toBe('locked');

    await vault.unlock(TEST_PASSPHRASE);
    vault.lock();
    await vault.unlockWithKeychain(keychain);
    vault.lock();
    expect(keychainRows(file)).toHaveLength(2);
  });

  it('asks for the passphrase after a restart when the user chose that', async () => {
    const keychain = fakeKeychain();
    const { vault, file } = await createdVault();
    vault.enableQuickUnlock(keychain, true);
    vault.lock();
    await vault.unlockWithKeychain(keychain);
    vault.lock();

    const afterRestart = vaultAt(file);
    await expect(afterRestart.unlockWithKeychain(keychain)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED', message: expect.stringContaining('restart') });
    await afterRestart.unlock(TEST_PASSPHRASE);
    afterRestart.lock();
    await afterRestart.unlockWithKeychain(keychain);
    afterRestart.lock();
  });

  it('asks for the passphrase once after every passphrase change', async () => {
    const keychain = fakeKeychain();
    const { vault } = await createdVault();
    vault.enableQuickUnlock(keychain, false);
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase', keychain);
    vault.lock();
    await expect(vault.unlockWithKeychain(keychain)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED', message: expect.stringContaining('changed') });
    await vault.unlock('a brand new passphrase');
    vault.lock();
    await vault.unlockWithKeychain(keychain);
  });

  it('turns quick unlock off when the passphrase changes where no keychain can hold the new vault key (the command line)', async () => {
    const keychain = fakeKeychain();
    const { vault, file } = await createdVault();
    vault.enableQuickUnlock(keychain, false);
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
    expect(vault.status().quickUnlock).toBe(false);
    expect(vault.events(0, 5).events.map((event) => event.summary)).toContain('Quick unlock with the system keychain turned off: the vault key changed with the passphrase');
    vault.lock();
    expect(keychainRows(file)).toEqual([]);
  });

  it('is refused with an explanation where the keychain is plain text, and stores nothing', async () => {
    const { vault, file } = await createdVault();
    expect(() => vault.enableQuickUnlock(fakeKeychain('the basic_text backend stores secrets unencrypted'), false)).toThrow(
      expect.objectContaining({ code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('basic_text') }),
    );
    vault.lock();
    expect(keychainRows(file)).toEqual([]);
  });

  it('deletes the keychain copy when turned off', async () => {
    const { vault, file } = await createdVault();
    vault.enableQuickUnlock(fakeKeychain(), false);
    vault.disableQuickUnlock();
    vault.lock();
    expect(keychainRows(file)).toEqual([]);
    expect(vault.status().quickUnlock).toBe(false);
  });

  it('falls back to the passphrase when the keychain copy belongs to another vault or is damaged', async () => {
    const keychain = fakeKeychain();
    const { vault, file } = await createdVault();
    vault.enableQuickUnlock(keychain, false);
    vault.lock();
    const other = fakeKeychain();
    await expect(vault.unlockWithKeychain(other)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });

    const db = new Database(file);
    db.prepare("UPDATE meta SET value = ? WHERE key = 'keychain_wrapped_key'").run(keychain.encrypt(Buffer.alloc(32, 7)).toString('base64'));
    db.close();
    await expect(vault.unlockWithKeychain(keychain)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED', message: expect.stringContaining('does not open this vault') });
    expect(vault.status().state).toBe('locked');
    await vault.unlock(TEST_PASSPHRASE);
  });

  it('counts a keychain row planted without its sealed state as no quick unlock, and a passphrase change removes it', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const db = new Database(file);
    db.prepare("INSERT INTO meta (key, value) VALUES ('keychain_wrapped_key', 'AAAA')").run();
    db.close();
    expect(vault.status().quickUnlock).toBe(false);

    // The row lies outside the manifest (the keychain guards it), so the vault still opens.
    await vault.unlock(TEST_PASSPHRASE);
    expect(vault.status().quickUnlock).toBe(false);
    await vault.changePassphrase(TEST_PASSPHRASE, 'a brand new passphrase');
    vault.lock();
    expect(keychainRows(file)).toEqual([]);
  });
});
