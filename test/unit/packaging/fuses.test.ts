import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack, { electronBinaryPath, fuseConfigFor, FUSES, type AfterPackContext } from '../../../build-config/after-pack.mjs';
import { ELECTRON_DEFAULT_WIRE, FUSE_OFF, FUSE_ON, writeFakeElectronBinary } from './fake-electron';

const packager = { appInfo: { productFilename: 'ASC Key Vault' }, executableName: 'asc-key-vault' };
const contextFor = (electronPlatformName: string, appOutDir = path.join('release', 'out')): AfterPackContext => ({
  appOutDir,
  electronPlatformName,
  packager,
});

describe('fuse options of the afterPack hook', () => {
  it('turns off every way to run the packaged app as plain Node: ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect', () => {
    const config = fuseConfigFor('linux');
    expect(config[FuseV1Options.RunAsNode]).toBe(false);
    expect(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(config[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
  });

  it('turns on cookie encryption, loading only from app.asar and the asar integrity check', () => {
    const config = fuseConfigFor('linux');
    expect(config[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(config[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
  });

  it('takes from file:// the extra privileges Electron grants it by default', () => {
    expect(fuseConfigFor('linux')[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });

  it('sets these seven fuses and no other, with fuse wire version 1, on every platform', () => {
    for (const platform of ['darwin', 'mas', 'win32', 'linux']) {
      const { version, resetAdHocDarwinSignature: _reset, ...fuses } = fuseConfigFor(platform);
      expect(version).toBe(FuseVersion.V1);
      expect(fuses).toEqual({ ...FUSES });
      expect(Object.keys(fuses).map(Number).sort()).toEqual(
        [
          FuseV1Options.RunAsNode,
          FuseV1Options.EnableCookieEncryption,
          FuseV1Options.EnableNodeOptionsEnvironmentVariable,
          FuseV1Options.EnableNodeCliInspectArguments,
          FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
          FuseV1Options.OnlyLoadAppFromAsar,
          FuseV1Options.GrantFileProtocolExtraPrivileges,
        ].sort(),
      );
    }
  });

  it.each([
    ['darwin', true],
    ['mas', false],
    ['win32', false],
    ['linux', false],
  ])('resets the ad-hoc signature after flipping only for macOS builds (%s: %s)', (platform, reset) => {
    expect(fuseConfigFor(platform).resetAdHocDarwinSignature).toBe(reset);
  });
});

describe('where the afterPack hook finds the Electron binary', () => {
  it.each([
    ['darwin', 'ASC Key Vault.app'],
    ['mas', 'ASC Key Vault.app'],
    ['win32', 'ASC Key Vault.exe'],
    ['linux', 'asc-key-vault'],
  ])('a %s build: %s in the output folder', (platform, binary) => {
    expect(electronBinaryPath(contextFor(platform))).toBe(path.join('release', 'out', binary));
  });

  it('refuses a platform whose layout it does not know', () => {
    expect(() => electronBinaryPath(contextFor('freebsd'))).toThrow(/freebsd/);
  });
});

describe('the afterPack hook', () => {
  it('hands the packed binary and the fuse options to flipFuses', async () => {
    const calls: Array<[string, FuseConfig]> = [];
    await afterPack(contextFor('darwin'), async (binary, config) => {
      calls.push([binary, config]);
    });
    expect(calls).toEqual([[path.join('release', 'out', 'ASC Key Vault.app'), fuseConfigFor('darwin')]]);
  });

  describe('against a stand-in binary with a real fuse wire', () => {
    let outDir: string;
    beforeAll(async () => {
      outDir = await mkdtemp(path.join(os.tmpdir(), 'asc-fuses-'));
    });
    afterAll(async () => {
      await rm(outDir, { recursive: true, force: true });
    });

    it.each([
      ['linux', 'asc-key-vault'],
      ['win32', 'ASC Key Vault.exe'],
    ])('writes the six fuses into the %s binary and leaves the others as Electron ships them', async (platform, binary) => {
      const appOutDir = path.join(outDir, platform);
      await writeFakeElectronBinary(path.join(appOutDir, binary));

      await afterPack(contextFor(platform, appOutDir));

      const wire = await getCurrentFuseWire(path.join(appOutDir, binary));
      const expected = ELECTRON_DEFAULT_WIRE.map((state, index) => {
        const wanted = FUSES[index as FuseV1Options];
        return wanted === undefined ? state : wanted ? FUSE_ON : FUSE_OFF;
      });
      expect(ELECTRON_DEFAULT_WIRE.map((_, index) => wire[index as FuseV1Options])).toEqual(expected);
      expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_OFF);
      expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FUSE_ON);
    });
  });
});
