import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { Vault, type VaultOptions } from '../../src-main/vault/vault';

import { TEST_KDF_COST, TEST_PASSPHRASE } from './temp-vault-constants';

export { TEST_KDF_COST, TEST_PASSPHRASE };

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temp folder, removed after the test. */
export function tempFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-vault-test-'));
  folders.push(folder);
  return folder;
}

export function vaultAt(file: string, options: Partial<VaultOptions> = {}): Vault {
  return new Vault({ path: file, kdfCost: TEST_KDF_COST, ...options });
}

export async function createdVault(options: Partial<VaultOptions> = {}): Promise<{ vault: Vault; file: string }> {
  const file = path.join(tempFolder(), 'vault.sqlite');
  const vault = vaultAt(file, options);
  await vault.create(TEST_PASSPHRASE);
  return { vault, file };
}
