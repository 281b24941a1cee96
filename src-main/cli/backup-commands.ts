import { statSync } from 'node:fs';
import path from 'node:path';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { BackupContents, RestoreMode } from '../../src-shared/vault/backup';
import { backupTooLarge, MAX_BACKUP_BYTES } from '../vault/vault-restore';
import { checkFileArgument } from './file-arguments';
import { formatTable, keyJson, keyState, oneLine, type CommandOutput } from './output';
import { BACKUP_PASSPHRASE, preparePassphrase, type PassphraseSources } from './passphrase-sources';
import { UsageError } from './usage-error';
import { vaultFileExists, withMissingVault, withUnlockedVault, type VaultServices, type VaultTarget } from './vault-session';

export interface RestoreOptions {
  mode?: RestoreMode;
  preview: boolean;
  yes: boolean;
}

/** A copy of the whole vault file with the app's BackupService; it opens with the vault's passphrase of the moment. */
export function backupVault(target: VaultTarget, out: string, overwrite: boolean): Promise<CommandOutput> {
  return withUnlockedVault(target, async ({ backups }) => {
    const result = await backups.backup(out, { overwrite });
    return {
      json: { path: result.path, at: result.at, keyCount: result.keyCount },
      text:
        `Backed up the vault (${result.keyCount} key${result.keyCount === 1 ? '' : 's'}) to ${result.path} at ${result.at}.\n` +
        'It opens with the vault’s current passphrase. Keep it on another disk; `restore` reads it back.',
    };
  });
}

/** The command-line checks, made before any file is opened or passphrase asked. */
function checkRestoreOptions({ mode, preview, yes }: RestoreOptions): void {
  if (preview) return;
  if (mode === undefined) throw new UsageError('Choose --mode merge (add the keys the vault lacks) or --mode replace (the whole vault), or look first with --preview.');
  if (mode === 'replace' && !yes) {
    throw new UsageError(
      '--mode replace replaces the whole vault with the backup, and the vault then opens with the backup’s passphrase. ' +
        'The current file is kept aside. Add --yes to go ahead, or use --mode merge to add only the keys the vault lacks.',
    );
  }
}

/**
 * Restores with the app's RestoreService. Merge and preview unlock the vault (preview to tell which
 * of the backup's keys it lacks); replace unlocks it too, which proves it is the user's and holds
 * its lock so a vault open in the app is never replaced under it. Where there is no vault yet,
 * replace and preview need only the backup's passphrase.
 */
export function restoreVault(target: VaultTarget, file: string, options: RestoreOptions, sources: PassphraseSources): Promise<CommandOutput> {
  checkRestoreOptions(options);
  const askBackupPassphrase = preparePassphrase(BACKUP_PASSPHRASE, 'unlock', sources);
  // Before the vault's passphrase is asked for, as the backup's source above: no unlock for a file no app wrote.
  checkFileArgument(file);
  const { size } = statSync(file);
  if (size > MAX_BACKUP_BYTES) throw backupTooLarge(path.basename(file), size);
  const merging = !options.preview && options.mode === 'merge';
  const withVault = merging || vaultFileExists(target) ? withUnlockedVault : withMissingVault;
  return withVault(target, async (services) => {
    const passphrase = await askBackupPassphrase();
    if (options.preview) return previewOutput(await services.restore.openBackup(file, passphrase), services.vault.isUnlocked);
    return merging ? merge(services, file, passphrase) : replace(services, target, file, passphrase);
  });
}

async function merge({ restore }: VaultServices, file: string, passphrase: string): Promise<CommandOutput> {
  const result = await restore.restoreMerge(file, passphrase);
  const lines = [
    result.imported.length === 0
      ? `Merged no keys from ${path.basename(file)}: the vault holds them all.`
      : `Merged ${result.imported.length} key${result.imported.length === 1 ? '' : 's'} from ${path.basename(file)}:`,
    ...result.imported.map(keyLine),
  ];
  if (result.alreadyPresent.length > 0) lines.push('Already in the vault, left as they are:', ...result.alreadyPresent.map(keyLine));
  return {
    json: { mode: 'merge', backup: path.resolve(file), imported: result.imported.map(keyJson), alreadyPresent: result.alreadyPresent.map(keyJson) },
    text: lines.join('\n'),
  };
}

async function replace({ restore }: VaultServices, target: VaultTarget, file: string, passphrase: string): Promise<CommandOutput> {
  const result = await restore.restoreReplace(file, passphrase);
  const kept = result.replacedFile === null ? 'There was no vault before, so nothing was kept aside.' : `The replaced vault was kept as ${result.replacedFile}.`;
  return {
    json: { mode: 'replace', backup: path.resolve(file), vault: target.vaultPath, replacedFile: result.replacedFile, keys: result.keys.map(keyJson) },
    text: [
      `Replaced the vault at ${target.vaultPath} with the backup ${path.basename(file)} (${result.keys.length} key${result.keys.length === 1 ? '' : 's'}).`,
      kept,
      'The vault now opens with the backup’s passphrase.',
    ].join('\n'),
  };
}

function previewOutput(contents: BackupContents, compared: boolean): CommandOutput {
  const missing = new Set((contents.missingFromVault ?? []).map((key) => key.fingerprint));
  const inVault = (key: KeySummary) => (!compared ? '-' : missing.has(key.fingerprint) ? 'no' : 'yes');
  const table =
    contents.keys.length === 0
      ? 'The backup holds no keys.'
      : formatTable(['NAME', 'KEY ID', 'KIND', 'STATE', 'IN THE VAULT'], contents.keys.map((key) => [key.name, key.keyId, key.kind, keyState(key), inVault(key)])).trimEnd();
  const summary = !compared
    ? 'There is no vault at this path yet: --mode replace --yes makes the backup the vault.'
    : missing.size === 0
      ? 'The vault holds every key of the backup; --mode merge would add none.'
      : `${missing.size} of its keys ${missing.size === 1 ? 'is' : 'are'} not in the vault; --mode merge would add ${missing.size === 1 ? 'it' : 'them'}.`;
  return {
    json: {
      backup: contents.path,
      lastBackupAt: contents.lastBackupAt,
      keys: contents.keys.map(keyJson),
      missingFromVault: compared ? (contents.missingFromVault ?? []).map(keyJson) : null,
    },
    text: [`Backup ${contents.path}:`, table, summary, 'Nothing was restored (--preview).'].join('\n'),
  };
}

function keyLine(key: KeySummary): string {
  return `  "${oneLine(key.name)}" (${key.keyId}), ${key.kind}`;
}
