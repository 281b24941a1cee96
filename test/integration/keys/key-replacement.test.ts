import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { routedAppIn } from '../../helpers/routed-app-in';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';
import { importTestKey } from '../exports/exports-fixture';
import { keyServiceFixture } from './key-service-fixtures';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const OTHER_ISSUER_ID = '69a6de70-0000-47e3-e053-5b8c7c11a4d1';

type App = ReturnType<typeof routedApp>;
type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

async function call<T>(app: App, channel: Parameters<App['call']>[0], payload: unknown): Promise<T> {
  const answer = (await app.call(channel, payload as never)) as Answer<T>;
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.code} ${answer.error.message}`);
  return answer.value;
}

async function importKey(app: App, fileName: string, fields: Record<string, unknown>): Promise<KeySummary> {
  const file = path.join(app.folder, fileName);
  writeFileSync(file, appStoreConnectP8(generateP256Key()));
  return (await call<{ key: KeySummary }>(app, 'keys.import', { source: await app.chooseKeyFile(file), ...fields })).key;
}

/** A vault with a team key used in two places by hand and exported to fastlane in two folders (one twice). */
async function vaultWithUsedKey() {
  const app = routedApp();
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  const old = await importKey(app, 'AuthKey_OLDKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
  await call(app, 'keys.addUsedIn', { id: old.id, label: 'Bitrise workflow release' });
  await call(app, 'keys.addUsedIn', { id: old.id, label: 'Codemagic team settings' });
  const repoA = path.join(app.folder, 'repo-a');
  const repoB = path.join(app.folder, 'repo-b');
  for (const folder of [repoA, repoA, repoB]) {
    mkdirSync(folder, { recursive: true });
    app.dialogAnswers.push(folder);
    await call(app, 'exports.write', { request: { target: 'fastlane', keys: { apiKey: old.id } }, overwrite: true });
  }
  const key = (id: string) => call<KeySummary>(app, 'keys.get', { id });
  const events = async (itemId: string) => (await call<{ events: Array<{ type: string; summary: string }> }>(app, 'vault.events', { itemId })).events;
  return { app, old, repoA, repoB, key, events };
}

describe('replacing a key, as a guided job', () => {
  it('walks from start to finish: new key through guided setup, each place ticked off, the old key marked revoked', async () => {
    const { app, old, repoA, repoB, key, events } = await vaultWithUsedKey();

    const started = await call<KeySummary>(app, 'keys.startReplacement', { id: old.id });
    expect(started.replacement).toMatchObject({ stage: 'new-key', startedAt: expect.any(String) });
    expect(started.replacement?.places.map((place) => [place.type, place.label, place.destination ?? null])).toEqual([
      ['added', 'Bitrise workflow release', null],
      ['added', 'Codemagic team settings', null],
      ['export', 'fastlane', repoA],
      ['export', 'fastlane', repoB],
    ]);

    // Guided setup saves the new key and links it in the same write.
    const fresh = await importKey(app, 'AuthKey_NEWKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, bundleIds: ['com.example.app'], replaces: old.id });
    expect((await key(old.id)).replacement).toMatchObject({ stage: 'places', newKeyId: fresh.id });

    // Exporting the new key to fastlane in repo B ticks that place off; the folder picks the place.
    app.dialogAnswers.push(repoB);
    await call(app, 'exports.write', { request: { target: 'fastlane', keys: { apiKey: fresh.id } }, overwrite: true });
    const afterExport = (await key(old.id)).replacement!;
    expect(afterExport.places.filter((place) => place.doneAt !== undefined).map((place) => place.destination)).toEqual([repoB]);

    // Finishing early is refused, naming what is left.
    const early = await app.call('keys.finishReplacement', { id: old.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'REPLACEMENT_INCOMPLETE', message: expect.stringContaining('3 places not ticked off: Bitrise workflow release, Codemagic team settings, fastlane') } });
    expect((await key(old.id)).revoked).toBe(false);

    for (const place of afterExport.places.filter((candidate) => candidate.doneAt === undefined)) {
      await call(app, 'keys.tickReplacementPlace', { id: old.id, placeId: place.id, done: true });
    }
    expect((await key(old.id)).replacement?.stage).toBe('revoke');
    // Hand-added places ticked off are noted on the new key, so its own replacement finds them one day.
    expect((await key(fresh.id)).usedIn.map((entry) => entry.label)).toEqual(['Bitrise workflow release', 'Codemagic team settings']);

    const finished = await call<KeySummary>(app, 'keys.finishReplacement', { id: old.id });
    expect(finished).toMatchObject({ revoked: true, revokedAt: expect.any(String) });
    expect(finished.replacement).toBeUndefined();
    expect((await events(old.id)).map((event) => `${event.type}: ${event.summary}`).slice(0, 8)).toEqual([
      'key.revoked: Finished replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001) with "App Store Connect API team key NEWKEY0001" (NEWKEY0001), and marked it as revoked',
      'key.replacement: Ticked off fastlane in replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      'key.replacement: Ticked off Codemagic team settings in replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      'key.replacement: Ticked off Bitrise workflow release in replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      'key.replacement: Ticked off fastlane in replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      'key.replacement: Added "App Store Connect API team key NEWKEY0001" (NEWKEY0001) to replace "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      'key.replacement: Started replacing "App Store Connect API team key OLDKEY0001" (OLDKEY0001)',
      expect.stringMatching(/^key\.exported: /),
    ]);
  });

  it('survives lock, unlock and a restart: the job, its new key and its ticks are in the vault, not the window', async () => {
    const { app, old, key } = await vaultWithUsedKey();
    await call(app, 'keys.startReplacement', { id: old.id });
    const fresh = await importKey(app, 'AuthKey_NEWKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    await call(app, 'keys.setReplacementKey', { id: old.id, newKeyId: fresh.id });
    const place = (await key(old.id)).replacement!.places[0]!;
    await call(app, 'keys.tickReplacementPlace', { id: old.id, placeId: place.id, done: true });
    const before = (await key(old.id)).replacement;

    await call(app, 'vault.lock', {});
    expect(await app.call('keys.get', { id: old.id })).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    await call(app, 'vault.unlock', { passphrase: TEST_PASSPHRASE });
    expect((await key(old.id)).replacement).toEqual(before);

    // A restart: new services over the same vault file.
    await call(app, 'vault.lock', {});
    const restarted = routedAppIn(app.folder);
    await call(restarted, 'vault.unlock', { passphrase: TEST_PASSPHRASE });
    expect((await call<KeySummary>(restarted, 'keys.get', { id: old.id })).replacement).toEqual(before);
    expect(before).toMatchObject({ stage: 'places', newKeyId: fresh.id, places: [{ id: place.id, doneAt: expect.any(String) }, {}, {}, {}] });
  });

  it('refuses a replacement of another kind, another account, a revoked key or the key itself, and changes nothing', async () => {
    const { app, old, key, events } = await vaultWithUsedKey();
    await call(app, 'keys.startReplacement', { id: old.id });
    const subscription = await importKey(app, 'SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID });
    const otherTeam = await importKey(app, 'AuthKey_OTHERTEAM1.p8', { kind: 'asc-team', issuerId: OTHER_ISSUER_ID });
    const revoked = await importKey(app, 'AuthKey_REVOKED001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    await call(app, 'keys.revoke', { id: revoked.id });
    const before = await key(old.id);
    const eventCount = (await events(old.id)).length;

    for (const [newKeyId, code, message] of [
      [subscription.id, 'KIND_MISMATCH', 'keys of different kinds are not interchangeable'],
      [otherTeam.id, 'BAD_ISSUER_ID', 'belong to different App Store Connect accounts'],
      [revoked.id, 'KEY_REVOKED', 'marked as revoked, so it cannot replace another key'],
      [old.id, 'BAD_REQUEST', 'A key cannot replace itself'],
      ['00000000-0000-4000-8000-000000000000', 'NOT_FOUND', 'no longer in the vault'],
    ] as const) {
      expect(await app.call('keys.setReplacementKey', { id: old.id, newKeyId }), newKeyId).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(message) } });
    }
    // A new key of the wrong kind from guided setup is refused before anything is stored.
    const file = path.join(app.folder, 'SubscriptionKey_IAPKEY0002.p8');
    writeFileSync(file, appStoreConnectP8(generateP256Key()));
    const wrongImport = await app.call('keys.import', { source: await app.chooseKeyFile(file), kind: 'in-app-purchase', issuerId: ISSUER_ID, replaces: old.id });
    expect(wrongImport).toMatchObject({ ok: false, error: { code: 'KIND_MISMATCH' } });
    expect((await call<KeySummary[]>(app, 'keys.list', {})).map((summary) => summary.keyId)).not.toContain('IAPKEY0002');

    expect(await app.call('keys.tickReplacementPlace', { id: old.id, placeId: before.replacement!.places[0]!.id, done: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('Add the key that replaces') },
    });
    expect(await app.call('keys.tickReplacementPlace', { id: old.id, placeId: 'added:nothing', done: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await app.call('keys.tickReplacementPlace', { id: old.id, placeId: 'x'.repeat(9000), done: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app.call('keys.finishReplacement', { id: old.id })).toMatchObject({ ok: false, error: { code: 'REPLACEMENT_INCOMPLETE', message: expect.stringContaining('Add the key that replaces') } });
    expect(await app.call('keys.finishReplacement', { id: subscription.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('is not being replaced') } });

    expect(await key(old.id)).toEqual(before);
    expect(await events(old.id)).toHaveLength(eventCount);
  });

  it('goes back to waiting for a new key when the new key is deleted, and stopping keeps the new key', async () => {
    const { app, old, key } = await vaultWithUsedKey();
    await call(app, 'keys.startReplacement', { id: old.id });
    const first = await importKey(app, 'AuthKey_NEWKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, replaces: old.id });
    await call(app, 'keys.delete', { id: first.id, confirmKeyId: 'NEWKEY0001' });
    expect((await key(old.id)).replacement).toMatchObject({ stage: 'new-key' });
    expect((await key(old.id)).replacement?.newKeyId).toBeUndefined();

    const second = await importKey(app, 'AuthKey_NEWKEY0002.p8', { kind: 'asc-team', issuerId: ISSUER_ID, replaces: old.id });
    const stopped = await call<KeySummary>(app, 'keys.cancelReplacement', { id: old.id });
    expect(stopped.replacement).toBeUndefined();
    expect(stopped.revoked).toBe(false);
    expect((await key(second.id)).keyId).toBe('NEWKEY0002');
  });

  it('keeps a new key whose replacement was stopped elsewhere while guided setup ran, and says so', async () => {
    const { app, old, key } = await vaultWithUsedKey();
    await call(app, 'keys.startReplacement', { id: old.id });
    await call(app, 'keys.cancelReplacement', { id: old.id });
    const file = path.join(app.folder, 'AuthKey_NEWKEY0001.p8');
    writeFileSync(file, appStoreConnectP8(generateP256Key()));
    const result = await call<{ key: KeySummary; notices: string[] }>(app, 'keys.import', { source: await app.chooseKeyFile(file), kind: 'asc-team', issuerId: ISSUER_ID, replaces: old.id });
    expect(result.key.keyId).toBe('NEWKEY0001');
    expect(result.notices).toEqual(['This key was added on its own: "App Store Connect API team key OLDKEY0001" is no longer being replaced (the job was finished or stopped elsewhere).']);
    expect((await key(old.id)).replacement).toBeUndefined();
  });

  it('replaces a key already revoked (a leaked key is revoked first), keeping when it was revoked', async () => {
    const { app, old, key } = await vaultWithUsedKey();
    const revokedAt = (await call<KeySummary>(app, 'keys.revoke', { id: old.id })).revokedAt;
    await call(app, 'keys.startReplacement', { id: old.id });
    await importKey(app, 'AuthKey_NEWKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, replaces: old.id });
    for (const place of (await key(old.id)).replacement!.places) await call(app, 'keys.tickReplacementPlace', { id: old.id, placeId: place.id, done: true });

    const finished = await call<KeySummary>(app, 'keys.finishReplacement', { id: old.id });
    expect(finished).toMatchObject({ revoked: true, revokedAt });
    expect(finished.replacement).toBeUndefined();
  });

  it('unticks a place, and a place added to the old key during the job joins the list', async () => {
    const { app, old, key } = await vaultWithUsedKey();
    await call(app, 'keys.startReplacement', { id: old.id });
    await importKey(app, 'AuthKey_NEWKEY0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, replaces: old.id });
    const [first] = (await key(old.id)).replacement!.places;
    await call(app, 'keys.tickReplacementPlace', { id: old.id, placeId: first!.id, done: true });
    await call(app, 'keys.tickReplacementPlace', { id: old.id, placeId: first!.id, done: false });
    expect((await key(old.id)).replacement!.places[0]!.doneAt).toBeUndefined();

    await call(app, 'keys.addUsedIn', { id: old.id, label: 'RevenueCat project Fitness' });
    expect((await key(old.id)).replacement!.places.map((place) => place.label)).toContain('RevenueCat project Fitness');
  });

  it('leaves out a stored job that does not read (a record another program wrote) instead of failing every list of keys', async () => {
    const fixture = await keyServiceFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const { data } = fixture.vault.getItem<Record<string, unknown>>(key.id);
    fixture.vault.transaction((writer) => writer.updateItemData(key.id, { ...data, replacement: { startedAt: 1, done: 'all' } }));

    expect(fixture.service.listKeys().map((summary) => [summary.keyId, summary.replacement])).toEqual([[key.keyId, undefined]]);
    expect(fixture.service.getKey(key.id).replacement).toBeUndefined();
    expect(() => fixture.service.finishReplacement(key.id)).toThrow(/is not being replaced/);
    expect(fixture.service.startReplacement(key.id).replacement).toMatchObject({ stage: 'new-key', places: [] });
  });
});
