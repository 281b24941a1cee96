import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { startShell, SESSION_PARTITION } from '../../src-main/electron/shell';
import { isAllowedExternalUrl } from '../../src-main/electron/app-origin';
import { resolveRendererFile } from '../../src-main/electron/app-protocol';
import { isMainWindowFrame } from '../../src-main/electron/ipc-bridge';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FakeWebContents, powerMonitor, recording, resetFakeElectron, app, type FakeBrowserWindow } from './fake-electron';

async function startedShell(): Promise<FakeBrowserWindow> {
  startShell({ mainDir: path.resolve('dist/main') });
  await new Promise((resolve) => setImmediate(resolve));
  const window = recording.windows[0];
  if (!window) throw new Error('the shell opened no window');
  return window;
}

function navigationEvent() {
  const event = { prevented: false, preventDefault() { this.prevented = true; } };
  return event;
}

describe('Electron shell', () => {
  let userData: string;
  beforeEach(() => {
    resetFakeElectron();
    userData = mkdtempSync(path.join(tmpdir(), 'shell-test-'));
    app.userDataPath = userData;
  });
  afterEach(() => {
    app.emit('before-quit');
    rmSync(userData, { recursive: true, force: true });
  });

  it('opens one window with isolation, sandbox and no Node or webviews', async () => {
    const window = await startedShell();
    expect(recording.windows).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      partition: SESSION_PARTITION,
      devTools: true,
    });
    expect(window.options.webPreferences.preload).toBe(path.resolve('dist/preload/preload.cjs'));
    expect(window.loadedUrl).toBe('app://renderer/index.html');
  });

  it('turns devtools off in a packaged app', async () => {
    app.isPackaged = true;
    try {
      const window = await startedShell();
      expect(window.options.webPreferences.devTools).toBe(false);
    } finally {
      app.isPackaged = false;
    }
  });

  it('quits at once when another instance holds the single-instance lock', async () => {
    recording.singleInstanceLock = false;
    startShell({ mainDir: path.resolve('dist/main') });
    await new Promise((resolve) => setImmediate(resolve));
    expect(recording.quitCalls).toBe(1);
    expect(recording.windows).toHaveLength(0);
  });

  it('registers the app:// scheme as privileged and serves the renderer with a strict CSP', async () => {
    await startedShell();
    expect(recording.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const handler = recording.sessions.get(SESSION_PARTITION)?.protocolHandlers.get('app');
    const response = await handler!(new Request('app://renderer/index.html'));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(await response.text()).toContain('<div id="root">');
  });

  it('serves nothing outside the renderer folder', () => {
    const root = path.resolve('dist/renderer');
    const staysInside = (url: string) => {
      const file = resolveRendererFile(root, url);
      return file === null || file.startsWith(root + path.sep);
    };
    for (const url of ['app://renderer/%2e%2e/main/main.cjs', 'app://renderer/..%2f..%2fpackage.json', 'app://renderer/..%5c..%5cpackage.json']) {
      expect(staysInside(url), url).toBe(true);
    }
    expect(resolveRendererFile(root, 'app://renderer/..%2f..%2fpackage.json')).toBeNull();
    expect(resolveRendererFile(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
  });

  it('denies every permission request and check', async () => {
    await startedShell();
    const appSession = recording.sessions.get(SESSION_PARTITION)!;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      appSession.permissionRequestHandler!(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(appSession.permissionCheckHandler!(null, 'media')).toBe(false);
  });

  it('blocks navigation, redirects, webviews and new windows in every web contents', async () => {
    await startedShell();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = navigationEvent();
      contents.emit(name, event, 'https://evil.example/');
      expect(event.prevented, name).toBe(true);
    }
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://appstoreconnect.apple.com/access/integrations/api' })).toEqual({ action: 'deny' });
    expect(recording.openedExternally).toEqual(['https://appstoreconnect.apple.com/access/integrations/api']);
  });

  it('opens only App Store Connect and Apple Developer pages externally', () => {
    expect(isAllowedExternalUrl('https://appstoreconnect.apple.com/access/integrations/api')).toBe(true);
    expect(isAllowedExternalUrl('https://developer.apple.com/documentation/appstoreconnectapi')).toBe(true);
    for (const url of [
      'http://appstoreconnect.apple.com/',
      'https://appstoreconnect.apple.com.evil.example/',
      'https://evil.example/?https://appstoreconnect.apple.com',
      'https://user@appstoreconnect.apple.com/',
      'https://apple.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('registers every channel of the shared table with ipcMain.handle', async () => {
    await startedShell();
    expect([...recording.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('answers IPC from the main window frame and refuses other frames and origins', async () => {
    const window = await startedShell();
    const handler = recording.ipcHandlers.get('vault.status')!;
    const fromMain = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(await handler(fromMain, {})).toMatchObject({ ok: true, value: { state: 'none' } });

    const subFrame = { sender: window.webContents, senderFrame: { url: 'app://renderer/index.html' } };
    expect(await handler(subFrame, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const otherContents = { sender: new FakeWebContents(), senderFrame: window.webContents.mainFrame };
    expect(await handler(otherContents, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('refuses a main frame that navigated away from the app origin', async () => {
    const window = await startedShell();
    for (const url of ['https://evil.example/', 'app://renderer.evil/index.html', 'file:///index.html', 'app://user@renderer/']) {
      const frame = { url };
      const contents = Object.assign(new FakeWebContents(), { mainFrame: frame });
      const fakeWindow = { webContents: contents, isDestroyed: () => false };
      const event = { sender: contents, senderFrame: frame };
      expect(isMainWindowFrame(event as never, () => fakeWindow as never), url).toBe(false);
    }
    expect(window).toBeDefined();
  });

  it.each([
    ['suspend', 'suspend'],
    ['lock-screen', 'screen-lock'],
  ])('locks the vault and tells the renderer on %s', async (powerEvent, reason) => {
    const window = await startedShell();
    const fromMain = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(await recording.ipcHandlers.get('vault.create')!(fromMain, { passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    powerMonitor.emit(powerEvent);
    expect(await recording.ipcHandlers.get('vault.status')!(fromMain, {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(window.webContents.sent).toEqual([{ channel: 'event:vault.locked', payload: { reason } }]);
  });

  it('keeps preferences in userData through electron-store, and never a secret', async () => {
    const window = await startedShell();
    const fromMain = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(await recording.ipcHandlers.get('settings.update')!(fromMain, { autoLockMinutes: 3 })).toMatchObject({ ok: true, value: { autoLockMinutes: 3 } });
    const stored = JSON.parse(readFileSync(path.join(userData, 'preferences.json'), 'utf8'));
    expect(stored).toEqual({ preferences: { autoLockMinutes: 3, clipboardClearSeconds: 60, theme: 'system', downloadsFolder: '' } });
    expect(await recording.ipcHandlers.get('settings.update')!(fromMain, { autoLockMinutes: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('locks after the idle minutes set in preferences', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const window = await startedShell();
      const fromMain = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
      await recording.ipcHandlers.get('settings.update')!(fromMain, { autoLockMinutes: 2 });
      await recording.ipcHandlers.get('vault.create')!(fromMain, { passphrase: 'correct horse battery staple' });
      powerMonitor.idleSeconds = 119;
      vi.advanceTimersByTime(15_000);
      expect(window.webContents.sent).toEqual([]);
      powerMonitor.idleSeconds = 120;
      vi.advanceTimersByTime(15_000);
      expect(window.webContents.sent).toEqual([{ channel: 'event:vault.locked', payload: { reason: 'idle' } }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sets an application menu with the standard edit roles', async () => {
    await startedShell();
    expect(JSON.stringify(recording.menuTemplate)).toContain('"role":"editMenu"');
  });
});

describe('Apple pages', () => {
  beforeEach(() => resetFakeElectron());

  it('opens every page of the Apple page table through the allowlist', async () => {
    const { APPLE_PAGES } = await import('../../src-shared/apple/apple-pages');
    for (const url of Object.values(APPLE_PAGES)) expect(isAllowedExternalUrl(url), url).toBe(true);
  });
});
