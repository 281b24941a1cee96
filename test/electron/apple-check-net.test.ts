import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
import { dialog, net, recording } from './fake-electron';
import { fromMainFrame, startedShell, useFreshShell } from './shell-harness';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

describe('the shell’s checks with Apple', () => {
  const { userData } = useFreshShell();

  it('sends nothing while the setting is off, then asks Apple through Electron’s net.fetch', async () => {
    const fromMain = fromMainFrame(await startedShell());
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMain, payload);
    expect(await call('vault.create', { passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true });
    const file = path.join(userData(), 'AuthKey_TEAMKEY001.p8');
    writeFileSync(file, appStoreConnectP8(generateP256Key()));
    dialog.answers.push(file);
    const chosen = (await call('keys.chooseFile', {})) as { value: { fileId: string } };
    const imported = (await call('keys.import', { source: { type: 'file', fileId: chosen.value.fileId }, kind: 'asc-team', issuerId: ISSUER_ID })) as { value: { key: { id: string } } };
    const id = imported.value.key.id;

    expect(await call('apple.check', { id })).toMatchObject({ ok: false, error: { code: 'APPLE_CHECK_OFF' } });
    expect(net.requests).toEqual([]);

    expect(await call('settings.update', { appleCheckEnabled: true })).toMatchObject({ ok: true, value: { appleCheckEnabled: true } });
    net.answers.push(Response.json({ data: [{ type: 'apps', id: '6400000001', attributes: { name: 'Example', bundleId: 'com.example.app' } }], links: {} }));
    expect(await call('apple.check', { id })).toMatchObject({ ok: true, value: { works: true, summary: 'works, sees 1 app' } });
    expect(net.requests).toHaveLength(1);
    const [request] = net.requests;
    expect(request?.url).toBe('https://api.appstoreconnect.apple.com/v1/apps?limit=200&fields%5Bapps%5D=name%2CbundleId');
    expect(request?.init).toMatchObject({ method: 'GET', redirect: 'manual', credentials: 'omit', cache: 'no-store' });
    expect((request?.init.headers as Record<string, string>).authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
