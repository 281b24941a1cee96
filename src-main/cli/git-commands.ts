import { statSync } from 'node:fs';
import path from 'node:path';
import { runGit } from '../git/git-runner';
import { installPreCommitHook } from '../git/pre-commit-hook';
import { findStagedKeys, type StagedKeyFile } from '../git/staged-keys';
import { DEFAULT_SCAN_LIMITS } from '../scan/stray-copy-scan';
import { StrayCopiesService } from '../scan/stray-copies-service';
import { EXIT } from './exit-codes';
import { formatTable, oneLine, type CommandOutput } from './output';
import { UsageError } from './usage-error';
import { withUnlockedVault, type VaultTarget } from './vault-session';

/** How the hook calls this CLI again: the same Node and script that installs it. */
function thisCommand(): string[] {
  return [process.execPath, path.resolve(process.argv[1] ?? '')];
}

export function installGitHook(repository: string): CommandOutput {
  const installed = installPreCommitHook(path.resolve(repository), thisCommand(), runGit);
  return {
    json: { hookFile: installed.hookFile, chained: installed.chained, alreadyInstalled: installed.alreadyInstalled },
    text: [
      installed.alreadyInstalled ? `Updated the pre-commit hook at ${installed.hookFile}.` : `Installed the pre-commit hook at ${installed.hookFile}.`,
      ...(installed.chained ? [`The hook that was there before is kept as ${installed.chained} and runs first.`] : []),
      'Commits whose staged files hold a private key or a .p8 file are now refused. Check by hand with `scan --staged`.',
    ].join('\n'),
  };
}

const REASONS: Record<StagedKeyFile['reason'], string> = {
  'p8-file': 'a .p8 key file',
  'private-key': 'holds a private key',
};

/** The hook's check: refuses (exit 10) when the staged files would commit a private key, naming them. */
export function scanStaged(repository: string): CommandOutput {
  const found = findStagedKeys(path.resolve(repository), runGit);
  if (found.length === 0) return { json: { staged: true, found: [] }, text: 'No private keys in the staged files.' };
  return {
    json: { staged: true, found: found.map(({ path: file, reason }) => ({ path: file, reason })) },
    text: `Refused: ${found.length === 1 ? 'one staged file holds' : `${found.length} staged files hold`} a private key (listed above).`,
    refusals: [
      [
        `asc-key-vault: this commit would add ${found.length === 1 ? 'a private key' : 'private keys'} to the repository:`,
        ...found.map((file) => `  ${file.path}  (${REASONS[file.reason]})`),
        'Unstage them (git restore --staged FILE) and keep keys in the vault; add them to .gitignore.',
        'To commit them anyway, on purpose: git commit --no-verify',
        '',
      ].join('\n'),
    ],
    exitCode: EXIT.keysFound,
  };
}

/**
 * `scan PATH…`: plaintext private keys in the folders, each marked as in the vault (a copy that can go)
 * or not (import it). Reports only; nothing is moved or deleted. Exit 10 when any is found.
 */
export function scanFolders(target: VaultTarget, folders: readonly string[]): Promise<CommandOutput> {
  for (const folder of folders) checkFolderArgument(folder);
  return withUnlockedVault(target, async ({ keys }) => {
    const result = await new StrayCopiesService({ keys }).scan(folders);
    const rows = result.copies.map((copy) => [copy.path, copy.inVault ? `in the vault as "${oneLine(copy.inVault.name)}" (${copy.inVault.keyId})` : copy.encrypted ? 'encrypted, not matched' : 'not in the vault: import it']);
    const skipped = result.skipped;
    return {
      json: { folders: result.folders, filesRead: result.filesRead, skipped, copies: result.copies.map(({ id: _id, ...copy }) => copy) },
      text: [
        result.copies.length === 0
          ? `No private keys in ${result.filesRead} files read.`
          : `${result.copies.length} file${result.copies.length === 1 ? ' holds' : 's hold'} a private key in plaintext (${result.filesRead} files read):`,
        ...(rows.length > 0 ? [formatTable(['FILE', 'STATE'], rows).trimEnd()] : []),
        `Not looked into: ${skipped.dependencyFolders} dependency or VCS folders, ${skipped.symlinks} symbolic links, ${skipped.largeFiles} files over ${DEFAULT_SCAN_LIMITS.maxFileBytes / 1024} KiB, ${skipped.deeperThanLimit} folders deeper than ${DEFAULT_SCAN_LIMITS.maxDepth} levels, ${skipped.unreadable} unreadable.`,
        ...(result.copies.some((copy) => copy.inVault) ? ['Copies of keys the vault holds can go: delete them yourself, or use Stray copies in the app to move them to the trash.'] : []),
      ].join('\n'),
      ...(result.copies.length > 0 ? { exitCode: EXIT.keysFound } : {}),
    };
  });
}

function checkFolderArgument(folder: string): void {
  let info;
  try {
    info = statSync(folder);
  } catch {
    throw new UsageError(`${folder} does not exist. Give folders to scan.`);
  }
  if (!info.isDirectory()) throw new UsageError(`${folder} is a file; give the folder to scan.`);
}
