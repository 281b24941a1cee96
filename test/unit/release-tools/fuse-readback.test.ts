import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack, { FUSES } from '../../../build-config/after-pack.mjs';
import { describeFuseDifferences, expectedFuseStates, fuseDifferences, parseFuseReadout } from '../../../scripts/release-tools/fuse-readback';
import { writeFakeElectronBinary } from '../packaging/fake-electron';

// What `electron-fuses read` prints for a correctly packaged Electron 45 binary, coloured as in a GitHub Actions log
// (its ninth fuse is newer than @electron/fuses 1.x, which prints no name for it).
const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
const yellow = (text: string) => `\u001b[33m${text}\u001b[39m`;
const PACKAGED_OUTPUT = [
  `Analyzing app: ${'\u001b[36m'}asc-key-vault${'\u001b[39m'}`,
  `Fuse Version: ${'\u001b[36m'}v1${'\u001b[39m'}`,
  `  ${yellow('RunAsNode')} is ${red('Disabled')}`,
  `  ${yellow('EnableCookieEncryption')} is ${green('Enabled')}`,
  `  ${yellow('EnableNodeOptionsEnvironmentVariable')} is ${red('Disabled')}`,
  `  ${yellow('EnableNodeCliInspectArguments')} is ${red('Disabled')}`,
  `  ${yellow('EnableEmbeddedAsarIntegrityValidation')} is ${green('Enabled')}`,
  `  ${yellow('OnlyLoadAppFromAsar')} is ${green('Enabled')}`,
  `  ${yellow('LoadBrowserProcessSpecificV8Snapshot')} is ${red('Disabled')}`,
  `  ${yellow('GrantFileProtocolExtraPrivileges')} is ${red('Disabled')}`,
  `  ${yellow('undefined')} is ${green('Enabled')}`,
  '',
].join('\n');

const expected = expectedFuseStates(FUSES);

describe('reading the fuses back', () => {
  it('parses the tool’s lines, with or without colour, by fuse name', () => {
    const readout = parseFuseReadout(PACKAGED_OUTPUT);
    expect(readout.version).toBe('v1');
    expect(readout.fuses.get('RunAsNode')).toBe('Disabled');
    expect(readout.fuses.get('OnlyLoadAppFromAsar')).toBe('Enabled');
    expect(parseFuseReadout(PACKAGED_OUTPUT.replace(new RegExp(String.raw`\u001b\[\d+m`, 'g'), '').replace(/\n/g, '\r\n'))).toEqual(readout);
  });

  it('expects exactly the seven fuses the afterPack hook sets, by the names the tool prints', () => {
    expect(Object.fromEntries(expected)).toEqual({
      RunAsNode: 'Disabled',
      EnableCookieEncryption: 'Enabled',
      EnableNodeOptionsEnvironmentVariable: 'Disabled',
      EnableNodeCliInspectArguments: 'Disabled',
      EnableEmbeddedAsarIntegrityValidation: 'Enabled',
      OnlyLoadAppFromAsar: 'Enabled',
      GrantFileProtocolExtraPrivileges: 'Disabled',
    });
  });

  it('finds no difference in a correctly packaged binary, whatever the fuses it does not set', () => {
    expect(fuseDifferences(parseFuseReadout(PACKAGED_OUTPUT), expected)).toEqual([]);
  });

  it('names each fuse that differs, one the binary lacks, and a fuse wire of another version', () => {
    const output = PACKAGED_OUTPUT.replace('Fuse Version: \u001b[36mv1', 'Fuse Version: \u001b[36mv2')
      .replace(`${yellow('EnableNodeCliInspectArguments')} is ${red('Disabled')}`, `${yellow('EnableNodeCliInspectArguments')} is ${green('Enabled')}`)
      .replace(`  ${yellow('GrantFileProtocolExtraPrivileges')} is ${red('Disabled')}\n`, '');
    const differences = fuseDifferences(parseFuseReadout(output), expected);
    expect(describeFuseDifferences(differences)).toEqual([
      'Fuse Version: expected v1, found v2',
      'EnableNodeCliInspectArguments: expected Disabled, found Enabled',
      'GrantFileProtocolExtraPrivileges: expected Disabled, but the binary has no such fuse',
    ]);
  });

  it('refuses output without a fuse wire rather than passing it', () => {
    expect(() => parseFuseReadout('Analyzing app: notes.txt\n')).toThrow(/no "Fuse Version" line/);
  });

  it('counts an inherited fuse (never written) as a difference', () => {
    const output = PACKAGED_OUTPUT.replace(`${yellow('RunAsNode')} is ${red('Disabled')}`, `${yellow('RunAsNode')} is ${yellow('Inherited')}`);
    expect(fuseDifferences(parseFuseReadout(output), expected)).toEqual([{ fuse: FuseV1Options[FuseV1Options.RunAsNode], expected: 'Disabled', actual: 'Inherited' }]);
  });
});

describe('npm run check:fuses against a stand-in binary with a real fuse wire', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'asc-fuse-readback-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const checkFuses = (binary: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/release-tools/check-fuses.ts', '--app', binary], { encoding: 'utf8' });

  it('fails on a binary whose fuses were never flipped, naming each one', async () => {
    const binary = path.join(dir, 'unflipped', 'asc-key-vault');
    await writeFakeElectronBinary(binary);
    const run = checkFuses(binary);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('RunAsNode: expected Disabled, found Enabled');
    expect(run.stderr).toContain('OnlyLoadAppFromAsar: expected Enabled, found Disabled');
  });

  it('passes the binary once the afterPack hook has flipped it', async () => {
    const appOutDir = path.join(dir, 'linux-unpacked');
    await writeFakeElectronBinary(path.join(appOutDir, 'asc-key-vault'));
    await afterPack({ appOutDir, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'ASC Key Vault' }, executableName: 'asc-key-vault' } });
    const run = checkFuses(path.join(appOutDir, 'asc-key-vault'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('All 7 fuses');
  });

  it('says so when the file is not there', () => {
    const run = checkFuses(path.join(dir, 'missing'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('does not exist');
  });
});
