import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StrayCopiesService } from '../../../src-main/scan/stray-copies-service';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { tempFolder } from '../../helpers/temp-vault';
import { importTestKey } from '../exports/exports-fixture';
import { ISSUER_ID, keyServiceFixture } from '../keys/key-service-fixtures';

const LIMITS = { maxDepth: 3, maxFileBytes: 64 * 1024, maxFiles: 10_000 };

/** A folder as a user's Downloads might be: a copy of a vaulted key, a key the vault lacks, and places a scan must not go. */
async function scene() {
  const fixture = await keyServiceFixture();
  const { key, bytes } = await importTestKey(fixture, 'asc-team');
  const root = tempFolder();
  const write = (relative: string, contents: string | Uint8Array) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), contents);
    return path.join(root, relative);
  };
  const files = {
    vaultedCopy: write('AuthKey_TEAMKEY001.p8', bytes),
    renamedCopy: write('old/backup-key.txt', bytes),
    notVaulted: write('projects/app/SubscriptionKey_NEWKEY0001.p8', appStoreConnectP8(generateP256Key())),
    configWithKey: write('projects/app/deploy.env', `HOST=example.com\nKEY="${Buffer.from(bytes).toString('utf8')}"\n`),
    inDependencies: write('projects/app/node_modules/pkg/test-key.pem', appStoreConnectP8(generateP256Key())),
    inGitObjects: write('projects/app/.git/leftover.pem', appStoreConnectP8(generateP256Key())),
    tooDeep: write('a/b/c/d/e/AuthKey_DEEPKEY001.p8', appStoreConnectP8(generateP256Key())),
    tooLarge: write('big.log', `${'x'.repeat(70 * 1024)}\n${appStoreConnectP8(generateP256Key())}`),
    docs: write('NOTES.md', 'Keys look like -----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----\n'),
  };
  // A loop: a link from inside the tree back to its top.
  symlinkSync(root, path.join(root, 'projects', 'loop'));
  return { fixture, key, root, files };
}

describe('stray copies of private keys', () => {
  it('finds keys by content, tells vaulted copies from keys to import, and skips dependencies, VCS objects, links, large and deep files', async () => {
    const { fixture, key, root, files } = await scene();
    const service = new StrayCopiesService({ keys: fixture.service, limits: LIMITS });

    const result = await service.scan([root]);

    const byPath = new Map(result.copies.map((copy) => [copy.path, copy]));
    expect([...byPath.keys()].sort()).toEqual([files.vaultedCopy, files.renamedCopy, files.notVaulted, files.configWithKey].sort());
    expect(byPath.get(files.vaultedCopy)).toMatchObject({ kind: 'pkcs8', keyIdFromName: 'TEAMKEY001', inVault: { keyId: key.keyId, name: key.name }, onlyKey: true });
    expect(byPath.get(files.renamedCopy)).toMatchObject({ inVault: { keyId: key.keyId }, onlyKey: true });
    expect(byPath.get(files.renamedCopy)).not.toHaveProperty('keyIdFromName');
    expect(byPath.get(files.notVaulted)).toMatchObject({ keyIdFromName: 'NEWKEY0001', encrypted: false });
    expect(byPath.get(files.notVaulted)).not.toHaveProperty('inVault');
    expect(byPath.get(files.configWithKey)).toMatchObject({ inVault: { keyId: key.keyId }, onlyKey: false });
    expect(result.skipped).toMatchObject({ dependencyFolders: 2, symlinks: 1, largeFiles: 1, deeperThanLimit: 1 });
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('moves only the copies of vaulted keys that hold nothing else to the trash, re-checking each first', async () => {
    const { fixture, root, files } = await scene();
    const trashed: string[] = [];
    const service = new StrayCopiesService({ keys: fixture.service, limits: LIMITS, trashItem: async (file) => void trashed.push(file) });
    const { copies } = await service.scan([root]);
    const id = (file: string) => copies.find((copy) => copy.path === file)?.id ?? '';
    // Changed after the scan: now a key the vault does not hold.
    writeFileSync(files.renamedCopy, appStoreConnectP8(generateP256Key()));

    const result = await service.trash([id(files.vaultedCopy), id(files.renamedCopy), id(files.notVaulted), id(files.configWithKey)]);

    expect(trashed).toEqual([files.vaultedCopy]);
    expect(result.trashed).toEqual([files.vaultedCopy]);
    expect(result.kept.map((entry) => entry.path).sort()).toEqual([files.renamedCopy, files.notVaulted, files.configWithKey].sort());
    expect(existsSync(files.notVaulted)).toBe(true);
    await expect(service.trash(['not-from-the-scan'])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('moves a copy of a key imported since the scan to the trash, matching the vault as it is now', async () => {
    const { fixture, root, files } = await scene();
    const trashed: string[] = [];
    const service = new StrayCopiesService({ keys: fixture.service, limits: LIMITS, trashItem: async (file) => void trashed.push(file) });
    const { copies } = await service.scan([root]);
    const id = copies.find((copy) => copy.path === files.notVaulted)?.id ?? '';

    expect(await service.trash([id])).toMatchObject({ trashed: [], kept: [{ path: files.notVaulted, reason: 'the vault does not hold its key' }] });
    await fixture.service.importKey({ source: { type: 'file', path: await service.pathForImport(id) }, issuerId: ISSUER_ID });
    expect(await service.trash([id])).toEqual({ trashed: [files.notVaulted], kept: [] });
    expect(trashed).toEqual([files.notVaulted]);
  });

  it('without a trash (the command line) only reports', async () => {
    const { fixture, root } = await scene();
    const service = new StrayCopiesService({ keys: fixture.service, limits: LIMITS });
    const { copies } = await service.scan([root]);
    await expect(service.trash([copies[0]?.id ?? ''])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
