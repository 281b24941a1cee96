import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

interface Finding {
  id: string;
  path: string;
}

/** An unlocked app that scanned a folder holding the given files (name → contents); answers each file's finding id. */
async function scanned(files: Record<string, string>) {
  const app = routedApp();
  expect(await app.call('vault.create', { passphrase: TEST_PASSPHRASE })).toMatchObject({ ok: true });
  const folder = path.join(app.folder, 'Documents');
  mkdirSync(folder, { recursive: true });
  const paths: Record<string, string> = {};
  for (const [name, contents] of Object.entries(files)) {
    paths[name] = path.join(folder, name);
    writeFileSync(paths[name], contents);
  }
  app.dialogAnswers.push(folder);
  expect(await app.call('stray.chooseFolder')).toMatchObject({ ok: true });
  const scan = await app.call('stray.scan', { includeDefaults: false });
  if (!scan.ok) throw new Error(scan.error.message);
  const copies = (scan.value as { copies: Finding[] }).copies;
  const idOf = (name: string) => copies.find((copy) => copy.path === paths[name])?.id ?? '';
  const openForImport = async (name: string, window = 'main') => app.call('stray.openForImport', { id: idOf(name) }, { window });
  const vaultKeyIds = async () => {
    const listed = await app.call('keys.list');
    return listed.ok ? (listed.value as Array<{ keyId: string }>).map((key) => key.keyId) : [];
  };
  return { app, paths, idOf, openForImport, vaultKeyIds };
}

const newKey = () => appStoreConnectP8(generateP256Key());

describe('importing a stray copy through the router', () => {
  it('issues a file id for a key the vault lacks, which inspects and imports like a chosen file, and answers no path or key material', async () => {
    const pem = newKey();
    const { app, openForImport, vaultKeyIds } = await scanned({ 'AuthKey_STRAYKEY01.p8': pem });

    const opened = await openForImport('AuthKey_STRAYKEY01.p8');
    expect(opened).toEqual({ ok: true, value: { fileId: expect.any(String), fileName: 'AuthKey_STRAYKEY01.p8' } });
    if (!opened.ok) throw new Error(opened.error.message);
    const source = { type: 'file', fileId: (opened.value as { fileId: string }).fileId };
    expect(await app.call('keys.inspect', { source })).toMatchObject({ ok: true, value: { fileKind: 'asc', fileKeyId: 'STRAYKEY01' } });
    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID })).toMatchObject({ ok: true, value: { key: { keyId: 'STRAYKEY01', kind: 'asc-team' } } });

    expect(await vaultKeyIds()).toEqual(['STRAYKEY01']);
    expect(JSON.stringify(opened)).not.toContain(app.folder);
    const body = pem.split('\n')[1]!;
    for (const response of app.responses) {
      expect(response).not.toContain('PRIVATE KEY');
      expect(response).not.toContain(body);
    }
  });

  it('binds the file id to the window that asked for it', async () => {
    const { app, openForImport } = await scanned({ 'AuthKey_STRAYKEY01.p8': newKey() });
    const opened = await openForImport('AuthKey_STRAYKEY01.p8');
    const source = { type: 'file', fileId: opened.ok ? (opened.value as { fileId: string }).fileId : '' };

    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID }, { window: 'another' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await app.call('keys.list')).toEqual({ ok: true, value: [] });
    expect(await app.call('keys.inspect', { source })).toMatchObject({ ok: true });
  });

  it('takes a finding id only, never a path, and refuses an id the last scan did not give', async () => {
    const { app, paths } = await scanned({ 'AuthKey_STRAYKEY01.p8': newKey() });

    expect(await app.call('stray.openForImport', { path: paths['AuthKey_STRAYKEY01.p8'] })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await app.call('keys.import', { source: { type: 'file', path: paths['AuthKey_STRAYKEY01.p8'] }, issuerId: ISSUER_ID })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('never a path') },
    });
    expect(await app.call('stray.openForImport', { id: 'made-up-by-the-page' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('Scan again') } });
    expect(await app.call('keys.list')).toEqual({ ok: true, value: [] });
  });

  it('refuses a file that changed or went away since the scan, telling the user to scan again, and stores nothing', async () => {
    const { app, paths, openForImport } = await scanned({ 'AuthKey_CHANGED001.p8': newKey(), 'AuthKey_CHANGED002.p8': newKey(), 'AuthKey_REMOVED001.p8': newKey() });
    const opened = await openForImport('AuthKey_CHANGED002.p8');
    const source = { type: 'file', fileId: opened.ok ? (opened.value as { fileId: string }).fileId : '' };
    writeFileSync(paths['AuthKey_CHANGED001.p8']!, newKey());
    writeFileSync(paths['AuthKey_CHANGED002.p8']!, newKey());
    rmSync(paths['AuthKey_REMOVED001.p8']!);

    const changed = { ok: false, error: { code: 'FILE_CHANGED', message: expect.stringContaining('Scan again') } };
    expect(await openForImport('AuthKey_CHANGED001.p8')).toMatchObject(changed);
    expect(await openForImport('AuthKey_REMOVED001.p8')).toMatchObject(changed);
    // Opened before the change: the form's check and the import re-read it.
    expect(await app.call('keys.inspect', { source })).toMatchObject(changed);
    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID })).toMatchObject(changed);
    expect(await app.call('keys.list')).toEqual({ ok: true, value: [] });
  });

  it('says a key already in the vault is there, whether it was imported since the scan or was a vaulted copy all along', async () => {
    const pem = newKey();
    const { app, openForImport, vaultKeyIds } = await scanned({ 'AuthKey_STRAYKEY01.p8': pem, 'copy-of-strays.pem': pem });
    const opened = await openForImport('AuthKey_STRAYKEY01.p8');
    const source = { type: 'file', fileId: opened.ok ? (opened.value as { fileId: string }).fileId : '' };
    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID })).toMatchObject({ ok: true });

    const already = { ok: false, error: { code: 'DUPLICATE_KEY', message: expect.stringContaining('(Key ID STRAYKEY01)') } };
    expect(await openForImport('AuthKey_STRAYKEY01.p8')).toMatchObject(already);
    expect(await openForImport('copy-of-strays.pem')).toMatchObject(already);
    expect(await app.call('keys.import', { source, issuerId: ISSUER_ID })).toMatchObject({ ok: false, error: { code: 'DUPLICATE_KEY' } });
    expect(await vaultKeyIds()).toEqual(['STRAYKEY01']);
  });

  it('does not open a key inside other text, several keys in one file, or an encrypted key, saying what to do instead', async () => {
    const encrypted = generateP256Key().export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString();
    const { app, openForImport } = await scanned({
      'deploy.env': `HOST=example.com\nKEY="${newKey()}"\n`,
      'two-keys.pem': `${newKey()}${newKey()}`,
      'AuthKey_LOCKEDKEY1.p8': encrypted,
    });

    expect(await openForImport('deploy.env')).toMatchObject({ ok: false, error: { code: 'PEM_DAMAGED', message: expect.stringContaining('Paste from clipboard') } });
    expect(await openForImport('two-keys.pem')).toMatchObject({ ok: false, error: { code: 'MULTIPLE_PEM_BLOCKS', message: expect.stringContaining('a file of its own') } });
    expect(await openForImport('AuthKey_LOCKEDKEY1.p8')).toMatchObject({ ok: false, error: { code: 'ENCRYPTED_KEY', message: expect.stringContaining('Decrypt it first') } });
    expect(await app.call('keys.list')).toEqual({ ok: true, value: [] });
  });
});
