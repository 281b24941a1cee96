import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function appWithKeys() {
  const app = routedApp();
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  const ids: Record<string, string> = {};
  const pems: Record<string, string> = {};
  for (const [fileName, kind] of [
    ['SubscriptionKey_IAPKEY0001.p8', 'in-app-purchase'],
    ['AuthKey_TEAMKEY001.p8', 'asc-team'],
  ] as const) {
    pems[kind] = appStoreConnectP8(generateP256Key());
    const file = path.join(app.folder, fileName);
    writeFileSync(file, pems[kind]!);
    const result = await app.call('keys.import', { source: await app.chooseKeyFile(file), kind, issuerId: ISSUER_ID, bundleIds: ['com.example.app'] });
    ids[kind] = (result as { value: { key: { id: string } } }).value.key.id;
  }
  return { app, ids, pems };
}

describe('export channels', () => {
  it('previews an Adapty export without key material and writes it into the folder the dialog chose', async () => {
    const { app, ids, pems } = await appWithKeys();
    const request = { target: 'adapty', keys: { inAppPurchaseKey: ids['in-app-purchase'] } };
    const preview = await app.call('exports.preview', { request });
    expect(preview.ok).toBe(true);
    expect(JSON.stringify(preview)).not.toContain('PRIVATE KEY');

    const folder = path.join(app.folder, 'out');
    mkdirSync(folder);
    app.dialogAnswers.push(folder);
    const written = await app.call('exports.write', { request });
    expect(written.ok).toBe(true);
    const file = path.join(folder, 'SubscriptionKey_IAPKEY0001.p8');
    expect(readFileSync(file, 'utf8')).toBe(pems['in-app-purchase']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await app.call('keys.get', { id: ids['in-app-purchase'] })).toMatchObject({ ok: true, value: { exports: [{ target: 'adapty' }] } });
    for (const response of app.responses) expect(response).not.toContain('PRIVATE KEY');
  });

  it('shows a written export in its folder by the id main answered with, and never by a path from the renderer', async () => {
    const { app, ids } = await appWithKeys();
    const folder = path.join(app.folder, 'shown');
    mkdirSync(folder);
    app.dialogAnswers.push(folder);
    const written = await app.call('exports.write', { request: { target: 'adapty', keys: { inAppPurchaseKey: ids['in-app-purchase'] } } });
    const { exportId } = (written as { value: { exportId: string } }).value;

    expect(await app.call('exports.showInFolder', { exportId })).toEqual({ ok: true, value: null });
    expect(app.shownInFolder).toEqual([path.join(folder, 'SubscriptionKey_IAPKEY0001.p8')]);

    expect(await app.call('exports.showInFolder', { exportId: '0b5ad1e4-8f5b-4c47-9a8e-6f8f3b0e7f11' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('Write the files again') },
    });
    expect(await app.call('exports.showInFolder', { exportId: folder })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app.call('exports.showInFolder', { exportId, path: '/etc' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

    rmSync(path.join(folder, 'SubscriptionKey_IAPKEY0001.p8'));
    expect(await app.call('exports.showInFolder', { exportId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: `SubscriptionKey_IAPKEY0001.p8 is no longer in ${folder}: it was moved or deleted. Write the files again if you need them.` },
    });
    expect(app.shownInFolder).toHaveLength(1);
  });

  it('writes nothing when the folder dialog is cancelled, and refuses the wrong kind for a target', async () => {
    const { app, ids } = await appWithKeys();
    app.dialogAnswers.push(null);
    expect(await app.call('exports.write', { request: { target: 'fastlane', keys: { apiKey: ids['asc-team'] } } })).toEqual({ ok: true, value: null });
    expect(await app.call('exports.preview', { request: { target: 'fastlane', keys: { apiKey: ids['in-app-purchase'] } } })).toMatchObject({ ok: false });
  });

  it('refuses a folder sent by the renderer for altool, and writes altool’s key only where main’s dialog answered', async () => {
    const { app, ids, pems } = await appWithKeys();
    const chooseFolder = vi.spyOn(app.services.dialogs, 'chooseFolder');
    const elsewhere = path.join(app.folder, 'renderer-picked');
    const request = { target: 'altool', keys: { apiKey: ids['asc-team'] } };

    const refused = await app.call('exports.write', { request: { ...request, options: { privateKeysFolder: elsewhere } } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/Unrecognized key.*privateKeysFolder/) } });
    expect(chooseFolder).not.toHaveBeenCalled();
    expect(existsSync(elsewhere)).toBe(false);

    // The dialog answers a folder that is not there yet (the user chose "Create it"): main creates it owner-only.
    const chosen = path.join(app.folder, 'home', '.appstoreconnect', 'private_keys');
    app.dialogAnswers.push(chosen);
    const written = await app.call('exports.write', { request });

    expect(chooseFolder).toHaveBeenCalledWith('Choose where to write the altool / notarytool files', path.join(homedir(), '.appstoreconnect', 'private_keys'));
    expect(written).toMatchObject({ ok: true, value: { folder: chosen, written: [{ name: 'AuthKey_TEAMKEY001.p8' }] } });
    expect(readFileSync(path.join(chosen, 'AuthKey_TEAMKEY001.p8'), 'utf8')).toBe(pems['asc-team']);
    expect(statSync(path.join(chosen, 'AuthKey_TEAMKEY001.p8')).mode & 0o777).toBe(0o600);
    expect(statSync(chosen).mode & 0o777).toBe(0o700);

    app.dialogAnswers.push(null);
    expect(await app.call('exports.write', { request, overwrite: true })).toEqual({ ok: true, value: null });
    for (const response of app.responses) expect(response).not.toContain('PRIVATE KEY');
  });

  it('copies a private-key field through main without sending it to the renderer', async () => {
    const { app, ids, pems } = await appWithKeys();
    const request = { target: 'codemagic', keys: { apiKey: ids['asc-team'] } };
    const preview = await app.call('exports.preview', { request });
    const secretField = (preview as { value: { fields: Array<{ label: string; secret: boolean }> } }).value.fields.find((field) => field.secret)!;
    expect(await app.call('exports.copySecretField', { request, label: secretField.label })).toMatchObject({ ok: true });
    expect(createPublicKey(app.clipboard.text).export({ format: 'pem', type: 'spki' })).toEqual(createPublicKey(pems['asc-team']!).export({ format: 'pem', type: 'spki' }));
    for (const response of app.responses) expect(response).not.toContain('PRIVATE KEY');
  });

  it('round-trips an encrypted bundle through the dialogs and imports it into another vault', async () => {
    const { app, ids } = await appWithKeys();
    const bundleFile = path.join(app.folder, 'team.age');
    app.dialogAnswers.push(bundleFile);
    const passphrase = (await app.call('bundle.generatePassphrase')) as { value: { passphrase: string } };
    expect(passphrase.value.passphrase.split('-')).toHaveLength(6);
    expect(await app.call('bundle.export', { ids: Object.values(ids), passphrase: passphrase.value.passphrase })).toMatchObject({ ok: true });
    expect(readFileSync(bundleFile, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);

    const other = routedApp();
    await other.call('vault.create', { passphrase: TEST_PASSPHRASE });
    other.dialogAnswers.push(bundleFile);
    expect(await other.call('bundle.chooseFile')).toEqual({ ok: true, value: { fileName: 'team.age', needsPassphrase: true } });
    expect(await other.call('bundle.preview', { passphrase: 'wrong passphrase entirely' })).toMatchObject({ ok: false, error: { code: 'BUNDLE_WRONG_PASSPHRASE' } });
    expect(await other.call('bundle.preview', { passphrase: passphrase.value.passphrase })).toMatchObject({ ok: true });
    expect(await other.call('bundle.import', { passphrase: passphrase.value.passphrase })).toMatchObject({ ok: true });
    expect(await other.call('keys.list')).toMatchObject({ ok: true, value: [{}, {}] });
    for (const response of [...app.responses, ...other.responses]) expect(response).not.toContain('PRIVATE KEY');
  }, 30_000);

  it('backs up through the save dialog and reports the backup in backup.status', async () => {
    const { app } = await appWithKeys();
    expect(await app.call('backup.status')).toMatchObject({ ok: true, value: { lastBackupAt: null } });
    app.dialogAnswers.push(path.join(app.folder, 'backup.sqlite'));
    expect(await app.call('backup.create')).toMatchObject({ ok: true });
    const status = await app.call('backup.status');
    expect(status).toMatchObject({ ok: true, value: { lastBackupAt: expect.any(String) } });
  });
});
