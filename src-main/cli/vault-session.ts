import { existsSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { createVaultServices, type VaultServices } from '../app/create-services';
import { makeOwnerOnlyFolder } from '../vault/owner-only';
import { SEEN_GENERATIONS_FILE, seenGenerationsFile } from '../vault/seen-generations';
import { Vault } from '../vault/vault';
import { defaultVaultPath } from './default-vault-path';
import type { PassphrasePurpose } from './passphrase-sources';

/** What every command needs: which vault file, and how to get its passphrase when it comes to that. */
export interface VaultTarget {
  vaultPath: string;
  askPassphrase: (purpose: PassphrasePurpose) => Promise<string>;
  /** `--allow-older`: open a vault file older than the one last opened on this computer. */
  allowOlder: boolean;
  /** A line for stderr that does not stop the command (permissions tightened, format upgraded). */
  warn: (text: string) => void;
}

/**
 * The vault, remembering its newest generation where the desktop app does (its data folder, whatever
 * --vault says), so that the app and the command line notice the same older copy.
 */
function vaultAt(target: VaultTarget): Vault {
  return new Vault({ path: target.vaultPath, eventSource: 'cli', seenGenerations: seenGenerationsFile(path.join(path.dirname(defaultVaultPath()), SEEN_GENERATIONS_FILE)) });
}

/** Unlocks, passing on --allow-older and saying on stderr what the unlock changed besides. */
async function unlockFor(target: VaultTarget, vault: Vault, passphrase: string): Promise<void> {
  const { notices } = await vault.unlock(passphrase, { allowOlder: target.allowOlder });
  for (const notice of notices) target.warn(`warning: ${notice}`);
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
  const vault = vaultAt(target);
  try {
    await unlockFor(target, vault, passphrase);
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
  const firstFolderMade = makeOwnerOnlyFolder(folder);
  const vault = vaultAt(target);
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


/** Creates a new vault (and its folder, owner-only, as Electron does for userData) and leaves it locked. */
export async function createLockedVault(target: VaultTarget): Promise<void> {
  if (vaultFileExists(target)) {
    throw new AppError('VAULT_EXISTS', `A vault already exists at ${target.vaultPath}. Use it, or give another path with --vault.`);
  }
  const passphrase = await target.askPassphrase('create');
  checkNewPassphrase(passphrase); // before the folder is made, so a refused passphrase leaves nothing behind
  makeOwnerOnlyFolder(path.dirname(target.vaultPath));
  const vault = vaultAt(target);
  try {
    await vault.create(passphrase);
  } finally {
    vault.lock();
  }
}

/**
 * Changes the passphrase: the current one, then the new one (twice on a terminal), which must pass
 * the app's rules before anything is opened; the vault is re-keyed. Returns whether quick unlock was on and had to go.
 */
export async function changeVaultPassphrase(target: VaultTarget, askNew: () => Promise<string>): Promise<{ quickUnlockTurnedOff: boolean }> {
  if (!vaultFileExists(target)) {
    throw new AppError('NO_VAULT', `There is no vault at ${target.vaultPath}. Create one with \`init\`, or give the path of yours with --vault.`);
  }
  const current = await target.askPassphrase('unlock');
  const next = await askNew();
  checkNewPassphrase(next); // before the unlock, so a refused passphrase leaves the file as it was
  const vault = vaultAt(target);
  try {
    await unlockFor(target, vault, current);
    const hadQuickUnlock = vault.status().quickUnlock;
    // No keychain here: the app's copy of the old vault key is removed, and quick unlock with it.
    await vault.changePassphrase(current, next);
    return { quickUnlockTurnedOff: hadQuickUnlock };
  } finally {
    vault.lock();
  }
}
