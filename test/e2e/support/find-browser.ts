import { existsSync } from 'node:fs';
import path from 'node:path';

/** What the browser search may look at: injected so each OS's rules are tested on any machine. */
export interface BrowserSearchContext {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists(file: string): boolean;
}

/** How Playwright launches the browser found: Chrome and Edge by channel, so Playwright applies its own handling of them. */
export type BrowserLaunch = { executablePath: string } | { channel: 'chrome' | 'msedge' };

export type BrowserSearch =
  | { found: true; name: string; path: string; launch: BrowserLaunch }
  | { found: false; tried: string[]; install: string; message: string };

interface Candidate {
  name: string;
  path: string;
  channel?: 'chrome' | 'msedge';
  /** Not this one where that file exists: it only starts what is there. */
  unlessExists?: string;
}

const CHROME = 'Google Chrome';
const EDGE = 'Microsoft Edge';
const SNAP_CHROMIUM = '/snap/bin/chromium';

/** Where each OS's Chromium, Chrome and Edge installers put the executable, in the order they are preferred. */
function candidates({ platform, env }: BrowserSearchContext): Candidate[] {
  if (platform === 'darwin') {
    return [
      { name: 'Chromium', path: '/Applications/Chromium.app/Contents/MacOS/Chromium' },
      { name: CHROME, path: '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', channel: 'chrome' },
      { name: EDGE, path: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge', channel: 'msedge' },
    ];
  }
  if (platform === 'win32') {
    // Playwright's channels look in these folders in this order; per-user installs go to LOCALAPPDATA.
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root));
    const under = (name: string, suffix: string, channel?: 'chrome' | 'msedge'): Candidate[] =>
      roots.map((root) => ({ name, path: path.win32.join(root, suffix), ...(channel ? { channel } : {}) }));
    return [
      ...(env.LOCALAPPDATA ? [{ name: 'Chromium', path: path.win32.join(env.LOCALAPPDATA, 'Chromium\\Application\\chrome.exe') }] : []),
      ...under(CHROME, 'Google\\Chrome\\Application\\chrome.exe', 'chrome'),
      ...under(EDGE, 'Microsoft\\Edge\\Application\\msedge.exe', 'msedge'),
    ];
  }
  return [
    { name: 'Chromium', path: '/usr/bin/chromium' },
    // Fedora's Chromium; on Ubuntu the same name is a script that starts the snap.
    { name: 'Chromium', path: '/usr/bin/chromium-browser', unlessExists: SNAP_CHROMIUM },
    { name: CHROME, path: '/opt/google/chrome/chrome', channel: 'chrome' },
    { name: EDGE, path: '/opt/microsoft/msedge/msedge', channel: 'msedge' },
    // Last: a snap has a /tmp of its own, so it cannot open the pages some tests write to /tmp.
    { name: 'Chromium', path: SNAP_CHROMIUM },
  ];
}

/** The one command that installs a browser the search finds on this OS. */
function installCommand({ platform, exists }: BrowserSearchContext): string {
  // Homebrew's Chromium cask is unsigned and fails Gatekeeper; Chrome's is signed.
  if (platform === 'darwin') return 'brew install --cask google-chrome';
  if (platform === 'win32') return 'winget install Google.Chrome';
  if (exists('/usr/bin/dnf')) return 'sudo dnf install chromium';
  // Ubuntu (the one with snap) ships Chromium only as a snap, which cannot see the tests' pages in /tmp; Chrome can.
  if (exists('/usr/bin/snap')) return 'npx playwright-core install chrome';
  return 'sudo apt-get install chromium';
}

/** CHROMIUM_PATH when set (and then only it), else the first Chromium, Chrome or Edge installed where its installer puts it. */
export function findBrowser(context: BrowserSearchContext): BrowserSearch {
  const chosen = context.env.CHROMIUM_PATH;
  const tried = chosen ? [chosen] : candidates(context).map((candidate) => candidate.path);
  if (chosen && context.exists(chosen)) return { found: true, name: 'CHROMIUM_PATH', path: chosen, launch: { executablePath: chosen } };
  const installed = (candidate: Candidate) => context.exists(candidate.path) && !(candidate.unlessExists && context.exists(candidate.unlessExists));
  const hit = chosen ? undefined : candidates(context).find(installed);
  if (hit) return { found: true, name: hit.name, path: hit.path, launch: hit.channel ? { channel: hit.channel } : { executablePath: hit.path } };

  const install = installCommand(context);
  const message = chosen
    ? `The end-to-end tests need a Chromium-family browser, and CHROMIUM_PATH points at ${chosen}, which does not exist. ` +
      'Set CHROMIUM_PATH to the executable of Chromium, Google Chrome or Microsoft Edge, or unset it to look in the usual places.'
    : [
        'The end-to-end tests need Chromium, Google Chrome or Microsoft Edge, and none was found. Looked for:',
        ...tried.map((file) => `  ${file}`),
        `Install one with: ${install}`,
        '(or set CHROMIUM_PATH to the executable of a Chromium-family browser installed elsewhere).',
      ].join('\n');
  return { found: false, tried, install, message };
}

/** The search on this machine. */
export function findInstalledBrowser(): BrowserSearch {
  return findBrowser({ platform: process.platform, env: process.env, exists: existsSync });
}
