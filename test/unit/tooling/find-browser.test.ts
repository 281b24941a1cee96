import { describe, expect, it } from 'vitest';
import { findBrowser, type BrowserSearchContext } from '../../e2e/support/find-browser';

const WINDOWS_ENV = { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local', PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)' };

/** A machine where only `files` exist. */
function machine(platform: NodeJS.Platform, files: string[], env: Record<string, string> = {}): BrowserSearchContext {
  return { platform, env, exists: (file) => files.includes(file) };
}

describe('finding a browser for the end-to-end tests', () => {
  it.each([
    ['Debian and Fedora Chromium', 'linux', '/usr/bin/chromium'],
    ["Fedora's chromium-browser", 'linux', '/usr/bin/chromium-browser'],
    ['the Chromium snap', 'linux', '/snap/bin/chromium'],
    ['Chromium on macOS', 'darwin', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
    ['Chromium installed for the user on Windows', 'win32', 'C:\\Users\\ann\\AppData\\Local\\Chromium\\Application\\chrome.exe'],
  ] as const)('launches %s by its path', (_name, platform, file) => {
    expect(findBrowser(machine(platform, [file], WINDOWS_ENV))).toEqual({ found: true, name: 'Chromium', path: file, launch: { executablePath: file } });
  });

  it.each([
    ['linux', '/opt/google/chrome/chrome', 'chrome'],
    ['linux', '/opt/microsoft/msedge/msedge', 'msedge'],
    ['darwin', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', 'chrome'],
    ['darwin', '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'msedge'],
    ['win32', 'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe', 'chrome'],
    ['win32', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'chrome'],
    ['win32', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe', 'chrome'],
    ['win32', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe', 'msedge'],
  ] as const)('on %s launches %s through Playwright channel %s', (platform, file, channel) => {
    expect(findBrowser(machine(platform, [file], WINDOWS_ENV))).toMatchObject({ found: true, path: file, launch: { channel } });
  });

  it('prefers Chromium, then Chrome, then Edge, then the Chromium snap', () => {
    const everything = ['/usr/bin/chromium', '/opt/google/chrome/chrome', '/opt/microsoft/msedge/msedge', '/snap/bin/chromium'];
    expect(findBrowser(machine('linux', everything))).toMatchObject({ path: '/usr/bin/chromium' });
    expect(findBrowser(machine('linux', everything.slice(1)))).toMatchObject({ name: 'Google Chrome' });
    expect(findBrowser(machine('linux', everything.slice(2)))).toMatchObject({ name: 'Microsoft Edge' });
    expect(findBrowser(machine('linux', everything.slice(3)))).toMatchObject({ path: '/snap/bin/chromium' });
  });

  it("takes Ubuntu's chromium-browser, a script that starts the snap, for the snap: Chrome first", () => {
    expect(findBrowser(machine('linux', ['/usr/bin/chromium-browser', '/snap/bin/chromium', '/opt/google/chrome/chrome']))).toMatchObject({ name: 'Google Chrome' });
    expect(findBrowser(machine('linux', ['/usr/bin/chromium-browser', '/snap/bin/chromium']))).toMatchObject({ path: '/snap/bin/chromium' });
  });

  it('takes CHROMIUM_PATH first, and only it: a wrong one is an error, not a silent fallback', () => {
    const chosen = '/home/ann/chrome-linux/chrome';
    expect(findBrowser(machine('linux', [chosen, '/usr/bin/chromium'], { CHROMIUM_PATH: chosen }))).toEqual({
      found: true,
      name: 'CHROMIUM_PATH',
      path: chosen,
      launch: { executablePath: chosen },
    });

    const wrong = findBrowser(machine('linux', ['/usr/bin/chromium'], { CHROMIUM_PATH: '/home/ann/typo/chrome' }));
    expect(wrong).toMatchObject({ found: false, tried: ['/home/ann/typo/chrome'] });
    expect(wrong.found || wrong.message).toContain('CHROMIUM_PATH points at /home/ann/typo/chrome, which does not exist');
  });

  it.each([
    ['Debian', machine('linux', ['/usr/bin/apt-get']), 'sudo apt-get install chromium'],
    ['Fedora', machine('linux', ['/usr/bin/dnf']), 'sudo dnf install chromium'],
    ['Ubuntu', machine('linux', ['/usr/bin/apt-get', '/usr/bin/snap']), 'npx playwright-core install chrome'],
    ['macOS', machine('darwin', []), 'brew install --cask google-chrome'],
    ['Windows', machine('win32', [], WINDOWS_ENV), 'winget install Google.Chrome'],
  ])('on %s without a browser lists every place it looked and the one command that installs one', (_name, context, install) => {
    const search = findBrowser(context);

    expect(search).toMatchObject({ found: false, install });
    if (search.found) return;
    expect(search.tried.length).toBeGreaterThanOrEqual(3);
    for (const file of search.tried) expect(search.message).toContain(`  ${file}\n`);
    expect(search.message).toContain(`Install one with: ${install}\n`);
    expect(search.message).toMatch(/^The end-to-end tests need Chromium, Google Chrome or Microsoft Edge, and none was found\./);
  });

  it('looks in every Windows folder Playwright looks in', () => {
    const search = findBrowser(machine('win32', [], WINDOWS_ENV));
    expect(search.found ? [] : search.tried).toEqual([
      'C:\\Users\\ann\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Users\\ann\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Users\\ann\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
  });
});
