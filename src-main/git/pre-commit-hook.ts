import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { shellQuote } from '../exports/shell-quote';
import type { RunGit } from './git-runner';

const MARKER = '# asc-key-vault pre-commit hook';
/** Where a pre-commit hook that was there before ours is kept; ours runs it first. */
export const CHAINED_HOOK_NAME = 'pre-commit.before-asc-key-vault';

export interface HookInstall {
  hookFile: string;
  /** The hook that was there before, now run first by ours. */
  chained: string | null;
  alreadyInstalled: boolean;
}

/**
 * Installs the pre-commit hook in the hooks folder git uses for `repository` (core.hooksPath
 * respected). A hook already there is never overwritten: it is moved beside ours and run first, with
 * the same arguments, and its refusal stops the commit as before. `command` runs `scan --staged`.
 */
export function installPreCommitHook(repository: string, command: readonly string[], git: RunGit): HookInstall {
  const hooks = path.resolve(repository, git(['rev-parse', '--git-path', 'hooks'], repository).toString('utf8').trim());
  const hookFile = path.join(hooks, 'pre-commit');
  const chainedFile = path.join(hooks, CHAINED_HOOK_NAME);
  const existing = existsSync(hookFile) ? readFileSync(hookFile, 'utf8') : null;
  const ours = existing?.includes(MARKER) === true;
  if (existing !== null && !ours && existsSync(chainedFile)) {
    throw new AppError(
      'HOOK_CONFLICT',
      `${hookFile} is not ours, and ${CHAINED_HOOK_NAME} is already beside it, so there is nowhere to keep it. Merge or remove one of them, then install again. Nothing was changed.`,
    );
  }
  mkdirSync(hooks, { recursive: true });
  if (existing !== null && !ours) renameSync(hookFile, chainedFile);
  writeFileSync(hookFile, hookScript(command), { mode: 0o755 });
  chmodSync(hookFile, 0o755);
  return { hookFile, chained: existsSync(chainedFile) ? chainedFile : null, alreadyInstalled: ours };
}

function hookScript(command: readonly string[]): string {
  return [
    '#!/bin/sh',
    MARKER,
    '# Refuses a commit whose staged files hold a private key or a .p8 file. Bypass on purpose: git commit --no-verify',
    `chained="$(dirname "$0")/${CHAINED_HOOK_NAME}"`,
    'if [ -x "$chained" ]; then "$chained" "$@" || exit $?; fi',
    `exec ${command.map(shellQuote).join(' ')} scan --staged`,
    '',
  ].join('\n');
}
