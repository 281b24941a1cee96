import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appNamesFrom } from '../../../scripts/release-tools/app-names';
import { findPackagedApp, packagedAppAt } from '../../../scripts/release-tools/packaged-app';

const names = { productName: 'ASC Key Vault', executableName: 'asc-key-vault' };
const release = path.join('repo', 'release');

describe('where the packaged app is', () => {
  it('names the app after package.json, as electron-builder does', () => {
    expect(appNamesFrom(path.resolve('.'))).toEqual(names);
  });

  it.each([
    ['linux', 'x64', 'linux-unpacked', 'asc-key-vault', 'asc-key-vault'],
    ['linux', 'arm64', 'linux-arm64-unpacked', 'asc-key-vault', 'asc-key-vault'],
    ['win32', 'x64', 'win-unpacked', 'ASC Key Vault.exe', 'ASC Key Vault.exe'],
    ['darwin', 'arm64', 'mac-arm64', 'ASC Key Vault.app', path.join('ASC Key Vault.app', 'Contents', 'MacOS', 'ASC Key Vault')],
    ['darwin', 'x64', 'mac', 'ASC Key Vault.app', path.join('ASC Key Vault.app', 'Contents', 'MacOS', 'ASC Key Vault')],
  ])('a %s %s build: %s/, fuses read from %s, started as %s', (platform, arch, folder, fuseTarget, executable) => {
    const found = findPackagedApp(release, ['builder-debug.yml', folder, 'asc-key-vault-0.1.0.AppImage'], platform, arch, names);
    expect(found).toEqual({
      folder: path.join(release, folder),
      fuseTarget: path.join(release, folder, fuseTarget),
      executable: path.join(release, folder, executable),
    });
  });

  it('takes a universal macOS build on either architecture, but the one for this architecture first', () => {
    expect(findPackagedApp(release, ['mac-universal'], 'darwin', 'arm64', names)?.folder).toBe(path.join(release, 'mac-universal'));
    expect(findPackagedApp(release, ['mac-universal', 'mac-arm64'], 'darwin', 'arm64', names)?.folder).toBe(path.join(release, 'mac-arm64'));
  });

  it('finds nothing when only another platform or architecture was built', () => {
    expect(findPackagedApp(release, ['win-unpacked', 'mac-arm64'], 'linux', 'x64', names)).toBeNull();
    expect(findPackagedApp(release, ['linux-arm64-unpacked'], 'linux', 'x64', names)).toBeNull();
    expect(findPackagedApp(release, [], 'win32', 'x64', names)).toBeNull();
  });

  it('refuses a platform whose layout it does not know', () => {
    expect(() => packagedAppAt('out', 'freebsd', names)).toThrow(/freebsd/);
  });
});
