import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { arrangeKeys } from '../../../src-renderer/screens/keys/key-list-order';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';
import { buildCliCopy, cliRunner, REPO_ROOT, type CliRunner } from '../cli/cli-harness';
import { steppingClock } from './key-service-fixtures';

/**
 * The Keys screen's "Recently used" order, as main lists the keys (keys.list) and the screen sorts them,
 * after everything that changes or reloads when each key was last used.
 */

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const KEYS: Array<[fileName: string, kind: KeyKind]> = [
  ['SubscriptionKey_IAPKEY0001.p8', 'in-app-purchase'],
  ['AuthKey_TEAMKEY001.p8', 'asc-team'],
  ['AuthKey_TEAMKEY002.p8', 'asc-team'],
];

type RoutedApp = ReturnType<typeof routedApp>;

/** `now` defaults to a clock one second a reading, so every use has its own time. */
async function appWithKeys(now: () => Date = steppingClock()): Promise<{ app: RoutedApp; ids: Record<string, string> }> {
  const app = routedApp({ now });
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  const ids: Record<string, string> = {};
  for (const [fileName, kind] of KEYS) {
    const file = path.join(app.folder, fileName);
    writeFileSync(file, appStoreConnectP8(generateP256Key()));
    const result = await app.call('keys.import', { source: await app.chooseKeyFile(file), kind, issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
    if (!result.ok) throw new Error(result.error.message);
    const { key } = result.value as { key: KeySummary };
    ids[key.keyId] = key.id;
  }
  return { app, ids };
}

/** The Key IDs in the order the list shows them sorted by "Recently used". */
async function recentlyUsed(app: RoutedApp): Promise<string[]> {
  const listed = await app.call('keys.list', { query: '' });
  if (!listed.ok) throw new Error(listed.error.message);
  return arrangeKeys(listed.value as KeySummary[], { sort: 'used', kind: 'all', state: 'all' }, () => false).map((key) => key.keyId);
}

async function signWith(app: RoutedApp, id: string): Promise<void> {
  expect(await app.call('sign.token', { id, request: { template: 'asc-team' } })).toMatchObject({ ok: true });
}

async function exportForAdapty(app: RoutedApp, id: string): Promise<void> {
  const folder = path.join(app.folder, `export-${Math.random().toString(36).slice(2)}`);
  mkdirSync(folder);
  app.dialogAnswers.push(folder);
  const written = await app.call('exports.write', { request: { target: 'adapty', keys: { inAppPurchaseKey: id } } });
  expect(written, JSON.stringify(written)).toMatchObject({ ok: true });
}

async function lockAndUnlock(app: RoutedApp, passphrase = TEST_PASSPHRASE): Promise<void> {
  expect(await app.call('vault.lock')).toMatchObject({ ok: true });
  expect(await app.call('vault.unlock', { passphrase })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
}

describe('sorting keys by when they were last used', () => {
  it('puts the key a token was just signed with, or that was just exported, first; unused keys last', async () => {
    const { app, ids } = await appWithKeys();
    const neverUsed = await recentlyUsed(app);

    await signWith(app, ids.TEAMKEY002!);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', ...neverUsed.filter((keyId) => keyId !== 'TEAMKEY002')]);
    await exportForAdapty(app, ids.IAPKEY0001!);
    expect(await recentlyUsed(app)).toEqual(['IAPKEY0001', 'TEAMKEY002', 'TEAMKEY001']);
    await signWith(app, ids.TEAMKEY001!);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY001', 'IAPKEY0001', 'TEAMKEY002']);
  });

  it('keeps the order across lock and unlock, and goes on from there', async () => {
    const { app, ids } = await appWithKeys();
    await signWith(app, ids.TEAMKEY001!);
    await exportForAdapty(app, ids.IAPKEY0001!);

    await lockAndUnlock(app);
    expect(await recentlyUsed(app)).toEqual(['IAPKEY0001', 'TEAMKEY001', 'TEAMKEY002']);
    await signWith(app, ids.TEAMKEY002!);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', 'IAPKEY0001', 'TEAMKEY001']);
  });

  it('keeps the others in order when a key is deleted, also after a passphrase change re-encrypted the log', async () => {
    const { app, ids } = await appWithKeys();
    await signWith(app, ids.TEAMKEY001!);
    await signWith(app, ids.TEAMKEY002!);
    await exportForAdapty(app, ids.IAPKEY0001!);

    expect(await app.call('keys.delete', { id: ids.IAPKEY0001!, confirmKeyId: 'IAPKEY0001' })).toMatchObject({ ok: true });
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', 'TEAMKEY001']);
    const next = 'a different passphrase for the same vault';
    expect(await app.call('vault.changePassphrase', { current: TEST_PASSPHRASE, next })).toMatchObject({ ok: true });
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', 'TEAMKEY001']);
    await lockAndUnlock(app, next);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', 'TEAMKEY001']);
  });

  it('after a restore that replaces the vault, follows the backup’s history, not the replaced vault’s', async () => {
    const { app, ids } = await appWithKeys();
    await signWith(app, ids.TEAMKEY001!);
    await exportForAdapty(app, ids.IAPKEY0001!);
    const backup = path.join(app.folder, 'backup.sqlite');
    app.dialogAnswers.push(backup);
    expect(await app.call('backup.create')).toMatchObject({ ok: true });
    await signWith(app, ids.TEAMKEY002!);
    await signWith(app, ids.TEAMKEY001!);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY001', 'TEAMKEY002', 'IAPKEY0001']);

    app.dialogAnswers.push(backup);
    expect(await app.call('backup.chooseFile')).toMatchObject({ ok: true });
    expect(await app.call('backup.restore', { passphrase: TEST_PASSPHRASE, mode: 'replace' })).toMatchObject({ ok: true });
    expect(await recentlyUsed(app)).toEqual(['IAPKEY0001', 'TEAMKEY001', 'TEAMKEY002']);
  });

  it('after a restore that merges, lists the keys it brought as never used here and keeps the vault’s own order', async () => {
    const { app: source, ids: sourceIds } = await appWithKeys();
    await signWith(source, sourceIds.TEAMKEY002!);
    const backup = path.join(source.folder, 'backup.sqlite');
    source.dialogAnswers.push(backup);
    expect(await source.call('backup.create')).toMatchObject({ ok: true });
    expect(await source.call('keys.delete', { id: sourceIds.TEAMKEY001!, confirmKeyId: 'TEAMKEY001' })).toMatchObject({ ok: true });
    expect(await source.call('keys.delete', { id: sourceIds.IAPKEY0001!, confirmKeyId: 'IAPKEY0001' })).toMatchObject({ ok: true });
    await signWith(source, sourceIds.TEAMKEY002!);

    source.dialogAnswers.push(backup);
    expect(await source.call('backup.chooseFile')).toMatchObject({ ok: true });
    expect(await source.call('backup.restore', { passphrase: TEST_PASSPHRASE, mode: 'merge' })).toMatchObject({ ok: true, value: { imported: [{}, {}] } });
    expect((await recentlyUsed(source))[0]).toBe('TEAMKEY002');
    expect(new Set((await recentlyUsed(source)).slice(1))).toEqual(new Set(['IAPKEY0001', 'TEAMKEY001']));
    const listed = await source.call('keys.list', { query: '' });
    const merged = listed.ok ? (listed.value as KeySummary[]).filter((key) => key.keyId !== 'TEAMKEY002') : [];
    expect(merged.map((key) => key.lastUsedAt)).toEqual([undefined, undefined]);
  });
});

describe('sorting keys by last use when the command line used the same vault file', () => {
  const BUILD_FOLDER = 'key-last-use-test';
  let cli: CliRunner;
  beforeAll(() => {
    cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  }, 120_000);
  afterAll(() => rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true }));

  it('shows a token the CLI signed while the app was open (and locked, as the CLI needs) once the app unlocks again', async () => {
    // The real clock, which the CLI's events carry too.
    const { app, ids } = await appWithKeys(() => new Date());
    await signWith(app, ids.TEAMKEY001!);
    await exportForAdapty(app, ids.IAPKEY0001!);
    const vaultFile = app.services.vault.path;
    const env = { ASC_VAULT_PASSPHRASE: TEST_PASSPHRASE };

    // While the app holds the vault unlocked, nothing else can write to its file.
    expect(await cli.runWithVault(vaultFile, ['token', 'TEAMKEY002'], env)).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error VAULT_BUSY: /) });
    expect(await app.call('vault.lock')).toMatchObject({ ok: true });
    const signed = await cli.runWithVault(vaultFile, ['token', 'TEAMKEY002'], env);
    expect(signed.code, signed.stderr).toBe(0);

    expect(await app.call('vault.unlock', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY002', 'IAPKEY0001', 'TEAMKEY001']);
    await signWith(app, ids.TEAMKEY001!);
    expect(await recentlyUsed(app)).toEqual(['TEAMKEY001', 'TEAMKEY002', 'IAPKEY0001']);
  }, 60_000);
});
