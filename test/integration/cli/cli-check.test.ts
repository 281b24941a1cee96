import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appleLikeHandler, ASC_NOT_AUTHORIZED, startFakeAppleServer, startTunnellingProxy, type AppleAccount, type FakeAppleServer } from '../../helpers/fake-apple-server';
import { buildCliCopy, cliRunner, copyOfVault, ISSUER_ID, writeKeyFile, type CliRunner, type KeyFile } from './cli-harness';

/** `check` as a user runs it: through HTTPS_PROXY to a local server that answers as Apple does and that the process trusts. */

// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-check-test';
const BUNDLE_ID = 'com.example.app';

let cli: CliRunner;
let apple: FakeAppleServer;
let proxy: Awaited<ReturnType<typeof startTunnellingProxy>>;
let template: { folder: string; vault: string; team: KeyFile; inAppPurchase: KeyFile };
const account: AppleAccount = { issuerId: ISSUER_ID, keys: new Map(), apps: [] };

beforeAll(async () => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  apple = await startFakeAppleServer();
  proxy = await startTunnellingProxy(apple.port);
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-check-template-'));
  const vault = path.join(folder, 'vault.sqlite');
  const team = writeKeyFile(folder, 'AuthKey');
  const inAppPurchase = writeKeyFile(folder, 'SubscriptionKey');
  for (const args of [
    ['init'],
    ['import', team.path, '--issuer-id', ISSUER_ID, '--name', 'CI team', '--bundle-id', BUNDLE_ID],
    ['import', inAppPurchase.path, '--issuer-id', ISSUER_ID, '--name', 'Prod IAP', '--bundle-id', BUNDLE_ID],
  ]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  }
  for (const key of [team, inAppPurchase]) account.keys.set(key.keyId, createPublicKey(readFileSync(key.path, 'utf8')));
  account.apps = [
    { id: '6400000001', name: 'Example', bundleId: BUNDLE_ID, releasedInProduction: true },
    { id: '6400000002', name: 'Example Widgets', bundleId: 'com.example.widgets', releasedInProduction: true },
  ];
  template = { folder, vault, team, inAppPurchase };
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await apple?.close();
  if (template) rmSync(template.folder, { recursive: true, force: true });
});

beforeEach(() => {
  apple.requests.length = 0;
  proxy.tunnels.length = 0;
  apple.handle(appleLikeHandler(account));
});

/** The variables a user behind a proxy sets; the fake server's certificate is trusted as a company's own CA would be. */
const throughProxy = () => ({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: apple.certificateFile });

describe('check', () => {
  it('refuses without --allow-network, before the passphrase, and sends nothing', async () => {
    const vault = copyOfVault(template.vault);
    const run = await cli.runCli(['check', template.team.keyId], { env: { ASC_VAULT_PATH: vault, ...throughProxy() } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-network');
    expect(run.stdout).toBe('');
    expect(apple.requests).toEqual([]);
  });

  it('lists the apps a team key sees, through HTTPS_PROXY, and keeps the result on the key', async () => {
    const vault = copyOfVault(template.vault);
    const document = await cli.runJson<Record<string, unknown>>(vault, ['check', template.team.keyId, '--allow-network'], throughProxy());
    expect(document).toMatchObject({
      works: true,
      problem: null,
      summary: 'works, sees 2 apps',
      apps: [
        { name: 'Example', bundleId: BUNDLE_ID, appleId: '6400000001' },
        { name: 'Example Widgets', bundleId: 'com.example.widgets', appleId: '6400000002' },
      ],
      moreApps: false,
      bundleIdsToAdd: ['com.example.widgets'],
      attempts: [{ label: 'App Store Connect API, apps page 1', status: 200, works: true, problem: null, detail: null }],
      key: { keyId: template.team.keyId, appleCheck: { works: true, summary: 'works, sees 2 apps' } },
    });
    expect(proxy.tunnels).toEqual(['api.appstoreconnect.apple.com:443']);

    const shown = await cli.runWithVault(vault, ['show', template.team.keyId]);
    expect(shown.stdout).toMatch(/Apple: +Checked with Apple on \d{4}-\d{2}-\d{2}: works, sees 2 apps/);
    const events = await cli.runJson<{ events: Array<{ type: string; summary: string }> }>(vault, ['events', '--limit', '5']);
    expect(events.events.filter((event) => event.type === 'key.checked').map((event) => event.summary)).toEqual([
      expect.stringMatching(/^Checked with Apple on .*: works, sees 2 apps \("CI team"/),
    ]);
  });

  it('checks an In-App Purchase key in production and sandbox', async () => {
    const vault = copyOfVault(template.vault);
    const run = await cli.runWithVault(vault, ['check', 'Prod IAP', '--allow-network'], throughProxy());
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`"Prod IAP" (${template.inAppPurchase.keyId}): works for ${BUNDLE_ID} (production and sandbox)`);
    expect(proxy.tunnels).toEqual(['api.storekit.apple.com:443', 'api.storekit-sandbox.apple.com:443']);
  });

  it('exits 8 when Apple refuses the key, with the explanation and Apple’s answer', async () => {
    const vault = copyOfVault(template.vault);
    apple.handle(() => ASC_NOT_AUTHORIZED);
    const run = await cli.runWithVault(vault, ['check', template.team.keyId, '--allow-network'], throughProxy());
    expect(run.code).toBe(8);
    expect(run.stdout).toContain(`"CI team" (${template.team.keyId}): Apple refused the key (401)`);
    expect(run.stdout).toContain('Apple did not accept the key.');
    expect(run.stdout).toContain('App Store Connect API, apps page 1: 401 NOT_AUTHORIZED: Authentication credentials are missing or invalid.');
  });

  it('exits 9 when Apple cannot be reached, and says the key was not judged', async () => {
    const vault = copyOfVault(template.vault);
    const closed = await startTunnellingProxy(apple.port);
    await closed.close();
    const run = await cli.runWithVault(vault, ['check', template.team.keyId, '--allow-network', '--json'], { HTTPS_PROXY: closed.url });
    expect(run.code).toBe(9);
    expect(JSON.parse(run.stdout)).toMatchObject({ works: false, problem: 'network', summary: 'not judged: Apple could not be reached' });
  });
});
