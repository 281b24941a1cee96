import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { appStoreConnectP8, fingerprintOf, generateP256Key, pemBody } from '../../helpers/keys';
import { tempFolder } from '../../helpers/temp-vault';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'cli.cjs');
export const PASSPHRASE = 'correct horse battery staple';
export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Added to a clean environment: no ASC_* variables are inherited from the test runner. */
  env?: Record<string, string>;
}

/** Everything secret the tests have handed to the CLI; no run may print any of it. */
const secrets = new Set<string>([PASSPHRASE]);
// A run that forgot --vault and ASC_VAULT_PATH must never reach the real user's vault.
const GUARD_CONFIG_HOME = path.join(tmpdir(), 'asc-key-vault-cli-test-config');

const configHomes = new Map<string, string>();

/** The app's data folder (XDG_CONFIG_HOME) of the machine a vault file stands on in these tests: one per vault file. */
export function configHomeFor(vault: string): string {
  let home = configHomes.get(vault);
  if (home === undefined) {
    home = tempFolder();
    configHomes.set(vault, home);
  }
  return home;
}

export function rememberSecret(text: string): void {
  secrets.add(text);
}

/** `npm run cli` (as a user runs it from a checkout): builds only the CLI, then runs it. */
export function buildCliThroughNpm(args: string[]): string {
  return execFileSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: cleanEnv({}) });
}

export interface CliRunner {
  /** Runs the built CLI as a child process with stdin a pipe (not a terminal). */
  runCli(args: string[], options?: RunOptions): Promise<CliRun>;
  /** A CLI run with the vault path and the CI passphrase variable set, as a pipeline would. */
  runWithVault(vault: string, args: string[], env?: Record<string, string>): Promise<CliRun>;
  /** Runs the CLI and parses stdout, which must be exactly one JSON document. */
  runJson<Document>(vault: string, args: string[], env?: Record<string, string>): Promise<Document>;
}

/** The runs of one build of the CLI: `dist/cli/cli.cjs`, or a test file's own copy (buildCliCopy). */
export function cliRunner(cli: string): CliRunner {
  const runner: CliRunner = {
    runCli: (args, options = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cli, ...args], { cwd: REPO_ROOT, env: cleanEnv(options.env ?? {}), stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.stdin.end();
        child.on('error', reject);
        child.on('close', (code) => {
          settle(resolve, reject, () => {
            expectNothingSecret(stdout, stderr);
            return { code: code ?? -1, stdout, stderr };
          });
        });
      }),
    // Each vault file's folder stands for its own machine: copies of one vault in different tests do not
    // share the remembered generation (seen-vaults.json), so none looks like an older copy of another.
    runWithVault: (vault, args, env = {}) =>
      runner.runCli(args, { env: { ASC_VAULT_PATH: vault, ASC_VAULT_PASSPHRASE: PASSPHRASE, XDG_CONFIG_HOME: configHomeFor(vault), ...env } }),
    runJson: async <Document>(vault: string, args: string[], env: Record<string, string> = {}) => {
      const run = await runner.runWithVault(vault, [...args, '--json'], env);
      expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(run.stdout) as Document;
    },
  };
  return runner;
}

export const { runCli, runWithVault, runJson } = cliRunner(CLI);

/**
 * Builds the CLI into `dist/<folder>/cli.cjs` for one test file. Every build empties its output
 * folder first, so test files that run in parallel must not share one: a build for one would delete
 * the file another is running. Inside dist/ so the bundle finds better-sqlite3 in node_modules.
 */
export function buildCliCopy(folder: string): string {
  const outDir = path.join(REPO_ROOT, 'dist', folder);
  const vite = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--config', 'vite.cli.config.ts', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    env: cleanEnv({}),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return path.join(outDir, 'cli.cjs');
}

/**
 * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer once its prompt has
 * appeared, that is once the CLI has turned echo off. Returns what the terminal showed.
 */
export function runOnTerminal(args: string[], answers: string[], env: Record<string, string> = {}): Promise<{ code: number; screen: string }> {
  for (const answer of answers) rememberSecret(answer);
  const commandLine = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['--quiet', '--return', '--command', commandLine, '/dev/null'], { cwd: REPO_ROOT, env: cleanEnv(env) });
    let screen = '';
    let answered = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      screen += chunk;
      const prompts = screen.match(/passphrase: /gi)?.length ?? 0;
      while (answered < Math.min(prompts, answers.length)) child.stdin.write(`${answers[answered++]}\r`);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.end();
      const shown = screen.replace(/\r\n/g, '\n');
      settle(resolve, reject, () => {
        expectNothingSecret(shown);
        return { code: code ?? -1, screen: shown };
      });
    });
  });
}

export interface KeyFile {
  path: string;
  keyId: string;
  fingerprint: string;
}

/** A fresh P-256 key in Apple's PKCS#8 form, written as `<prefix>_<KEYID>.p8`. */
export function writeKeyFile(folder: string, prefix: 'SubscriptionKey' | 'AuthKey', keyId = randomKeyId()): KeyFile {
  const key = generateP256Key();
  const p8 = appStoreConnectP8(key);
  rememberSecret(p8);
  const filePath = path.join(folder, `${prefix}_${keyId}.p8`);
  writeFileSync(filePath, p8);
  return { path: filePath, keyId, fingerprint: fingerprintOf(key) };
}

export function randomKeyId(): string {
  return randomBytes(5).toString('hex').toUpperCase();
}

// The CLI's own variables: the vault's path and passphrase, and the bundle and backup passphrases.
const INHERITED_SECRETS = /^ASC_(VAULT|BUNDLE|BACKUP)_/;

function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_SECRETS.test(name)) env[name] = value;
  }
  return { ...env, XDG_CONFIG_HOME: GUARD_CONFIG_HOME, ...extra };
}

/** A failed check inside a child-process callback fails the test instead of escaping as an uncaught error. */
function settle<Value>(resolve: (value: Value) => void, reject: (error: unknown) => void, check: () => Value): void {
  try {
    resolve(check());
  } catch (error) {
    reject(error);
  }
}

function expectNothingSecret(...outputs: string[]): void {
  for (const output of outputs) {
    // Messages may name "BEGIN PRIVATE KEY"; an armour line or key base64 must never appear.
    expect(output).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(output).not.toMatch(/MIG[HT]AgEA/);
    for (const secret of secrets) {
      // Every full line of a key's base64 (short last lines could match by chance), or the whole passphrase.
      const lines = secret.includes('-----BEGIN') ? (pemBody(secret).match(/.{64}/g) ?? []) : [secret];
      for (const line of lines) expect(output.includes(line), 'a secret was printed').toBe(false);
    }
  }
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A copy of a prepared vault in a folder of its own, so each test changes only its copy. */
export function copyOfVault(file: string): string {
  const copy = path.join(tempFolder(), 'vault.sqlite');
  copyFileSync(file, copy);
  return copy;
}
