import path from 'node:path';
import { runGit } from '../git/git-runner';
import { installPreCommitHook } from '../git/pre-commit-hook';
import { findStagedKeys, type StagedKeyFile } from '../git/staged-keys';
import { EXIT } from './exit-codes';
import type { CommandOutput } from './output';

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

/** The hook's check: refuses (exit 8) when the staged files would commit a private key, naming them. */
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
