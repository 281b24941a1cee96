import { existsSync } from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../../src-main/exports/shell-quote';

/** What the search for the reference `age` may look at: injected so each OS's rules are tested on any machine. */
export interface ToolSearchContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists(file: string): boolean;
}

/**
 * age reads passphrases only from a terminal, so the tests run it inside `script`, which gives it a pseudo-terminal.
 * util-linux's `script` (Linux) and the BSD one (macOS) take the command differently.
 */
export interface TerminalRunner {
  script: string;
  argsFor(command: string[]): string[];
}

export type AgeSearch =
  | { found: true; age: string; terminal: TerminalRunner }
  | { found: false; tried: string[]; install: string | null; reason: string };

const UTIL_LINUX_SCRIPT = (script: string): TerminalRunner => ({
  script,
  argsFor: (command) => ['-q', '-e', '-c', command.map(shellQuote).join(' '), '/dev/null'],
});
const BSD_SCRIPT = (script: string): TerminalRunner => ({ script, argsFor: (command) => ['-q', '/dev/null', ...command] });

/** Where Homebrew, MacPorts, apt/dnf, winget and scoop put `age` on this OS. */
function usualAgeFolders({ platform, env }: ToolSearchContext): string[] {
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];
  if (platform !== 'win32') return ['/usr/bin', '/usr/local/bin', '/home/linuxbrew/.linuxbrew/bin'];
  const scoop = env.SCOOP ?? (env.USERPROFILE && path.win32.join(env.USERPROFILE, 'scoop'));
  return [env.LOCALAPPDATA && path.win32.join(env.LOCALAPPDATA, 'Microsoft', 'WinGet', 'Links'), scoop && path.win32.join(scoop, 'shims')].filter(
    (folder): folder is string => Boolean(folder),
  );
}

/** `age` in every folder on PATH, then in the usual folders. */
function ageCandidates(context: ToolSearchContext): string[] {
  const windows = context.platform === 'win32';
  const onPath = (context.env.PATH ?? context.env.Path ?? '').split(windows ? ';' : ':').filter(Boolean);
  const folders = [...new Set([...onPath, ...usualAgeFolders(context)])];
  return folders.map((folder) => (windows ? path.win32.join(folder, 'age.exe') : path.posix.join(folder, 'age')));
}

function ageInstallCommand({ platform, exists }: ToolSearchContext): string {
  if (platform === 'darwin') return 'brew install age';
  if (platform === 'win32') return 'winget install FiloSottile.age';
  return exists('/usr/bin/dnf') ? 'sudo dnf install age' : 'sudo apt-get install age';
}

/** The reference `age` and a way to give it a terminal, or why the cases that need them cannot run here. */
export function findAge(context: ToolSearchContext): AgeSearch {
  const tried = ageCandidates(context);
  const age = tried.find((file) => context.exists(file));
  if (context.platform === 'win32') {
    const ageState = age ? `age itself is at ${age}` : `age itself is not installed either: ${ageInstallCommand(context)}`;
    return {
      found: false,
      tried,
      install: null,
      reason: `age reads passphrases only from a terminal, and Windows has no \`script\` to give it one: run these cases in WSL (${ageState})`,
    };
  }
  if (!age) {
    const install = ageInstallCommand(context);
    return { found: false, tried, install, reason: `age is not on PATH nor in ${usualAgeFolders(context).join(', ')}; install it with: ${install}` };
  }
  const script = '/usr/bin/script';
  if (!context.exists(script)) {
    const install = context.exists('/usr/bin/dnf') ? 'sudo dnf install util-linux' : 'sudo apt-get install bsdutils';
    return { found: false, tried: [script], install, reason: `${script}, which gives age a terminal, is not installed; install it with: ${install}` };
  }
  return { found: true, age, terminal: context.platform === 'darwin' ? BSD_SCRIPT(script) : UTIL_LINUX_SCRIPT(script) };
}

/** The search on this machine. */
export function findInstalledAge(): AgeSearch {
  return findAge({ platform: process.platform, env: process.env, exists: existsSync });
}
