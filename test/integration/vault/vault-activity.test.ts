import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { createdVault, TEST_PASSPHRASE, vaultAt } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

describe('activity log', () => {
  it('records which program wrote each new event, the app or the CLI; events from before carry none', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const cli = vaultAt(file, { eventSource: 'cli' });
    await cli.unlock(TEST_PASSPHRASE);
    cli.lock();
    const app = vaultAt(file, { eventSource: 'app' });
    await app.unlock(TEST_PASSPHRASE);

    expect(app.events(0, 10).events.map((event) => [event.type, event.source])).toEqual([
      ['vault.unlocked', 'app'],
      ['vault.unlocked', 'cli'],
      ['vault.created', undefined],
    ]);
    app.lock();
  });

  it('filters by type, by key and by words in the summary through the router, and pages what matched', async () => {
    const app = routedApp();
    await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
    const ids: string[] = [];
    for (const keyId of ['FILTERKEY1', 'FILTERKEY2']) {
      const file = path.join(app.folder, `AuthKey_${keyId}.p8`);
      writeFileSync(file, appStoreConnectP8(generateP256Key()));
      ids.push((await new KeyService({ vault: app.services.vault }).importKey({ source: { type: 'file', path: file }, issuerId: ISSUER_ID })).key.id);
    }
    await app.call('keys.update', { id: ids[0], update: { name: 'Renamed first key' } });

    const events = async (request: object) => {
      const result = await app.call('vault.events', request);
      if (!result.ok) throw new Error(result.error.message);
      return result.value as { events: Array<{ type: string; summary: string; source?: string; itemId?: string }>; total: number };
    };
    expect((await events({ type: 'key.added' })).events.map((event) => event.itemId)).toEqual([ids[1], ids[0]]);
    const firstKey = await events({ itemId: ids[0] });
    expect(firstKey.events.map((event) => event.type)).toEqual(['key.edited', 'key.added']);
    expect(firstKey.events.every((event) => event.source === 'app')).toBe(true);
    expect((await events({ query: 'filterkey2' })).events.map((event) => event.itemId)).toEqual([ids[1]]);
    expect(await events({ type: 'key.added', limit: 1, offset: 1 })).toMatchObject({ events: [{ itemId: ids[0] }], total: 2 });
    expect(await events({ type: 'token.issued' })).toEqual({ events: [], total: 0 });
    expect(await app.call('vault.events', { type: 'key.stolen' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
