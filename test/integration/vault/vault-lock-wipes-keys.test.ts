import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { SigningService } from '../../../src-main/signing/signing-service';
import * as aead from '../../../src-main/vault/aead';
import * as kdf from '../../../src-main/vault/kdf';
import type { KeychainPort } from '../../../src-main/vault/keychain';
import { RECORD_FORMAT_VERSION, type Vault } from '../../../src-main/vault/vault';
import { fakeKeychain } from '../../helpers/fake-keychain';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { createdVault, TEST_KDF_COST, TEST_PASSPHRASE, tempFolder, vaultAt } from '../../helpers/temp-vault';

// The vault's own crypto, unchanged, watched so the test holds the very Buffers the vault keeps its keys in.
vi.mock('../../../src-main/vault/aead', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/vault/aead')>();
  return { ...actual, seal: vi.fn(actual.seal), open: vi.fn(actual.open) };
});
vi.mock('../../../src-main/vault/kdf', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/vault/kdf')>();
  return { ...actual, deriveKeyEncryptionKey: vi.fn(actual.deriveKeyEncryptionKey) };
});

/** The vault key's wrapping since format 2, the format with a manifest. */
const WRAPPED_KEY_AAD = 'meta:vault-key:2';
const NEXT_PASSPHRASE = 'a different horse, battery and staple';

const isZeroed = (buffer: Buffer) => buffer.length > 0 && buffer.every((byte) => byte === 0);

/** Every Buffer the vault used as an AES key since the last clear: the vault key and each key-encryption key. */
function cipherKeys(): Buffer[] {
  const used = [...vi.mocked(aead.seal).mock.calls, ...vi.mocked(aead.open).mock.calls].map(([key]) => key);
  return [...new Set(used)];
}

/** The Buffer the vault key was sealed with into its records: the live vault key. */
function liveVaultKey(): Buffer {
  const keys = new Set(vi.mocked(aead.seal).mock.calls.filter(([, , aad]) => aad.startsWith('events:')).map(([key]) => key));
  expect(keys.size).toBe(1);
  return [...keys][0]!;
}

/** What `open` returned for calls whose AAD passes `matches`: the plaintexts the vault decrypted. */
function openedPlaintexts(matches: (aad: string) => boolean): Buffer[] {
  const { calls, results } = vi.mocked(aead.open).mock;
  return calls.flatMap(([, , aad], index) => {
    const result = results[index];
    return matches(aad) && result?.type === 'return' && result.value ? [result.value] : [];
  });
}

/** The key-encryption keys derived from passphrases since the last clear. */
function derivedKeks(): Buffer[] {
  return vi.mocked(kdf.deriveKeyEncryptionKey).mock.settledResults.flatMap((result) => (result.type === 'fulfilled' ? [result.value] : []));
}

/** A keychain that hands the test the Buffers the vault gave it and got back from it. */
function watchedKeychain(): KeychainPort & { given: Buffer[]; returned: Buffer[] } {
  const keychain = fakeKeychain();
  const given: Buffer[] = [];
  const returned: Buffer[] = [];
  return {
    given,
    returned,
    unavailableReason: () => keychain.unavailableReason(),
    encrypt(plaintext) {
      given.push(plaintext);
      return keychain.encrypt(plaintext);
    },
    decrypt(ciphertext) {
      const plaintext = keychain.decrypt(ciphertext);
      returned.push(plaintext);
      return plaintext;
    },
  };
}

async function expectVaultLockedRefusals(vault: Vault, itemId: string) {
  const keychain = watchedKeychain();
  const operations: Array<[string, () => unknown]> = [
    ['listItems', () => vault.listItems()],
    ['withSecretField', () => vault.withSecretField(itemId, 'pem', (bytes) => bytes)],
    ['transaction', () => vault.transaction((writer) => writer.putItem({ data: {}, secret: 'new' }))],
    ['events', () => vault.events(0, 10)],
    ['lastBackupAt', () => vault.lastBackupAt()],
    ['enableQuickUnlock', () => vault.enableQuickUnlock(keychain, false)],
    ['changePassphrase', () => vault.changePassphrase(TEST_PASSPHRASE, NEXT_PASSPHRASE)],
    ['backupTo', () => vault.backupTo(path.join(tempFolder(), 'backup.sqlite'))],
  ];
  for (const [name, operation] of operations) {
    await expect(Promise.resolve().then(operation), name).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
  }
  expect(keychain.given).toEqual([]);
  expect(vault.status().state).toBe('locked');
}

beforeEach(() => {
  vi.clearAllMocks();
});

describe('locking wipes key material from memory', () => {
  it('a new vault: lock leaves its vault key all zeros, and key operations refuse with VAULT_LOCKED', async () => {
    const { vault } = await createdVault();
    const item = vault.transaction((writer) => writer.putItem({ data: { name: 'kept' }, secret: { pem: 'secret text' } }));
    const [kek] = derivedKeks();
    expect(kek && isZeroed(kek), 'the key-encryption key is wiped once the vault key is wrapped').toBe(true);
    const vaultKey = liveVaultKey();
    expect(isZeroed(vaultKey), 'an unlocked vault still holds its key').toBe(false);

    vault.lock();

    expect(isZeroed(vaultKey)).toBe(true);
    for (const key of cipherKeys()) expect(isZeroed(key)).toBe(true);
    await expectVaultLockedRefusals(vault, item.id);
  });

  it('a passphrase unlock: the keys it derived are wiped at once, the vault key and each decrypted record at lock or after use', async () => {
    const { vault, file } = await createdVault();
    const item = vault.transaction((writer) => writer.putItem({ data: { name: 'kept' }, secret: { pem: 'secret text' } }));
    vault.lock();
    vi.clearAllMocks();

    // Stronger settings than the stored ones, so the unlock also re-wraps the vault key under a second derived key.
    const reopened = vaultAt(file, { kdfCost: { ...TEST_KDF_COST, memoryKiB: TEST_KDF_COST.memoryKiB * 2 } });
    await reopened.unlock(TEST_PASSPHRASE);
    expect(derivedKeks()).toHaveLength(2);
    for (const kek of derivedKeks()) expect(isZeroed(kek)).toBe(true);
    const checkedRecords = openedPlaintexts((aad) => aad.startsWith('items:'));
    expect(checkedRecords).toHaveLength(1);
    expect(isZeroed(checkedRecords[0]!), 'the record read to check it at unlock').toBe(true);
    const [vaultKey] = openedPlaintexts((aad) => aad === WRAPPED_KEY_AAD);
    expect(vaultKey && isZeroed(vaultKey)).toBe(false);

    vi.clearAllMocks();
    let field: Buffer | undefined;
    const secret = reopened.withSecretField(item.id, 'pem', (bytes) => {
      const [plaintext] = openedPlaintexts((aad) => aad.startsWith('items:'));
      expect(plaintext && isZeroed(plaintext), 'readable while in use').toBe(false);
      field = bytes;
      return bytes.toString();
    });
    expect(secret).toBe('secret text');
    const [fieldSource] = openedPlaintexts((aad) => aad.startsWith('items:'));
    expect(fieldSource && isZeroed(fieldSource) && field && isZeroed(field), 'the record and the field’s bytes wiped once withSecretField returns').toBe(true);

    vi.clearAllMocks();
    reopened.transaction((writer) => writer.updateItemData(item.id, { name: 'renamed' }));
    const [rewritten] = openedPlaintexts((aad) => aad.startsWith('items:'));
    expect(rewritten && isZeroed(rewritten), 'the record read to keep its secret through an edit').toBe(true);
    expect(reopened.withSecretField(item.id, 'pem', (bytes) => bytes.toString())).toBe('secret text');

    reopened.lock();
    expect(isZeroed(vaultKey!)).toBe(true);
    await expectVaultLockedRefusals(reopened, item.id);
  });

  it('a passphrase change wipes both derived keys, the copy of the vault key it opened to check the passphrase, and the old vault key', async () => {
    const { vault } = await createdVault();
    const oldVaultKey = liveVaultKey();
    vi.clearAllMocks();

    await vault.changePassphrase(TEST_PASSPHRASE, NEXT_PASSPHRASE);

    expect(isZeroed(oldVaultKey), 'the vault key before the change, replaced by a new one').toBe(true);
    expect(derivedKeks()).toHaveLength(2);
    for (const kek of derivedKeks()) expect(isZeroed(kek)).toBe(true);
    const [checkedCopy] = openedPlaintexts((aad) => aad === WRAPPED_KEY_AAD);
    expect(checkedCopy && isZeroed(checkedCopy)).toBe(true);
    const vaultKey = liveVaultKey();
    expect(isZeroed(vaultKey)).toBe(false);

    vault.lock();
    expect(isZeroed(vaultKey)).toBe(true);
  });

  it('a wrong passphrase wipes the key it derived and leaves no vault key behind', async () => {
    const { vault } = await createdVault();
    const item = vault.transaction((writer) => writer.putItem({ data: { name: 'kept' }, secret: { pem: 'secret text' } }));
    vault.lock();
    vi.clearAllMocks();

    await expect(vault.unlock('not the passphrase at all')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });

    expect(derivedKeks()).toHaveLength(1);
    expect(isZeroed(derivedKeks()[0]!)).toBe(true);
    expect(openedPlaintexts((aad) => aad === WRAPPED_KEY_AAD)).toEqual([]);
    await expectVaultLockedRefusals(vault, item.id);
  });

  it('quick unlock: lock wipes the vault key the keychain gave back, and a refused quick unlock wipes it at once', async () => {
    const keychain = watchedKeychain();
    const { vault, file } = await createdVault();
    vault.enableQuickUnlock(keychain, true);
    expect(keychain.given).toEqual([liveVaultKey()]);
    vault.lock();
    expect(isZeroed(keychain.given[0]!)).toBe(true);

    await vault.unlockWithKeychain(keychain);
    const [fromKeychain] = keychain.returned;
    expect(fromKeychain && isZeroed(fromKeychain), 'the vault key while unlocked').toBe(false);
    vault.lock();
    expect(isZeroed(fromKeychain!)).toBe(true);

    // A fresh process whose user asked for the passphrase after each restart: the key comes back, then is refused.
    const afterRestart = vaultAt(file);
    await expect(afterRestart.unlockWithKeychain(keychain)).rejects.toMatchObject({ code: 'PASSPHRASE_REQUIRED' });
    expect(keychain.returned).toHaveLength(2);
    expect(isZeroed(keychain.returned[1]!)).toBe(true);
  });

  it('signing a token wipes the decrypted record that held the private key, and lock wipes the vault key', async () => {
    const { vault } = await createdVault();
    const keys = new KeyService({ vault });
    const signing = new SigningService({ vault, keys });
    const keyFile = path.join(tempFolder(), 'AuthKey_TEAMKEY001.p8');
    const p8 = appStoreConnectP8(generateP256Key());
    writeFileSync(keyFile, p8);
    const { key } = await keys.importKey({ source: { type: 'file', path: keyFile }, kind: 'asc-team', issuerId: '57246542-96fe-1a63-e053-0824d011072a' });
    vi.clearAllMocks();

    const { token } = await signing.issueToken(key.id, { template: 'asc-team' });

    expect(token.split('.')).toHaveLength(3);
    const records = openedPlaintexts((aad) => aad === `items:${key.id}:${RECORD_FORMAT_VERSION}`);
    expect(records).toHaveLength(1);
    expect(records[0]!.length, 'the record carried the whole key').toBeGreaterThan(p8.length);
    expect(isZeroed(records[0]!)).toBe(true);

    const vaultKey = liveVaultKey();
    vault.lock();
    expect(isZeroed(vaultKey)).toBe(true);
  });
});
