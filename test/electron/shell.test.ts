import path from 'node:path';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../src-main/electron/menu';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { REGISTER_DROPPED_FILE_CHANNEL } from '../../src-shared/ipc/preload-channels';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
import { startShell } from '../../src-main/electron/shell';
import { resolveRendererFile } from '../../src-main/electron/app-protocol';
import { isAllowedExternalUrl } from '../../src-main/electron/app-origin';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { app, dialog, FakeWebContents, powerMonitor, recording, safeStorage } from './fake-electron';
import { fromMainFrame, startedShell, useFreshShell } from './shell-harness';

describe('Electron shell', () => {
  const { userData } = useFreshShell();

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

  it('registers every channel of the shared table with ipcMain.handle, and the preload’s drop channel', async () => {
    await startedShell();
    expect([...recording.ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES, REGISTER_DROPPED_FILE_CHANNEL].sort());
  });

  it('takes a dropped file only from the preload’s channel, as a one-time handle for the window it was dropped on', async () => {
    const window = await startedShell();
    const fromMain = fromMainFrame(window);
    const call = (channel: string, payload: unknown, event: unknown = fromMain) => recording.ipcHandlers.get(channel)!(event, payload);
    await call('vault.create', { passphrase: 'correct horse battery staple' });
    const file = path.join(userData(), 'AuthKey_DROPPED001.p8');
    writeFileSync(file, appStoreConnectP8(generateP256Key()));

    const stranger = { sender: new FakeWebContents(), senderFrame: window.webContents.mainFrame };
    expect(await call(REGISTER_DROPPED_FILE_CHANNEL, { path: file }, stranger)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(REGISTER_DROPPED_FILE_CHANNEL, { path: file, extra: true })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const registered = (await call(REGISTER_DROPPED_FILE_CHANNEL, { path: file })) as { ok: true; value: { handle: string } };
    expect(registered).toEqual({ ok: true, value: { handle: expect.any(String) } });

    const again = (await call(REGISTER_DROPPED_FILE_CHANNEL, { path: file })) as { ok: true; value: { handle: string } };
    const opened = (await call('keys.openDroppedFile', { handle: registered.value.handle })) as { ok: true; value: { fileId: string; fileName: string } };
    expect(opened).toEqual({ ok: true, value: { fileId: expect.any(String), fileName: 'AuthKey_DROPPED001.p8' } });
    expect(await call('keys.inspect', { source: { type: 'file', fileId: opened.value.fileId } })).toMatchObject({ ok: true, value: { fileKeyId: 'DROPPED001' } });
    expect(await call('keys.openDroppedFile', { handle: registered.value.handle })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    // A reloaded page is a new frame: what was issued to the old one does not work there.
    const reloadedFrame = { ...window.webContents.mainFrame, routingId: 2 };
    Object.defineProperty(window.webContents, 'mainFrame', { value: reloadedFrame });
    const reloaded = { sender: window.webContents, senderFrame: reloadedFrame };
    expect(await call('keys.openDroppedFile', { handle: again.value.handle }, reloaded)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('keys.inspect', { source: { type: 'file', fileId: opened.value.fileId } }, reloaded)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('keys.inspect', { source: { type: 'file', path: file } }, reloaded)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it.each([
    ['suspend', 'suspend'],
    ['lock-screen', 'screen-lock'],
  ])('locks the vault and tells the renderer on %s', async (powerEvent, reason) => {
    const window = await startedShell();
    const fromMain = fromMainFrame(window);
    expect(await recording.ipcHandlers.get('vault.create')!(fromMain, { passphrase: 'correct horse battery staple' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    powerMonitor.emit(powerEvent);
    expect(await recording.ipcHandlers.get('vault.status')!(fromMain, {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(window.webContents.sent).toEqual([{ channel: 'event:vault.locked', payload: { reason } }]);
  });

  it('makes its data folder, where the vault lives, owner-only', async () => {
    chmodSync(userData(), 0o755);
    await startedShell();
    expect(statSync(userData()).mode & 0o777).toBe(0o700);
  });

  it('keeps preferences in userData through electron-store, and never a secret', async () => {
    const window = await startedShell();
    const fromMain = fromMainFrame(window);
    expect(await recording.ipcHandlers.get('settings.update')!(fromMain, { autoLockMinutes: 3 })).toMatchObject({ ok: true, value: { autoLockMinutes: 3 } });
    const stored = JSON.parse(readFileSync(path.join(userData(), 'preferences.json'), 'utf8'));
    expect(stored).toEqual({ preferences: { autoLockMinutes: 3, clipboardClearSeconds: 60, theme: 'system', downloadsFolder: '', appleCheckEnabled: false, replaceKeysAfterDays: 0 } });
    expect(await recording.ipcHandlers.get('settings.update')!(fromMain, { autoLockMinutes: -1 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('locks after the idle minutes set in preferences', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const window = await startedShell();
      const fromMain = fromMainFrame(window);
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

  it('reopens the window where it was closed', async () => {
    const first = await startedShell();
    first.bounds = { x: 200, y: 150, width: 1300, height: 900 };
    first.emit('close');
    app.emit('before-quit');
    recording.windows.length = 0;
    recording.ipcHandlers.clear();
    const second = await startedShell();
    expect(second.options).toMatchObject({ x: 200, y: 150, width: 1300, height: 900 });
  });

  it('refuses quick unlock with an explanation where safeStorage is basic_text, and allows it with a real keyring', async () => {
    const window = await startedShell();
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMainFrame(window), payload);
    await call('vault.create', { passphrase: 'correct horse battery staple' });
    safeStorage.backend = 'basic_text';
    expect(await call('vault.setQuickUnlock', { enabled: true })).toMatchObject({ ok: false, error: { code: 'KEYCHAIN_UNAVAILABLE', message: expect.stringContaining('keyring') } });
    safeStorage.backend = 'gnome_libsecret';
    expect(await call('vault.setQuickUnlock', { enabled: true })).toMatchObject({ ok: true, value: { quickUnlock: true } });
    await call('vault.lock', {});
    expect(await call('vault.quickUnlock', {})).toMatchObject({ ok: true, value: { state: 'unlocked' } });
  });

  it('logs an unexpected failure by its error name only, so a message carrying the vault key never reaches the log', async () => {
    const window = await startedShell();
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMainFrame(window), payload);
    await call('vault.create', { passphrase: 'correct horse battery staple' });
    const sealed: string[] = [];
    vi.spyOn(safeStorage, 'encryptString').mockImplementation((text: string) => {
      sealed.push(text);
      throw new TypeError(`keyring refused to seal ${text}`);
    });
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    const result = await call('vault.setQuickUnlock', { enabled: true });

    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(sealed).toHaveLength(1);
    const lines = logged.mock.calls.map((args) => args.map(String).join(' '));
    expect(lines).toEqual([expect.stringContaining('TypeError')]);
    expect(lines.join('\n')).not.toContain(sealed[0]!);
    expect(JSON.stringify(result)).not.toContain(sealed[0]!);
  });

  it('shows a written export in the system file manager through shell.showItemInFolder', async () => {
    const window = await startedShell();
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMainFrame(window), payload) as Promise<{ ok: boolean; value: never }>;
    await call('vault.create', { passphrase: 'correct horse battery staple' });
    const keyFile = path.join(userData(), 'AuthKey_SHOWFOLDR1.p8');
    writeFileSync(keyFile, appStoreConnectP8(generateP256Key()));
    dialog.answers.push(keyFile);
    const chosen = await call('keys.chooseFile', {});
    const imported = await call('keys.import', { source: { type: 'file', fileId: (chosen.value as { fileId: string }).fileId }, kind: 'asc-individual' });
    const id = (imported.value as { key: { id: string } }).key.id;
    const folder = mkdtempSync(path.join(userData(), 'export-'));
    dialog.answers.push(folder);
    const written = await call('exports.write', { request: { target: 'fastlane', keys: { apiKey: id } } });
    await call('exports.showInFolder', { exportId: (written.value as { exportId: string }).exportId });
    expect(recording.shownInFolder).toEqual([path.join(folder, 'fastlane_api_key_SHOWFOLDR1.json')]);
  });

  it('sets an application menu with the standard edit roles', async () => {
    await startedShell();
    expect(JSON.stringify(recording.menuTemplate)).toContain('"role":"editMenu"');
  });

  it('lists Add Key, Find Keys and Lock with their shortcuts, and View zoom; Lock locks in main, the others go to the window', async () => {
    const window = await startedShell();
    const template = recording.menuTemplate as MenuItemConstructorOptions[];
    const fileMenu = template.find((menu) => menu.label === 'File')!.submenu as MenuItemConstructorOptions[];
    const item = (label: string) => fileMenu.find((entry) => entry.label === label)!;
    expect(fileMenu.filter((entry) => entry.accelerator).map((entry) => [entry.label, entry.accelerator])).toEqual([
      ['Add Key…', 'CmdOrCtrl+N'],
      ['Find Keys', 'CmdOrCtrl+F'],
      ['Lock', 'CmdOrCtrl+L'],
    ]);
    const viewMenu = template.find((menu) => menu.label === 'View')!.submenu as MenuItemConstructorOptions[];
    expect(viewMenu.map((entry) => entry.role).filter(Boolean)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);

    const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();
    click(item('Add Key…'));
    click(item('Find Keys'));
    expect(window.webContents.sent).toEqual([
      { channel: 'event:menu.command', payload: { command: 'add-key' } },
      { channel: 'event:menu.command', payload: { command: 'find' } },
    ]);
    const call = (channel: string, payload: unknown) => recording.ipcHandlers.get(channel)!(fromMainFrame(window), payload);
    await call('vault.create', { passphrase: 'correct horse battery staple' });
    click(item('Lock'));
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(window.webContents.sent.at(-1)).toEqual({ channel: 'event:vault.locked', payload: { reason: 'manual' } });
  });

  it('puts the vault items in a menu of their own on macOS, after the app menu', () => {
    const template = buildMenuTemplate('darwin', 'ASC Key Vault', { lock: () => undefined, windowCommand: () => undefined });
    expect(template.map((menu) => menu.label ?? menu.role)).toEqual(['ASC Key Vault', 'Vault', 'editMenu', 'View', 'windowMenu']);
  });
});

describe('Apple pages', () => {
  it('opens every page of the Apple page table through the allowlist', () => {
    for (const url of Object.values(APPLE_PAGES)) expect(isAllowedExternalUrl(url), url).toBe(true);
  });
});
