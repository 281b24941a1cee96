import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerMonitor, protocol, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL_PREFIX } from '../../src-shared/ipc/event-names';
import type { MenuCommand, Notify } from '../../src-shared/ipc/events';
import type { Preferences } from '../../src-shared/settings/preferences';
import { createHandlers, lockVault } from '../app/create-handlers';
import { createServices } from '../app/create-services';
import { AutoLock } from '../vault/auto-lock';
import { ownerOnlyDataFolder } from '../vault/owner-only';
import { SEEN_GENERATIONS_FILE, seenGenerationsFile } from '../vault/seen-generations';
import { createDropRegistration } from '../ipc/drop-registration';
import { createRouter } from '../ipc/router';
import { allowedExternalUrl, APP_ENTRY_URL, APP_SCHEME, isAllowedExternalUrl } from './app-origin';
import { registerAppProtocol } from './app-protocol';
import { electronAppleFetch } from './electron-apple-fetch';
import { electronClipboard } from './electron-clipboard';
import { isMainWindowFrame, registerIpcChannels, senderIdOf } from './ipc-bridge';
import { buildMenuTemplate } from './menu';
import { createPreferencesStorage } from './preferences-storage';
import { nativeDialogs } from './native-dialogs';
import { safeStorageKeychain } from './safe-storage-keychain';

export const SESSION_PARTITION = 'persist:vault';
const PRODUCT_NAME = 'ASC Key Vault';
const IDLE_CHECK_INTERVAL_MS = 15_000;

export interface ShellLayout {
  /** Folder holding main.cjs; preload and renderer sit beside it in dist/. */
  mainDir: string;
}

/** The only way the app opens a browser: Apple's pages, checked against the allowlist. */
async function openExternal(url: string): Promise<void> {
  const allowed = allowedExternalUrl(url);
  if (allowed === null) throw new Error('refused to open a page outside the allowlist');
  await shell.openExternal(allowed);
}

/** Denies navigation, new windows and webviews for every web contents the app ever creates. */
function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}

function createMainWindow(layout: ShellLayout, bounds: Preferences['windowBounds']): BrowserWindow {
  const window = new BrowserWindow({
    ...(bounds ?? { width: 1100, height: 760 }),
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: PRODUCT_NAME,
    webPreferences: {
      preload: path.join(layout.mainDir, '..', 'preload', 'preload.cjs'),
      partition: SESSION_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

/** Starts the desktop app. Everything that touches Electron is here; the rest is plain services. */
export function startShell(layout: ShellLayout): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents));
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    const appSession = session.fromPartition(SESSION_PARTITION);
    appSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    appSession.setPermissionCheckHandler(() => false);
    registerAppProtocol(appSession, path.join(layout.mainDir, '..', 'renderer'));

    ownerOnlyDataFolder(app.getPath('userData'));
    const notify: Notify = (event, payload) => mainWindow?.webContents.send(`${EVENT_CHANNEL_PREFIX}${event}`, payload);
    const services = createServices({
      vaultFile: path.join(app.getPath('userData'), 'vault.sqlite'),
      seenGenerations: seenGenerationsFile(path.join(app.getPath('userData'), SEEN_GENERATIONS_FILE)),
      preferencesStorage: createPreferencesStorage(),
      clipboard: electronClipboard(),
      dialogs: nativeDialogs(() => mainWindow),
      downloadsFolder: app.getPath('downloads'),
      trashItem: (file) => shell.trashItem(file),
      strayScanDefaults: [app.getPath('downloads'), app.getPath('desktop'), app.getPath('documents')],
      openExternal,
      showItemInFolder: (filePath) => shell.showItemInFolder(filePath),
      keychain: safeStorageKeychain,
      notify,
      appleFetch: electronAppleFetch,
    });
    const autoLock = new AutoLock({
      idleMinutes: () => services.preferences.get().autoLockMinutes,
      idleSeconds: () => powerMonitor.getSystemIdleTime(),
      lock: (reason) => lockVault(services, reason),
    });
    setInterval(() => autoLock.checkIdle(), IDLE_CHECK_INTERVAL_MS).unref();
    powerMonitor.on('suspend', () => autoLock.onSuspend());
    powerMonitor.on('lock-screen', () => autoLock.onScreenLock());
    app.on('before-quit', () => lockVault(services, 'manual'));

    const isTrustedSender = (event: IpcMainInvokeEvent) => isMainWindowFrame(event, () => mainWindow);
    const dispatch = createRouter<IpcMainInvokeEvent>({
      handlers: createHandlers(services),
      isTrustedSender,
      senderId: senderIdOf,
      logInternalError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error instanceof Error ? error.name : 'unknown error'),
    });
    registerIpcChannels(ipcMain, dispatch, createDropRegistration({ grants: services.keyFiles, isTrustedSender, senderId: senderIdOf }));
    const menuActions = { lock: () => lockVault(services, 'manual'), windowCommand: (command: MenuCommand) => notify('menu.command', { command }) };
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, PRODUCT_NAME, menuActions)));
    mainWindow = createMainWindow(layout, services.preferences.get().windowBounds);
    const window = mainWindow;
    window.on('close', () => services.preferences.saveWindowBounds(window.getBounds()));
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });
}
