import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatChecksums, releaseArtifacts, sha256OfFile } from '../../../scripts/release-tools/checksums';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('release checksums', () => {
  it('lists the installers and archives a user downloads, not the update metadata or build leftovers', () => {
    expect(
      releaseArtifacts([
        'asc-key-vault-0.1.0-x86_64.AppImage',
        'asc-key-vault_0.1.0_amd64.deb',
        'asc-key-vault-0.1.0-mac-arm64.dmg',
        'asc-key-vault-0.1.0-mac-arm64.dmg.blockmap',
        'asc-key-vault-0.1.0-mac-arm64.zip',
        'asc-key-vault-0.1.0-setup-x64.exe',
        'latest-mac.yml',
        'builder-debug.yml',
        'builder-effective-config.yaml',
      ]),
    ).toEqual([
      'asc-key-vault-0.1.0-mac-arm64.dmg',
      'asc-key-vault-0.1.0-mac-arm64.zip',
      'asc-key-vault-0.1.0-setup-x64.exe',
      'asc-key-vault-0.1.0-x86_64.AppImage',
      'asc-key-vault_0.1.0_amd64.deb',
    ]);
  });

  it('writes one "<hex>  <name>" line per file, sorted by name', () => {
    expect(formatChecksums([{ name: 'b.deb', sha256: sha256('b') }, { name: 'a.AppImage', sha256: sha256('a') }])).toBe(
      `${sha256('a')}  a.AppImage\n${sha256('b')}  b.deb\n`,
    );
  });

  describe('npm run checksums', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'asc-checksums-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const writeChecksums = (release: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/release-tools/write-checksums.ts', '--dir', release, '--out', path.join(release, 'SHA256SUMS-test.txt')], {
        encoding: 'utf8',
      });

    it('hashes every installer in the folder into a list that sha256sum --check accepts', async () => {
      const release = path.join(dir, 'release');
      await mkdir(path.join(release, 'linux-unpacked'), { recursive: true });
      await writeFile(path.join(release, 'asc-key-vault-0.1.0-x86_64.AppImage'), 'an AppImage');
      await writeFile(path.join(release, 'asc-key-vault_0.1.0_amd64.deb'), 'a deb');
      await writeFile(path.join(release, 'builder-debug.yml'), 'not shipped');

      const run = writeChecksums(release);
      expect(run.status).toBe(0);
      const list = await readFile(path.join(release, 'SHA256SUMS-test.txt'), 'utf8');
      expect(list).toBe(`${sha256('an AppImage')}  asc-key-vault-0.1.0-x86_64.AppImage\n${sha256('a deb')}  asc-key-vault_0.1.0_amd64.deb\n`);
      expect(await sha256OfFile(path.join(release, 'asc-key-vault_0.1.0_amd64.deb'))).toBe(sha256('a deb'));

      const check = spawnSync('sha256sum', ['--check', '--strict', 'SHA256SUMS-test.txt'], { cwd: release, encoding: 'utf8' });
      expect(check.stdout).toContain('asc-key-vault_0.1.0_amd64.deb: OK');
      expect(check.status).toBe(0);
    });

    it('fails when the folder holds no installer, rather than publishing an empty list', async () => {
      const empty = path.join(dir, 'empty');
      await mkdir(empty);
      const run = writeChecksums(empty);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('No installers in');
    });
  });
});
