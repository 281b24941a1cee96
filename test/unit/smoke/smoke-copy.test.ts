import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack from '../../../build-config/after-pack.mjs';
import { packagedAppAt } from '../../../scripts/release-tools/packaged-app';
import { inspectableCopy, relocatePackagedApp } from '../../../test/smoke/smoke-copy';
import { FUSE_OFF, FUSE_ON, writeFakeElectronBinary } from '../packaging/fake-electron';

const names = { productName: 'ASC Key Vault', executableName: 'asc-key-vault' };

describe('the copy of the packaged app the smoke test starts', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'asc-smoke-copy-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps each file at the same place inside the copied folder', () => {
    const app = packagedAppAt(path.join('release', 'mac-arm64'), 'darwin', names);
    expect(relocatePackagedApp(app, path.join('tmp', 'mac-arm64'))).toEqual(packagedAppAt(path.join('tmp', 'mac-arm64'), 'darwin', names));
  });

  it('turns on only the copy’s --inspect fuse, which Playwright needs, and leaves the shipped binary as packaged', async () => {
    const appOutDir = path.join(dir, 'release', 'linux-unpacked');
    await writeFakeElectronBinary(path.join(appOutDir, 'asc-key-vault'));
    await writeFile(path.join(appOutDir, 'resources.pak'), 'resources');
    await afterPack({ appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'ASC Key Vault' }, executableName: 'asc-key-vault' } });
    const shipped = packagedAppAt(appOutDir, 'linux', names);
    const shippedBytes = await readFile(shipped.executable);

    const copy = await inspectableCopy(shipped, path.join(dir, 'work'), 'linux');

    expect(copy.folder).toBe(path.join(dir, 'work', 'linux-unpacked'));
    expect(await readFile(path.join(copy.folder, 'resources.pak'), 'utf8')).toBe('resources');
    expect(await readFile(shipped.executable)).toEqual(shippedBytes);
    const [shippedWire, copyWire] = [await getCurrentFuseWire(shipped.fuseTarget), await getCurrentFuseWire(copy.fuseTarget)];
    expect(shippedWire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_OFF);
    expect(copyWire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_ON);
    expect({ ...copyWire, [FuseV1Options.EnableNodeCliInspectArguments]: FUSE_OFF }).toEqual(shippedWire);
    // Still a program that starts: the copy keeps the binary's mode.
    expect(spawnSync(copy.executable).stderr.toString()).toContain('stand-in for the Electron binary');
  });
});
