import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../../../src-main/vault/vault';
import { tempFolder } from '../../helpers/temp-vault';
import { buildCliCopy, cliRunner, ISSUER_ID, PASSPHRASE, REPO_ROOT, writeKeyFile, type CliRun, type CliRunner, type KeyFile } from './cli-harness';

/**
 * What a new user meets first: importing a folder of downloads, refusals that name the option to fix
 * and come before the passphrase, a list that fits the terminal, and what to do when the app has the vault.
 */

interface KeyJson {
  id: string;
  name: string;
  keyId: string;
  kind: string;
  tags: string[];
  fingerprint: string;
}
interface SeveralImportJson {
  imported: Array<{ file: string; key: KeyJson; notices: string[] }>;
  duplicates: Array<{ file: string; keyId: string; existing: KeyJson }>;
  refused: Array<{ file: string; code: string; message: string }>;
}

let cli: CliRunner;
// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-usability-test';
// No vault passphrase from anywhere, and stdin is not a terminal: a run that asked for it would exit 2 with
// "No passphrase given". Bundles and backups have theirs, found (not used) before anything is opened.
const NO_PASSPHRASE = { ASC_VAULT_PASSPHRASE: '', ASC_BUNDLE_PASSPHRASE: 'a bundle passphrase never used', ASC_BACKUP_PASSPHRASE: 'a backup passphrase never used' };

beforeAll(() => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
}, 120_000);

afterAll(() => {
  rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true });
});

async function newVault(folder = tempFolder()): Promise<string> {
  const vault = path.join(folder, 'vault.sqlite');
  const init = await cli.runWithVault(vault, ['init']);
  expect(init.code, init.stderr).toBe(0);
  return vault;
}

function expectRefusedBeforeThePassphrase(run: CliRun, exit: number, line: RegExp): void {
  expect(run.code, run.stderr).toBe(exit);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(line);
}

describe('import of several files and folders, in one unlock', () => {
  it('imports each file all or nothing, skips keys already in the vault, and exits 4 naming each refused file', async () => {
    const vault = await newVault();
    const downloads = tempFolder();
    const already = writeKeyFile(downloads, 'AuthKey');
    expect((await cli.runWithVault(vault, ['import', already.path, '--issuer-id', ISSUER_ID])).code).toBe(0);
    const team = writeKeyFile(downloads, 'AuthKey');
    const subscription = writeKeyFile(downloads, 'SubscriptionKey');
    const garbage = path.join(downloads, 'AuthKey_GARBAGE001.p8');
    writeFileSync(garbage, 'not a key\n');
    // Not Apple's file name, so its kind is unknown; and a subfolder, which is not read.
    const unnamed = path.join(downloads, 'ci-key.p8');
    renameSync(writeKeyFile(downloads, 'AuthKey').path, unnamed);
    mkdirSync(path.join(downloads, 'older'));
    writeKeyFile(path.join(downloads, 'older'), 'AuthKey');
    const elsewhere = writeKeyFile(tempFolder(), 'SubscriptionKey');

    const run = await cli.runWithVault(vault, ['import', downloads, elsewhere.path, '--issuer-id', ISSUER_ID, '--tag', 'downloads', '--json']);
    expect(run.code, run.stderr).toBe(4);
    const result = JSON.parse(run.stdout) as SeveralImportJson;
    expect(Object.keys(result)).toEqual(['imported', 'duplicates', 'refused']);
    // The folder's files by name, then the file named after it.
    expect(result.imported.map((entry) => [entry.file, entry.key.keyId, entry.key.kind])).toEqual([
      [team.path, team.keyId, 'asc-team'],
      [subscription.path, subscription.keyId, 'in-app-purchase'],
      [elsewhere.path, elsewhere.keyId, 'in-app-purchase'],
    ]);
    expect(result.imported.every((entry) => entry.key.tags.join() === 'downloads')).toBe(true);
    expect(result.duplicates).toEqual([{ file: already.path, keyId: already.keyId, existing: expect.objectContaining({ keyId: already.keyId, fingerprint: already.fingerprint }) }]);
    expect(result.refused).toEqual([
      { file: garbage, code: 'NOT_PEM', message: expect.any(String) },
      { file: unnamed, code: 'KIND_REQUIRED', message: expect.stringMatching(/\(On the command line: --kind in-app-purchase\|asc-team\|asc-individual\.\)$/) },
    ]);
    expect(run.stderr).toBe(result.refused.map((entry) => `error ${entry.code}: ${entry.file}: ${entry.message}\n`).join(''));

    // Again, with only the good files: everything is in the vault now, which is not a refusal.
    const again = await cli.runWithVault(vault, ['import', team.path, subscription.path, elsewhere.path, '--issuer-id', ISSUER_ID]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Imported no keys from the 3 files.\nAlready in the vault, skipped:\n');
  });

  it('refuses --key-id and --name with several files, and checks every argument before asking for the passphrase', async () => {
    const downloads = tempFolder();
    const team = writeKeyFile(downloads, 'AuthKey');
    const subscription = writeKeyFile(downloads, 'SubscriptionKey');
    // No vault at all: each refusal comes before the vault is opened, let alone the passphrase asked for.
    const vault = path.join(tempFolder(), 'vault.sqlite');
    const run = (args: string[]) => cli.runWithVault(vault, args, NO_PASSPHRASE);

    expectRefusedBeforeThePassphrase(await run(['import', downloads, '--key-id', team.keyId, '--issuer-id', ISSUER_ID]), 2, /^error: --key-id is for one file\. /);
    expectRefusedBeforeThePassphrase(await run(['import', team.path, subscription.path, '--name', 'CI', '--issuer-id', ISSUER_ID]), 2, /^error: --name is for one file\. /);
    expectRefusedBeforeThePassphrase(await run(['import', team.path]), 4, /^error BAD_ISSUER_ID: An App Store Connect API team key needs the Issuer ID .*: give it with --issuer-id <uuid>\./);
    expectRefusedBeforeThePassphrase(await run(['import', downloads]), 4, /^error BAD_ISSUER_ID: 2 of the 2 files hold .*give it with --issuer-id <uuid>\..* Nothing was imported\./);
    expectRefusedBeforeThePassphrase(
      await run(['import', team.path, '--issuer-id', ISSUER_ID, '--bundle-id', 'com.example.*']),
      4,
      /^error BAD_BUNDLE_ID: .* \(On the command line: --bundle-id <id>\.\)\n$/,
    );
    expectRefusedBeforeThePassphrase(await run(['import', path.join(downloads, 'AuthKey_MISSING001.p8'), '--issuer-id', ISSUER_ID]), 4, /^error FILE_UNREADABLE: There is no file at .*AuthKey_MISSING001\.p8\. Check the path\.\n$/);
    expectRefusedBeforeThePassphrase(await run(['update', 'CI', '--issuer-id', 'not-an-issuer-id']), 4, /^error BAD_ISSUER_ID: .* \(On the command line: --issuer-id <uuid>\.\)\n$/);
    expectRefusedBeforeThePassphrase(await run(['bundle', 'import', path.join(downloads, 'team.age')]), 4, /^error FILE_UNREADABLE: There is no file at .*team\.age\. Check the path\.\n$/);
    expectRefusedBeforeThePassphrase(await run(['restore', path.join(downloads, 'backup.sqlite'), '--mode', 'merge']), 4, /^error FILE_UNREADABLE: There is no file at /);
  });
});

describe('refusals name the option of the command that ran', () => {
  // Made once for the tests below, which only read it (tempFolder() is removed after each test).
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-usability-'));
  let vault: string;
  let subscription: KeyFile;

  beforeAll(async () => {
    vault = await newVault(folder);
    subscription = writeKeyFile(folder, 'SubscriptionKey');
    const imported = await cli.runWithVault(vault, ['import', subscription.path, '--issuer-id', ISSUER_ID, '--name', 'Subscriptions for the production app, rotated by the store team every spring']);
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('token says --bid where import and update say --bundle-id', async () => {
    const run = await cli.runWithVault(vault, ['token', subscription.keyId, '--bid', 'com.example.*']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error BAD_BUNDLE_ID: .*\(On the command line: --bid <bundleId>\.\)\n$/);
  });

  it('list fits its table to COLUMNS, one line per key, and keeps names whole for a pipe', async () => {
    const fitted = await cli.runWithVault(vault, ['list'], { COLUMNS: '80' });
    expect(fitted.code, fitted.stderr).toBe(0);
    const lines = fitted.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(Array.from(line).length, line).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(new RegExp(`^Subscriptions for.*… +${subscription.keyId} +in-app-purchase `));

    const piped = await cli.runWithVault(vault, ['list']);
    expect(piped.stdout).toContain('Subscriptions for the production app, rotated by the store team every spring');
  });

  it('says to lock the app when the app has the vault open', async () => {
    const app = new Vault({ path: vault });
    await app.unlock(PASSPHRASE);
    try {
      const run = await cli.runWithVault(vault, ['list']);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error VAULT_BUSY: .*Lock it in the app \(Ctrl\+L, or Cmd\+L on a Mac\) or quit the app/);
    } finally {
      app.lock();
    }
  });
});
