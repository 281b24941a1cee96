import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { createVaultServices, type VaultServices } from '../app/create-services';
import { Vault } from '../vault/vault';
import type { PassphrasePurpose } from './passphrase-sources';

/** What every command needs: which vault file, and how to get its passphrase when it comes to that. */
export interface VaultTarget {
  vaultPath: string;
  askPassphrase: (purpose: PassphrasePurpose) => Promise<string>;
}

/** The CLI uses the app's own services over the same file, less everything that needs a window. */
export type { VaultServices };

/** Whether the file is there (the app's "none" state otherwise); opens nothing and says nothing about what it holds. */
export function vaultFileExists(target: Pick<VaultTarget, 'vaultPath'>): boolean {
  return existsSync(target.vaultPath);
}

/**
 * Unlocks the vault for the length of `work`, then locks it (wiping the vault key and closing the
 * file, so the app can open it) whether `work` succeeds or throws.
 */
export async function withUnlockedVault<Result>(target: VaultTarget, work: (services: VaultServices) => Result | Promise<Result>): Promise<Result> {
  if (!vaultFileExists(target)) {
    throw new AppError('NO_VAULT', `There is no vault at ${target.vaultPath}. Create one with \`init\`, or give the path of yours with --vault.`);
  }
  const passphrase = await target.askPassphrase('unlock');
  const vault = new Vault({ path: target.vaultPath });
  try {
    await vault.unlock(passphrase);
    return await work(createVaultServices(vault));
  } finally {
    vault.lock();
  }
}

/**
 * For `restore` onto a machine that has no vault yet: the services over a vault that does not exist,
 * for RestoreService to restore into. Its folder is made, as `init` makes it (RestoreService opens the
 * backup's copy there), and removed again when nothing was restored into it. Locked again afterwards.
 */
export async function withMissingVault<Result>(target: VaultTarget, work: (services: VaultServices) => Promise<Result>): Promise<Result> {
  // Resolved, so that the folder mkdirSync reports as the first it made is spelled as the walk back up meets it.
  const folder = path.resolve(path.dirname(target.vaultPath));
  const firstFolderMade = mkdirSync(folder, { recursive: true });
  const vault = new Vault({ path: target.vaultPath });
  try {
    return await work(createVaultServices(vault));
  } finally {
    vault.lock();
    if (firstFolderMade !== undefined && !vaultFileExists(target)) removeEmptyFolders(folder, firstFolderMade);
  }
}

/** Removes `folder` and its parents up to and including `top`, stopping at the first that is not empty. */
function removeEmptyFolders(folder: string, top: string): void {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      rmdirSync(current);
    } catch {
      return;
    }
    if (current === top) return;
  }
}


/** Creates a new vault (and its folder, as Electron does for userData) and leaves it locked. */
export async function createLockedVault(target: VaultTarget): Promise<void> {
  if (vaultFileExists(target)) {
    throw new AppError('VAULT_EXISTS', `A vault already exists at ${target.vaultPath}. Use it, or give another path with --vault.`);
  }
  const passphrase = await target.askPassphrase('create');
  checkNewPassphrase(passphrase); // before the folder is made, so a refused passphrase leaves nothing behind
  mkdirSync(path.dirname(target.vaultPath), { recursive: true });
  const vault = new Vault({ path: target.vaultPath });
  try {
    await vault.create(passphrase);
  } finally {
    vault.lock();
  }
}
