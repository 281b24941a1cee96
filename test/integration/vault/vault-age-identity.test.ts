import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { VaultAgeIdentity } from '../../../src-main/exports/bundle/vault-age-identity';
import { KeyService } from '../../../src-main/keys/key-service';
import { BackupService } from '../../../src-main/vault/vault-backup';
import { RestoreService } from '../../../src-main/vault/vault-restore';
import { createdVault, TEST_KDF_COST, TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

const NEXT_PASSPHRASE = 'copper-lantern-violet-harbor-quiet-maple';

describe("the vault's own age identity", () => {
  it('is made once, on first need, and recorded in the activity log', async () => {
    const { vault } = await createdVault();
    const before = vault.events(0, 10).total;
    const identity = new VaultAgeIdentity(vault);

    const recipient = await identity.recipient();

    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(await identity.recipient()).toBe(recipient);
    expect(vault.events(0, 10).total).toBe(before + 1);
    expect(vault.events(0, 1).events[0]).toMatchObject({ type: 'vault.identity-created' });
  });

  it('stays the same across lock, unlock and a passphrase change, which re-seals it', async () => {
    const { vault, file } = await createdVault();
    const recipient = await new VaultAgeIdentity(vault).recipient();
    await vault.changePassphrase(TEST_PASSPHRASE, NEXT_PASSPHRASE);
    vault.lock();

    const reopened = vaultAt(file);
    await reopened.unlock(NEXT_PASSPHRASE);

    expect(await new VaultAgeIdentity(reopened).recipient()).toBe(recipient);
  });

  it('comes back with a restore that replaces the vault, so bundles sent to it still open', async () => {
    const { vault } = await createdVault();
    const keys = new KeyService({ vault });
    const recipient = await new VaultAgeIdentity(vault).recipient();
    const backup = path.join(tempFolder(), 'backup.sqlite');
    await new BackupService({ vault, keys }).backup(backup);
    await vault.changePassphrase(TEST_PASSPHRASE, NEXT_PASSPHRASE);

    await new RestoreService({ vault, keys, kdfCost: TEST_KDF_COST }).restoreReplace(backup, TEST_PASSPHRASE);

    expect(await new VaultAgeIdentity(vault).recipient()).toBe(recipient);
  });

  it('is stored sealed: the file does not hold its secret in clear, and a changed record is damage', async () => {
    const { vault, file } = await createdVault();
    await new VaultAgeIdentity(vault).recipient();
    vault.lock();
    const db = new Database(file);
    const stored = (db.prepare("SELECT value FROM meta WHERE key = 'age_identity'").get() as { value: string }).value;
    expect(stored).not.toMatch(/AGE-SECRET-KEY/);
    db.prepare("DELETE FROM meta WHERE key = 'age_identity'").run();
    db.close();

    await expect(vaultAt(file).unlock(TEST_PASSPHRASE)).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
  });
});
