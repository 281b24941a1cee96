import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../../helpers/temp-vault';
import { buildCliCopy, cliRunner, ISSUER_ID, REPO_ROOT, writeKeyFile, type CliRunner, type KeyFile } from './cli-harness';

/** `identity` and bundles shared by public key, run as a user runs them: no bundle passphrase anywhere. */

// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-age-recipients-test';
let cli: CliRunner;

beforeAll(() => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
}, 120_000);
afterAll(() => rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true }));

async function vaultWith(key?: KeyFile): Promise<string> {
  const vault = path.join(tempFolder(), 'vault.sqlite');
  for (const args of [['init'], ...(key ? [['import', key.path, '--issuer-id', ISSUER_ID, '--name', 'CI team']] : [])]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0 });
  }
  return vault;
}

describe('sharing bundles by age recipient on the command line', () => {
  it('identity prints the vault’s age recipient, the same each time', async () => {
    const vault = await vaultWith();

    const first = await cli.runJson<{ recipient: string }>(vault, ['identity']);
    const text = await cli.runWithVault(vault, ['identity']);

    expect(first.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(text.stdout.split('\n')[0]).toBe(first.recipient);
  }, 60_000);

  it('a bundle exported to another vault’s recipient imports there without any bundle passphrase', async () => {
    const key = writeKeyFile(tempFolder(), 'AuthKey');
    const sender = await vaultWith(key);
    const receiver = await vaultWith();
    const { recipient } = await cli.runJson<{ recipient: string }>(receiver, ['identity']);
    const bundleFile = path.join(tempFolder(), 'for-receiver.age');

    const exported = await cli.runJson<{ path: string; recipients: string[] }>(sender, ['bundle', 'export', 'CI team', '--out', bundleFile, '--recipient', recipient]);
    const imported = await cli.runJson<{ imported: Array<{ keyId: string; fingerprint: string }> }>(receiver, ['bundle', 'import', bundleFile]);

    expect(exported).toMatchObject({ path: bundleFile, recipients: [recipient] });
    expect(imported.imported).toEqual([expect.objectContaining({ keyId: key.keyId, fingerprint: key.fingerprint })]);
  }, 60_000);

  it('refuses a recipient that is not one, before unlocking, and writes nothing', async () => {
    const vault = await vaultWith(writeKeyFile(tempFolder(), 'AuthKey'));
    const bundleFile = path.join(tempFolder(), 'keys.age');

    const run = await cli.runWithVault(vault, ['bundle', 'export', 'CI team', '--out', bundleFile, '--recipient', 'age1notarecipient'], { ASC_VAULT_PASSPHRASE: '' });

    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/^error BAD_RECIPIENT: "age1notarecipient" is not a recipient this app can encrypt to/);
    expect(existsSync(bundleFile)).toBe(false);
  }, 60_000);

  it('refuses --recipient together with a bundle passphrase (exit 2)', async () => {
    const vault = await vaultWith();

    const run = await cli.runWithVault(vault, ['bundle', 'export', 'CI team', '--out', 'x.age', '--recipient', 'age1x', '--generate-passphrase']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--recipient <key>' cannot be used with option '--generate-passphrase'");
  }, 60_000);
});
