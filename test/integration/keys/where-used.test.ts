import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleService } from '../../../src-main/exports/bundle/bundle-service';
import { BackupService } from '../../../src-main/vault/vault-backup';
import { RestoreService } from '../../../src-main/vault/vault-restore';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_KDF_COST, TEST_PASSPHRASE } from '../../helpers/temp-vault';
import { importTestKey } from '../exports/exports-fixture';
import { keyServiceFixture, steppingClock } from './key-service-fixtures';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const UNKNOWN_ENTRY = '00000000-0000-4000-8000-000000000000';
const BUNDLE_PASSPHRASE = 'marble-otter-quilt-sunny-anchor-thorn';

/** The real router over a new vault holding one In-App Purchase key. */
async function appWithKey() {
  const app = routedApp();
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  const file = path.join(app.folder, 'SubscriptionKey_IAPKEY0001.p8');
  writeFileSync(file, appStoreConnectP8(generateP256Key()));
  const imported = await app.call('keys.import', { source: await app.chooseKeyFile(file), kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
  const id = (imported as { value: { key: KeySummary } }).value.key.id;
  const key = async () => ((await app.call('keys.get', { id })) as { value: KeySummary }).value;
  const events = async () => ((await app.call('vault.events', { itemId: id })) as { value: { events: Array<{ type: string; summary: string }> } }).value.events;
  return { app, id, key, events };
}

describe('where a key is used', () => {
  it('adds, renames and removes places by hand through the router, each written to the activity log', async () => {
    const { app, id, key, events } = await appWithKey();

    const added = await app.call('keys.addUsedIn', { id, label: '  RevenueCat project   Fitness ' });
    expect(added).toMatchObject({ ok: true, value: { usedIn: [{ id: expect.any(String), label: 'RevenueCat project Fitness', addedAt: expect.any(String) }] } });
    await app.call('keys.addUsedIn', { id, label: 'Bitrise workflow' });
    const [fitness, bitrise] = (await key()).usedIn;

    expect(await app.call('keys.editUsedIn', { id, entryId: bitrise!.id, label: 'Bitrise workflow "release"' })).toMatchObject({ ok: true });
    expect(await app.call('keys.removeUsedIn', { id, entryId: fitness!.id })).toMatchObject({ ok: true });

    expect((await key()).usedIn).toEqual([{ id: bitrise!.id, label: 'Bitrise workflow "release"', addedAt: bitrise!.addedAt }]);
    expect(await app.call('keys.list', { query: 'bitrise' })).toMatchObject({ ok: true, value: [{ id }] });
    expect((await events()).map((event) => event.summary).slice(0, 4)).toEqual([
      'Removed "RevenueCat project Fitness" from where "In-App Purchase key IAPKEY0001" (IAPKEY0001) is used',
      'Renamed where "In-App Purchase key IAPKEY0001" (IAPKEY0001) is used from "Bitrise workflow" to "Bitrise workflow "release""',
      'Noted that "In-App Purchase key IAPKEY0001" (IAPKEY0001) is used in "Bitrise workflow"',
      'Noted that "In-App Purchase key IAPKEY0001" (IAPKEY0001) is used in "RevenueCat project Fitness"',
    ]);
  });

  it('refuses an empty or too long label, an unknown entry and a malformed request, and changes nothing', async () => {
    const { app, id, key, events } = await appWithKey();
    await app.call('keys.addUsedIn', { id, label: 'Codemagic' });
    const before = await key();
    const eventCount = (await events()).length;
    const entryId = before.usedIn[0]!.id;

    for (const [channel, payload, code, message] of [
      ['keys.addUsedIn', { id, label: '   ' }, 'BAD_REQUEST', 'Say where the key is used'],
      ['keys.editUsedIn', { id, entryId, label: '' }, 'BAD_REQUEST', 'Say where the key is used'],
      ['keys.addUsedIn', { id, label: 'x'.repeat(201) }, 'BAD_REQUEST', 'The field "label" is not valid'],
      ['keys.addUsedIn', { id, label: 'Bitrise\u0007\u001b[2K' }, 'BAD_REQUEST', 'holds a control character'],
      ['keys.editUsedIn', { id, entryId: UNKNOWN_ENTRY, label: 'Fastlane' }, 'NOT_FOUND', 'no longer listed for this key'],
      ['keys.removeUsedIn', { id, entryId: UNKNOWN_ENTRY }, 'NOT_FOUND', 'no longer listed for this key'],
      ['keys.removeUsedIn', { id, entryId: 'not-an-id' }, 'BAD_REQUEST', 'entryId'],
      ['keys.addUsedIn', { id, label: 'Fastlane', addedAt: '2020-01-01T00:00:00Z' }, 'BAD_REQUEST', 'addedAt'],
      ['keys.addUsedIn', { id: UNKNOWN_ENTRY, label: 'Fastlane' }, 'NOT_FOUND', 'no longer in the vault'],
    ] as const) {
      expect(await app.call(channel, payload), `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(message) } });
    }
    expect(await key()).toEqual(before);
    expect(await events()).toHaveLength(eventCount);
  });

  it('keeps at most 100 places on a key', async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    for (let n = 1; n <= 100; n += 1) fixture.service.addUsedIn(key.id, `Place ${n}`);
    expect(() => fixture.service.addUsedIn(key.id, 'One more')).toThrow(/already lists 100 places/);
    expect(fixture.service.getKey(key.id).usedIn).toHaveLength(100);
  });

  it('records the folder an export was written to, on the key and in the activity log', async () => {
    const { app, id, key, events } = await appWithKey();
    const folder = path.join(app.folder, 'for-adapty');
    mkdirSync(folder);
    app.dialogAnswers.push(folder);

    expect(await app.call('exports.write', { request: { target: 'adapty', keys: { inAppPurchaseKey: id } } })).toMatchObject({ ok: true });

    expect((await key()).exports).toEqual([{ target: 'adapty', at: expect.any(String), destination: folder }]);
    expect((await events())[0]?.summary).toBe(`Exported "In-App Purchase key IAPKEY0001" (IAPKEY0001) to Adapty in ${folder}`);
  });

  it('carries the places added by hand through a bundle when they are included, and records the bundle file as the destination', async () => {
    const source = await keyServiceFixture();
    const { key } = await importTestKey(source, 'asc-team');
    source.service.addUsedIn(key.id, 'Bitrise workflow');
    const bundles = new BundleService({ keys: source.service, scryptWorkFactor: 10 });
    const file = path.join(source.folder, 'team.age');
    await bundles.write([key.id], BUNDLE_PASSPHRASE, file);
    const withoutPlaces = await bundles.create([key.id], BUNDLE_PASSPHRASE, { metadata: ['notes'] });
    expect(source.service.getKey(key.id).exports).toEqual([{ target: 'bundle', at: expect.any(String), destination: file }]);

    const target = await keyServiceFixture({ now: steppingClock('2026-01-01T00:00:00.000Z') });
    const targetBundles = new BundleService({ keys: target.service, scryptWorkFactor: 10 });
    const [imported] = (await targetBundles.importAll(await bundles.readFile(file), BUNDLE_PASSPHRASE)).imported;
    expect(imported?.usedIn).toEqual([{ id: expect.any(String), label: 'Bitrise workflow', addedAt: source.service.getKey(key.id).usedIn[0]?.addedAt }]);
    expect(imported?.exports).toEqual([]);

    const other = await keyServiceFixture();
    const [bare] = (await new BundleService({ keys: other.service, scryptWorkFactor: 10 }).importAll(withoutPlaces, BUNDLE_PASSPHRASE)).imported;
    expect(bare?.usedIn).toEqual([]);
  });

  it('carries the places and exports through a backup, restored in place or merged', async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    fixture.service.addUsedIn(key.id, 'RevenueCat project Fitness');
    fixture.service.recordExport(key.id, 'fastlane', '/home/ann/ci');
    const saved = fixture.service.getKey(key.id);
    const file = path.join(fixture.folder, 'backup.sqlite');
    await new BackupService({ vault: fixture.vault, keys: fixture.service }).backup(file);

    fixture.service.removeUsedIn(key.id, saved.usedIn[0]!.id);
    await new RestoreService({ vault: fixture.vault, keys: fixture.service, kdfCost: TEST_KDF_COST }).restoreReplace(file, TEST_PASSPHRASE);
    expect(fixture.service.getKey(key.id)).toMatchObject({ usedIn: saved.usedIn, exports: saved.exports });

    const other = await keyServiceFixture();
    await new RestoreService({ vault: other.vault, keys: other.service, kdfCost: TEST_KDF_COST }).restoreMerge(file, TEST_PASSPHRASE);
    const [merged] = other.service.listKeys();
    expect(merged?.usedIn).toEqual([{ id: expect.any(String), label: 'RevenueCat project Fitness', addedAt: saved.usedIn[0]?.addedAt }]);
  });
});
