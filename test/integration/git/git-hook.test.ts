import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../../helpers/temp-vault';
import { buildCliCopy, cliRunner, ISSUER_ID, REPO_ROOT, writeKeyFile, type CliRunner } from '../cli/cli-harness';

/** The pre-commit hook and `scan --staged`, with the real git in temporary repositories. */

const BUILD_FOLDER = 'cli-git-hook-test';
let cli: CliRunner;
beforeAll(() => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
}, 120_000);
afterAll(() => rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true }));

// No user or system git configuration: each repository is configured here alone.
const GIT_ENV = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Ann',
  GIT_AUTHOR_EMAIL: 'ann@example.com',
  GIT_COMMITTER_NAME: 'Ann',
  GIT_COMMITTER_EMAIL: 'ann@example.com',
};

function git(repository: string, ...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('git', args, { cwd: repository, env: GIT_ENV, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function newRepository(): string {
  const repository = tempFolder();
  expect(git(repository, 'init', '-q').status).toBe(0);
  writeFileSync(path.join(repository, 'README.md'), '# app\n');
  git(repository, 'add', 'README.md');
  expect(git(repository, 'commit', '-q', '-m', 'first').status).toBe(0);
  return repository;
}

async function install(repository: string): Promise<{ hookFile: string; chained: string | null }> {
  const run = await cli.runCli(['git-hook', 'install', '--repository', repository, '--json']);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as { hookFile: string; chained: string | null };
}

/** A fresh P-256 key's PEM, as a private key pasted into some config file. */
function pemText(): string {
  return readFileSync(writeKeyFile(tempFolder(), 'AuthKey').path, 'utf8');
}

describe('the pre-commit hook', () => {
  it('refuses a commit of a .p8 file, naming it and how to bypass, and --no-verify commits on purpose', async () => {
    const repository = newRepository();
    await install(repository);
    writeKeyFile(repository, 'AuthKey', 'ABCDE12345');
    git(repository, 'add', 'AuthKey_ABCDE12345.p8');

    const refused = git(repository, 'commit', '-m', 'add key');

    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('AuthKey_ABCDE12345.p8  (a .p8 key file)');
    expect(refused.output).toContain('git commit --no-verify');
    expect(git(repository, 'log', '--oneline').output.trim().split('\n')).toHaveLength(1);
    expect(git(repository, 'commit', '-q', '--no-verify', '-m', 'on purpose').status).toBe(0);
  }, 60_000);

  it('refuses a private key by content whatever the file is called, and lets through text that only names the armour', async () => {
    const repository = newRepository();
    await install(repository);
    mkdirSync(path.join(repository, 'deploy'));
    writeFileSync(path.join(repository, 'deploy', 'settings.txt'), `host = example.com\n${pemText()}`);
    writeFileSync(path.join(repository, 'NOTES.md'), 'Never commit -----BEGIN PRIVATE KEY----- blocks; -----END PRIVATE KEY-----\n');
    git(repository, 'add', '.');

    const refused = git(repository, 'commit', '-m', 'settings');
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('deploy/settings.txt  (holds a private key)');
    expect(refused.output).not.toContain('NOTES.md');

    git(repository, 'restore', '--staged', 'deploy/settings.txt');
    expect(git(repository, 'commit', '-q', '-m', 'notes').status).toBe(0);
  }, 60_000);

  it('keeps a pre-commit hook already there, runs it first, and its refusal still stops the commit', async () => {
    const repository = newRepository();
    const hooks = path.join(repository, '.git', 'hooks');
    const existing = `#!/bin/sh\necho ran >> "${path.join(repository, '.git', 'existing-ran')}"\n[ ! -e "${path.join(repository, 'BLOCK')}" ]\n`;
    writeFileSync(path.join(hooks, 'pre-commit'), existing);
    chmodSync(path.join(hooks, 'pre-commit'), 0o755);

    const { chained } = await install(repository);
    const again = await install(repository);

    expect(readFileSync(chained ?? '', 'utf8')).toBe(existing);
    expect(again.chained).toBe(chained);
    writeFileSync(path.join(repository, 'a.txt'), 'a\n');
    git(repository, 'add', 'a.txt');
    expect(git(repository, 'commit', '-q', '-m', 'a').status).toBe(0);
    expect(readFileSync(path.join(repository, '.git', 'existing-ran'), 'utf8')).toBe('ran\n');
    writeFileSync(path.join(repository, 'BLOCK'), '');
    writeFileSync(path.join(repository, 'b.txt'), 'b\n');
    git(repository, 'add', 'b.txt');
    expect(git(repository, 'commit', '-q', '-m', 'b').status).not.toBe(0);
  }, 60_000);

  it('goes where core.hooksPath points', async () => {
    const repository = newRepository();
    git(repository, 'config', 'core.hooksPath', '.githooks');

    const { hookFile } = await install(repository);

    expect(hookFile).toBe(path.join(repository, '.githooks', 'pre-commit'));
    expect(existsSync(path.join(repository, '.git', 'hooks', 'pre-commit'))).toBe(false);
    writeKeyFile(repository, 'SubscriptionKey', 'ZZZZZ12345');
    git(repository, 'add', 'SubscriptionKey_ZZZZZ12345.p8');
    expect(git(repository, 'commit', '-m', 'key').output).toContain('SubscriptionKey_ZZZZZ12345.p8');
  }, 60_000);
});

describe('scan --staged', () => {
  it('checks by hand what the next commit would add: exit 10 and the files as JSON, exit 0 when clean', async () => {
    const repository = newRepository();
    const clean = await cli.runCli(['scan', '--staged', '--repository', repository]);
    expect(clean).toMatchObject({ code: 0, stdout: 'No private keys in the staged files.\n' });

    writeFileSync(path.join(repository, 'id_ec.pem'), pemText());
    git(repository, 'add', 'id_ec.pem');
    const found = await cli.runCli(['scan', '--staged', '--repository', repository, '--json']);

    expect(found.code).toBe(10);
    expect(JSON.parse(found.stdout)).toEqual({ staged: true, found: [{ path: 'id_ec.pem', reason: 'private-key' }] });
  }, 60_000);

  it('says so, exit 4, outside a repository', async () => {
    const run = await cli.runCli(['scan', '--staged', '--repository', tempFolder()]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error NOT_A_REPOSITORY: .* is not inside a git repository/);
  }, 60_000);
});

describe('scan FOLDER…', () => {
  it('reports plaintext keys, which the vault holds and which to import, exit 10, and moves nothing', async () => {
    const vault = path.join(tempFolder(), 'vault.sqlite');
    const downloads = tempFolder();
    const vaulted = writeKeyFile(downloads, 'AuthKey');
    const other = writeKeyFile(downloads, 'SubscriptionKey');
    for (const args of [['init'], ['import', vaulted.path, '--issuer-id', ISSUER_ID, '--name', 'CI team']]) {
      const run = await cli.runWithVault(vault, args);
      expect(run, run.stderr).toMatchObject({ code: 0 });
    }

    const run = await cli.runWithVault(vault, ['scan', downloads, '--json']);

    expect(run.code).toBe(10);
    const { copies } = JSON.parse(run.stdout) as { copies: Array<{ path: string; inVault?: { keyId: string } }> };
    expect(copies).toEqual([
      expect.objectContaining({ path: vaulted.path, keyIdFromName: vaulted.keyId, inVault: { keyId: vaulted.keyId, name: 'CI team' }, onlyKey: true }),
      expect.objectContaining({ path: other.path, keyIdFromName: other.keyId }),
    ].sort((a, b) => (a.path < b.path ? -1 : 1)));
    expect(existsSync(vaulted.path) && existsSync(other.path)).toBe(true);
    const text = await cli.runWithVault(vault, ['scan', downloads]);
    expect(text.stdout).toContain('2 files hold a private key in plaintext');
    expect(text.stdout).toContain('not in the vault: import it');
  }, 60_000);

  it('refuses a folder that is not there, and neither folders nor --staged (exit 2)', async () => {
    expect((await cli.runCli(['scan', path.join(tempFolder(), 'missing')])).code).toBe(2);
    expect((await cli.runCli(['scan'])).code).toBe(2);
  }, 60_000);
});
