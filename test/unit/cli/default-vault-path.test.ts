import { describe, expect, it } from 'vitest';
import { defaultVaultPath } from '../../../src-main/cli/default-vault-path';

describe('the default vault path (Electron’s userData for "ASC Key Vault")', () => {
  it.each([
    { name: 'Linux with XDG_CONFIG_HOME', platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, homedir: '/home/ann', expected: '/cfg/ASC Key Vault/vault.sqlite' },
    { name: 'Linux without it', platform: 'linux', env: {}, homedir: '/home/ann', expected: '/home/ann/.config/ASC Key Vault/vault.sqlite' },
    { name: 'Linux with it empty', platform: 'linux', env: { XDG_CONFIG_HOME: '' }, homedir: '/home/ann', expected: '/home/ann/.config/ASC Key Vault/vault.sqlite' },
    { name: 'FreeBSD, like Linux', platform: 'freebsd', env: {}, homedir: '/home/ann', expected: '/home/ann/.config/ASC Key Vault/vault.sqlite' },
    { name: 'macOS', platform: 'darwin', env: { XDG_CONFIG_HOME: '/ignored' }, homedir: '/Users/ann', expected: '/Users/ann/Library/Application Support/ASC Key Vault/vault.sqlite' },
    { name: 'Windows with APPDATA', platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, homedir: 'C:\\Users\\ann', expected: 'C:\\Users\\ann\\AppData\\Roaming\\ASC Key Vault\\vault.sqlite' },
    { name: 'Windows without APPDATA', platform: 'win32', env: {}, homedir: 'C:\\Users\\ann', expected: 'C:\\Users\\ann\\AppData\\Roaming\\ASC Key Vault\\vault.sqlite' },
  ] as const)('is right on $name', ({ platform, env, homedir, expected }) => {
    expect(defaultVaultPath({ platform, env, homedir })).toBe(expected);
  });
});
