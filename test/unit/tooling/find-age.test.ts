import { describe, expect, it } from 'vitest';
import { findAge, type ToolSearchContext } from '../../helpers/find-age';

/** A machine where only `files` exist. */
function machine(platform: NodeJS.Platform, files: string[], env: Record<string, string> = {}): ToolSearchContext {
  return { platform, env, exists: (file) => files.includes(file) };
}

const WINDOWS_ENV = { Path: 'C:\\Windows\\system32;C:\\tools', LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local', USERPROFILE: 'C:\\Users\\ann' };

describe('finding the reference age for the bundle tests', () => {
  it.each([
    ['on PATH first', machine('linux', ['/home/ann/go/bin/age', '/usr/bin/age', '/usr/bin/script'], { PATH: '/home/ann/go/bin:/usr/bin' }), '/home/ann/go/bin/age'],
    ["in apt's and dnf's /usr/bin when PATH is bare", machine('linux', ['/usr/bin/age', '/usr/bin/script']), '/usr/bin/age'],
    ['in Linuxbrew', machine('linux', ['/home/linuxbrew/.linuxbrew/bin/age', '/usr/bin/script'], { PATH: '/usr/bin' }), '/home/linuxbrew/.linuxbrew/bin/age'],
    ['in Homebrew on Apple silicon', machine('darwin', ['/opt/homebrew/bin/age', '/usr/bin/script'], { PATH: '/usr/bin:/bin' }), '/opt/homebrew/bin/age'],
    ['in Homebrew on Intel Macs', machine('darwin', ['/usr/local/bin/age', '/usr/bin/script'], { PATH: '/usr/bin:/bin' }), '/usr/local/bin/age'],
  ])('finds age %s', (_where, context, age) => {
    expect(findAge(context)).toMatchObject({ found: true, age, terminal: { script: '/usr/bin/script' } });
  });

  it("gives age its terminal the way each OS's script takes a command", () => {
    const linux = findAge(machine('linux', ['/usr/bin/age', '/usr/bin/script']));
    const mac = findAge(machine('darwin', ['/opt/homebrew/bin/age', '/usr/bin/script']));
    if (!linux.found || !mac.found) throw new Error('age should be found');

    expect(linux.terminal.argsFor(['/usr/bin/age', '--decrypt', 'my keys.age'])).toEqual(['-q', '-e', '-c', "/usr/bin/age --decrypt 'my keys.age'", '/dev/null']);
    expect(mac.terminal.argsFor(['/opt/homebrew/bin/age', '--decrypt', 'my keys.age'])).toEqual(['-q', '/dev/null', '/opt/homebrew/bin/age', '--decrypt', 'my keys.age']);
  });

  it.each([
    ['Debian', machine('linux', ['/usr/bin/script', '/usr/bin/apt-get'], { PATH: '/usr/bin' }), 'sudo apt-get install age', '/usr/bin, /usr/local/bin, /home/linuxbrew/.linuxbrew/bin'],
    ['Fedora', machine('linux', ['/usr/bin/script', '/usr/bin/dnf']), 'sudo dnf install age', '/usr/bin, /usr/local/bin, /home/linuxbrew/.linuxbrew/bin'],
    ['macOS', machine('darwin', ['/usr/bin/script'], { PATH: '/usr/bin:/bin' }), 'brew install age', '/opt/homebrew/bin, /usr/local/bin, /opt/local/bin'],
  ])('on %s without age says where it looked and how to install it', (_name, context, install, folders) => {
    const search = findAge(context);

    expect(search).toMatchObject({ found: false, install });
    expect(search.found || search.reason).toBe(`age is not on PATH nor in ${folders}; install it with: ${install}`);
    expect(search.found || search.tried).toContain('/usr/bin/age');
  });

  it('on Linux without util-linux script names the package that has it', () => {
    expect(findAge(machine('linux', ['/usr/bin/age']))).toMatchObject({ found: false, install: 'sudo apt-get install bsdutils' });
    expect(findAge(machine('linux', ['/usr/bin/age', '/usr/bin/dnf']))).toMatchObject({ found: false, install: 'sudo dnf install util-linux' });
  });

  it('on Windows looks on Path, in winget links and scoop shims, and says the cases need WSL', () => {
    const none = findAge(machine('win32', [], WINDOWS_ENV));
    expect(none.found ? [] : none.tried).toEqual([
      'C:\\Windows\\system32\\age.exe',
      'C:\\tools\\age.exe',
      'C:\\Users\\ann\\AppData\\Local\\Microsoft\\WinGet\\Links\\age.exe',
      'C:\\Users\\ann\\scoop\\shims\\age.exe',
    ]);
    expect(none.found || none.reason).toBe(
      'age reads passphrases only from a terminal, and Windows has no `script` to give it one: run these cases in WSL (age itself is not installed either: winget install FiloSottile.age)',
    );

    const scoop = findAge(machine('win32', ['D:\\scoop\\shims\\age.exe'], { ...WINDOWS_ENV, SCOOP: 'D:\\scoop' }));
    expect(scoop).toMatchObject({ found: false, install: null });
    expect(scoop.found || scoop.reason).toMatch(/run these cases in WSL \(age itself is at D:\\scoop\\shims\\age\.exe\)$/);
  });
});
