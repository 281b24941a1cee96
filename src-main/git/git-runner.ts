import { execFileSync } from 'node:child_process';
import { AppError } from '../../src-shared/errors';

/** Runs git in a folder and returns its stdout; tests and the CLI use the real git. */
export type RunGit = (args: string[], cwd: string) => Buffer;

// A staged blob is read whole; far above any file a key hides in.
const MAX_GIT_OUTPUT_BYTES = 256 * 1024 * 1024;

export const runGit: RunGit = (args, cwd) => {
  try {
    return execFileSync('git', args, { cwd, maxBuffer: MAX_GIT_OUTPUT_BYTES, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (failure.code === 'ENOENT') throw new AppError('NOT_A_REPOSITORY', 'git is not installed or not on PATH. Install git, then try again.');
    const said = failure.stderr?.toString('utf8').trim().split('\n')[0] ?? '';
    if (/not a git repository/i.test(said)) throw new AppError('NOT_A_REPOSITORY', `${cwd} is not inside a git repository. Run this in the repository’s folder.`);
    throw new AppError('NOT_A_REPOSITORY', `git ${args[0] ?? ''} failed in ${cwd}: ${said || 'no message'}.`);
  }
};
