import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function unlockedApp() {
  const app = routedApp();
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
    expect(chosen).toEqual({ ok: true, value: { path: file, fileName: 'SubscriptionKey_ABCDE12345.p8' } });
    const inspected = await app.call('keys.inspect', { source: { type: 'file', path: file } });
    expect(inspected).toMatchObject({ ok: true, value: { fileName: 'SubscriptionKey_ABCDE12345.p8', fileKind: 'in-app-purchase', fileKeyId: 'ABCDE12345' } });

    const imported = await app.call('keys.import', { source: { type: 'file', path: file }, kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
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
    const imported = await app.call('keys.import', { source: { type: 'file', path: file }, issuerId: ISSUER_ID });
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

    expect(await app.call('keys.deleteSourceFile', { path: file })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await app.call('keys.import', { source: { type: 'file', path: file }, issuerId: ISSUER_ID });
    expect(await app.call('keys.deleteSourceFile', { path: other.file })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(existsSync(other.file)).toBe(true);
    expect(await app.call('keys.deleteSourceFile', { path: file })).toEqual({ ok: true, value: null });
    expect(existsSync(file)).toBe(false);
  });

  it('refuses malformed key requests with BAD_REQUEST before any service runs', async () => {
    const app = await unlockedApp();
    for (const [channel, payload] of [
      ['keys.get', { id: 'not-a-uuid' }],
      ['keys.import', { source: { type: 'url', path: 'https://example.com/key.p8' } }],
      ['keys.import', { source: { type: 'file', path: '' } }],
      ['keys.import', { source: { type: 'clipboard' }, kind: 'apns' }],
      ['keys.import', { source: { type: 'clipboard' }, pem: '-----BEGIN PRIVATE KEY-----' }],
      ['keys.update', { id: '00000000-0000-4000-8000-000000000000', update: { keyId: 'ABCDE12345' } }],
      ['clipboard.copyKeyField', { id: '00000000-0000-4000-8000-000000000000', field: 'pem' }],
      ['keys.list', { query: 'x'.repeat(201) }],
    ] as const) {
      expect(await app.call(channel, payload), `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
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
    expect(await app.call('downloads.watch', { watching: true })).toEqual({ ok: true, value: { folder: downloads, watching: true } });
    writeFileSync(path.join(downloads, 'SubscriptionKey_ABCDE12345.p8'), appStoreConnectP8(generateP256Key()));
    await expect.poll(() => app.events, { timeout: 5000 }).toEqual([
      { event: 'downloads.keyFound', payload: { path: path.join(downloads, 'SubscriptionKey_ABCDE12345.p8'), fileName: 'SubscriptionKey_ABCDE12345.p8', kind: 'in-app-purchase', keyId: 'ABCDE12345' } },
    ]);
    await app.call('vault.lock');
    writeFileSync(path.join(downloads, 'AuthKey_QWERTY1234.p8'), 'later');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(app.events.map((entry) => entry.event)).toEqual(['downloads.keyFound', 'vault.locked']);
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
