import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function unlockedApp(options: Parameters<typeof routedApp>[0] = {}) {
  const app = routedApp(options);
  expect(await app.call('vault.create', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
  return app;
}

function keyFile(folder: string, name: string) {
  const pem = appStoreConnectP8(generateP256Key());
  const file = path.join(folder, name);
  writeFileSync(file, pem);
  return { file, pem };
}

describe('key channels through the router', () => {
  it('imports a key chosen in the open dialog, lists it, and never answers with key material', async () => {
    const app = await unlockedApp();
    const { file, pem } = keyFile(app.folder, 'SubscriptionKey_ABCDE12345.p8');
    app.dialogAnswers.push(file);

    const chosen = await app.call('keys.chooseFile');
    expect(chosen).toEqual({ ok: true, value: { fileId: expect.any(String), fileName: 'SubscriptionKey_ABCDE12345.p8' } });
    expect(JSON.stringify(chosen)).not.toContain(app.folder);
    if (!chosen.ok) throw new Error(chosen.error.message);
    const source = { type: 'file', fileId: (chosen.value as { fileId: string }).fileId };
    const inspected = await app.call('keys.inspect', { source });
    expect(inspected).toMatchObject({ ok: true, value: { fileName: 'SubscriptionKey_ABCDE12345.p8', fileKind: 'in-app-purchase', fileKeyId: 'ABCDE12345' } });

    const imported = await app.call('keys.import', { source, kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
    expect(imported).toMatchObject({ ok: true, value: { key: { keyId: 'ABCDE12345', kind: 'in-app-purchase', issuerId: ISSUER_ID } } });
    expect(await app.call('keys.list', { query: 'example' })).toMatchObject({ ok: true, value: [{ keyId: 'ABCDE12345' }] });
    expect(await app.call('keys.issuerIds')).toEqual({ ok: true, value: [ISSUER_ID] });

    const body = pem.split('\n')[1]!;
    for (const response of app.responses) {
      expect(response).not.toContain('PRIVATE KEY');
      expect(response).not.toContain(body);
    }
  });

  it('answers a cancelled dialog with null', async () => {
    const app = await unlockedApp();
    app.dialogAnswers.push(null);
    expect(await app.call('keys.chooseFile')).toEqual({ ok: true, value: null });
  });

  it('copies a Key ID through main and clears it when the vault locks', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_QWERTY1234.p8');
    const imported = await app.call('keys.import', { source: await app.chooseKeyFile(file), issuerId: ISSUER_ID });
    const id = imported.ok ? (imported.value as { key: { id: string } }).key.id : '';

    expect(await app.call('clipboard.copyKeyField', { id, field: 'keyId' })).toEqual({ ok: true, value: { clearAfterSeconds: 60 } });
    expect(app.clipboard.text).toBe('QWERTY1234');
    await app.call('vault.lock');
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.clipboard.text).toBe('');
    expect(app.events).toEqual([{ event: 'vault.locked', payload: { reason: 'manual' } }]);
  });

  it('deletes a source file only when this session imported and verified it', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_QWERTY1234.p8');
    const other = keyFile(app.folder, 'AuthKey_OTHER12345.p8');
    const source = await app.chooseKeyFile(file);
    const otherSource = await app.chooseKeyFile(other.file);

    expect(await app.call('keys.deleteSourceFile', { fileId: source.fileId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await app.call('keys.import', { source, issuerId: ISSUER_ID });
    expect(await app.call('keys.deleteSourceFile', { fileId: otherSource.fileId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(existsSync(other.file)).toBe(true);
    expect(await app.call('keys.deleteSourceFile', { path: file })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(existsSync(file)).toBe(true);
    expect(await app.call('keys.deleteSourceFile', { fileId: source.fileId })).toEqual({ ok: true, value: null });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses malformed key requests with BAD_REQUEST before any service runs', async () => {
    const app = await unlockedApp();
    for (const [channel, payload] of [
      ['keys.get', { id: 'not-a-uuid' }],
      ['keys.import', { source: { type: 'url', path: 'https://example.com/key.p8' } }],
      ['keys.import', { source: { type: 'file', fileId: '' } }],
      ['keys.import', { source: { type: 'clipboard' }, kind: 'apns' }],
      ['keys.import', { source: { type: 'clipboard' }, pem: '-----BEGIN PRIVATE KEY-----' }],
      ['keys.update', { id: '00000000-0000-4000-8000-000000000000', update: { keyId: 'ABCDE12345' } }],
      ['clipboard.copyKeyField', { id: '00000000-0000-4000-8000-000000000000', field: 'pem' }],
      ['keys.list', { query: 'x'.repeat(201) }],
    ] as const) {
      expect(await app.call(channel, payload), `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('refuses a bare path from the renderer with a typed error that says where files come from, and reads nothing', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_QWERTY1234.p8');
    for (const channel of ['keys.inspect', 'keys.import'] as const) {
      const refused = await app.call(channel, { source: { type: 'file', path: file } });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('never a path') } });
    }
    expect(await app.call('keys.list')).toEqual({ ok: true, value: [] });
  });

  it('refuses a file id main never issued', async () => {
    const app = await unlockedApp();
    const refused = await app.call('keys.inspect', { source: { type: 'file', fileId: 'made-up-by-the-page' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('Choose the file again') } });
  });

  it('refuses a file chosen in one window when another window names it', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_QWERTY1234.p8');
    const source = await app.chooseKeyFile(file);
    expect(await app.call('keys.inspect', { source }, { window: 'another' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call('keys.inspect', { source })).toMatchObject({ ok: true });
  });

  it('imports a dropped file through its one-time handle, and refuses the handle a second time', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_DROPPED001.p8');
    const dropped = app.dropFile(file);
    if (!dropped.ok) throw new Error(dropped.error.message);
    const { handle } = dropped.value;
    expect(handle).not.toContain(app.folder);

    const opened = await app.call('keys.openDroppedFile', { handle });
    expect(opened).toEqual({ ok: true, value: { fileId: expect.any(String), fileName: 'AuthKey_DROPPED001.p8' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const source = { type: 'file', fileId: (opened.value as { fileId: string }).fileId };
    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID })).toMatchObject({ ok: true, value: { key: { keyId: 'DROPPED001' } } });

    expect(await app.call('keys.openDroppedFile', { handle })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('Drop the file again') } });
  });

  it('refuses a drop handle another window presents, and forgets it', async () => {
    const app = await unlockedApp();
    const { file } = keyFile(app.folder, 'AuthKey_DROPPED001.p8');
    const dropped = app.dropFile(file);
    if (!dropped.ok) throw new Error(dropped.error.message);
    expect(await app.call('keys.openDroppedFile', { handle: dropped.value.handle }, { window: 'another' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call('keys.openDroppedFile', { handle: dropped.value.handle })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('takes no drop of a folder, a missing file or a relative path', async () => {
    const app = await unlockedApp();
    expect(app.dropFile(app.folder)).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    expect(app.dropFile(path.join(app.folder, 'AuthKey_MISSING001.p8'))).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
    expect(app.dropFile('AuthKey_RELATIVE01.p8')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('answers key channels with VAULT_LOCKED while locked', async () => {
    const app = await unlockedApp();
    await app.call('vault.lock');
    expect(await app.call('keys.list')).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
  });
});

describe('Downloads watching through the router', () => {
  it('tells the renderer about a new key file, and stops on lock', async () => {
    const app = await unlockedApp();
    const downloads = path.join(app.folder, 'Downloads');
    mkdirSync(downloads);
    expect(await app.call('downloads.watch', { watching: true })).toEqual({ ok: true, value: { folder: downloads, watching: true, recent: [] } });
    writeFileSync(path.join(downloads, 'SubscriptionKey_ABCDE12345.p8'), appStoreConnectP8(generateP256Key()));
    await expect.poll(() => app.events, { timeout: 5000 }).toEqual([
      { event: 'downloads.keyFound', payload: { fileId: expect.any(String), fileName: 'SubscriptionKey_ABCDE12345.p8', kind: 'in-app-purchase', keyId: 'ABCDE12345' } },
    ]);
    const found = app.events[0]!.payload as { fileId: string };
    expect(await app.call('keys.inspect', { source: { type: 'file', fileId: found.fileId } })).toMatchObject({ ok: true, value: { fileKeyId: 'ABCDE12345' } });
    await app.call('vault.lock');
    writeFileSync(path.join(downloads, 'AuthKey_QWERTY1234.p8'), 'later');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(app.events.map((entry) => entry.event)).toEqual(['downloads.keyFound', 'vault.locked']);
  });

  it('offers key files written in the hour before the watch started, newest first, and none older or already in the vault', async () => {
    const startedAt = new Date('2026-06-01T12:00:00Z');
    const app = await unlockedApp({ now: () => startedAt });
    const downloads = path.join(app.folder, 'Downloads');
    mkdirSync(downloads);
    const writtenAgo = (name: string, minutes: number) => {
      const { file } = keyFile(downloads, name);
      const at = new Date(startedAt.getTime() - minutes * 60_000);
      utimesSync(file, at, at);
      return file;
    };
    writtenAgo('SubscriptionKey_FOUR000001.p8', 4);
    writtenAgo('AuthKey_FIFTY00001.p8', 50);
    writtenAgo('AuthKey_TWOHOURS01.p8', 120);
    writtenAgo('notes.p8', 1);
    const inVault = writtenAgo('AuthKey_INVAULT001.p8', 2);
    await app.call('keys.import', { source: await app.chooseKeyFile(inVault), issuerId: ISSUER_ID });

    const started = await app.call('downloads.watch', { watching: true });
    expect(started).toEqual({
      ok: true,
      value: {
        folder: downloads,
        watching: true,
        recent: [
          { fileId: expect.any(String), fileName: 'SubscriptionKey_FOUR000001.p8', kind: 'in-app-purchase', keyId: 'FOUR000001', downloadedAt: '2026-06-01T11:56:00.000Z' },
          { fileId: expect.any(String), fileName: 'AuthKey_FIFTY00001.p8', kind: 'asc', keyId: 'FIFTY00001', downloadedAt: '2026-06-01T11:10:00.000Z' },
        ],
      },
    });
    if (!started.ok) return;
    const [offered] = (started.value as { recent: Array<{ fileId: string }> }).recent;
    expect(await app.call('keys.inspect', { source: { type: 'file', fileId: offered!.fileId } })).toMatchObject({ ok: true, value: { fileKeyId: 'FOUR000001' } });
    expect(await app.call('keys.inspect', { source: { type: 'file', fileId: offered!.fileId } }, { window: 'another' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // Files already there are offered, not reported again as new downloads.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(app.events).toEqual([]);
  });

  it('refuses to watch a Downloads folder that does not exist, saying to choose the file', async () => {
    const app = await unlockedApp();
    const result = await app.call('downloads.watch', { watching: true });
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('Choose the file instead') } });
  });
});

describe('Apple pages through the router', () => {
  it('opens a named App Store Connect page and refuses names it does not know', async () => {
    const app = routedApp();
    expect(await app.call('app.openApplePage', { page: 'in-app-purchase-keys' })).toEqual({ ok: true, value: null });
    expect(app.opened).toEqual(['https://appstoreconnect.apple.com/access/integrations/api/subs']);
    expect(await app.call('app.openApplePage', { page: 'https://evil.example' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});
