import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, powerMonitor, protocol, session, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_CHANNEL_PREFIX } from '../../src-shared/ipc/event-names';
import type { Notify } from '../../src-shared/ipc/events';
import { createHandlers, lockVault } from '../app/create-handlers';
import { PreferencesService } from '../settings/preferences-service';
import { AutoLock } from '../vault/auto-lock';
import { Vault } from '../vault/vault';
import { createRouter } from '../ipc/router';
import { APP_ENTRY_URL, APP_SCHEME, isAllowedExternalUrl } from './app-origin';
import { registerAppProtocol } from './app-protocol';
import { isMainWindowFrame, registerIpcChannels } from './ipc-bridge';
import { buildMenuTemplate } from './menu';
import { createPreferencesStorage } from './preferences-storage';

export const SESSION_PARTITION = 'persist:vault';
const PRODUCT_NAME = 'ASC Key Vault';
const IDLE_CHECK_INTERVAL_MS = 15_000;

export interface ShellLayout {
  /** Folder holding main.cjs; preload and renderer sit beside it in dist/. */
  mainDir: string;
}

/** Denies navigation, new windows and webviews for every web contents the app ever creates. */
function lockDownWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function createMainWindow(layout: ShellLayout): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
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

    const vault = new Vault({ path: path.join(app.getPath('userData'), 'vault.sqlite') });
    const notify: Notify = (event, payload) => mainWindow?.webContents.send(`${EVENT_CHANNEL_PREFIX}${event}`, payload);
    const preferences = new PreferencesService(createPreferencesStorage());
    const autoLock = new AutoLock({
      idleMinutes: () => preferences.get().autoLockMinutes,
      idleSeconds: () => powerMonitor.getSystemIdleTime(),
      lock: (reason) => lockVault(vault, notify, reason),
    });
    setInterval(() => autoLock.checkIdle(), IDLE_CHECK_INTERVAL_MS).unref();
    powerMonitor.on('suspend', () => autoLock.onSuspend());
    powerMonitor.on('lock-screen', () => autoLock.onScreenLock());
    app.on('before-quit', () => vault.lock());

    const dispatch = createRouter<IpcMainInvokeEvent>({
      handlers: createHandlers({ vault, preferences, notify }),
      isTrustedSender: (event) => isMainWindowFrame(event, () => mainWindow),
      logInternalError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error instanceof Error ? error.name : 'unknown error'),
    });
    registerIpcChannels(ipcMain, dispatch);
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, PRODUCT_NAME)));
    mainWindow = createMainWindow(layout);
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  });
}
