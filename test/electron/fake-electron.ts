/**
 * A recorded stand-in for the `electron` module (aliased in vitest.config.ts for the electron
 * project). It keeps what the shell asked for so tests can assert it without an Electron binary.
 */
type Listener = (...args: unknown[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
}

let nextWebContentsId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextWebContentsId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly mainFrame = { url: 'app://renderer/index.html', processId: 4, routingId: 1 };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeSession {
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, handler),
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = handler;
  }
}

export const recording = {
  windows: [] as FakeBrowserWindow[],
  ipcHandlers: new Map<string, Listener>(),
  sessions: new Map<string, FakeSession>(),
  privilegedSchemes: [] as unknown[],
  openedExternally: [] as string[],
  shownInFolder: [] as string[],
  menuTemplate: null as unknown,
  quitCalls: 0,
  singleInstanceLock: true,
  /** Every clipboard write, oldest first: each format written and its payload (a Blob's bytes as a Buffer). */
  clipboardWrites: [] as Array<Record<string, string | Buffer>>,
};

export function resetFakeElectron(): void {
  recording.windows.length = 0;
  recording.ipcHandlers.clear();
  recording.sessions.clear();
  recording.privilegedSchemes.length = 0;
  recording.openedExternally.length = 0;
  recording.shownInFolder.length = 0;
  recording.menuTemplate = null;
  recording.quitCalls = 0;
  recording.singleInstanceLock = true;
  recording.clipboardWrites.length = 0;
  net.requests.length = 0;
  net.answers.length = 0;
  clipboard.text = '';
  app.listeners.clear();
  powerMonitor.listeners.clear();
  powerMonitor.idleSeconds = 0;
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
}

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: { webPreferences: Record<string, unknown> } & Record<string, unknown>) {
    super();
    recording.windows.push(this);
  }
  bounds = { x: 10, y: 20, width: 1100, height: 760 };
  getBounds() {
    return this.bounds;
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
}

class FakeApp extends Emitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    return recording.singleInstanceLock;
  }
  quit() {
    recording.quitCalls += 1;
  }
  whenReady() {
    return Promise.resolve();
  }
  userDataPath = '/fake/userData';
  getVersion() {
    return '0.0.0-test';
  }
  getPath(name: string) {
    return name === 'userData' ? this.userDataPath : `/fake/${name}`;
  }
}

export const app = new FakeApp();

class FakePowerMonitor extends Emitter {
  idleSeconds = 0;
  getSystemIdleTime() {
    return this.idleSeconds;
  }
}
export const powerMonitor = new FakePowerMonitor();
export const BrowserWindow = FakeBrowserWindow;
export const ipcMain = {
  on: () => undefined,
  handle: (channel: string, listener: Listener) => {
    if (recording.ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
    recording.ipcHandlers.set(channel, listener);
  },
};
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => recording.privilegedSchemes.push(...schemes),
};
export const session = {
  fromPartition: (partition: string) => {
    const existing = recording.sessions.get(partition) ?? new FakeSession();
    recording.sessions.set(partition, existing);
    return existing;
  },
};
export const shell = {
  openExternal: (url: string) => {
    recording.openedExternally.push(url);
    return Promise.resolve();
  },
  trashItem: () => Promise.resolve(),
  showItemInFolder: (filePath: string) => void recording.shownInFolder.push(filePath),
};
/** Electron 45's W3C-style clipboard item: formats (MIME types or Electron's custom names) to payloads. */
export class ClipboardItem {
  readonly types: string[];
  constructor(readonly items: Record<string, string | Blob>) {
    this.types = Object.keys(items);
  }
}
export const clipboard = {
  text: '',
  readText: async () => clipboard.text,
  writeText: async (text: string) => {
    recording.clipboardWrites.push({ 'text/plain': text });
    clipboard.text = text;
  },
  /** Like Electron, one call replaces the whole clipboard with every format of the (last) item. */
  write: async (items: ClipboardItem[]) => {
    for (const item of items) {
      const formats: Record<string, string | Buffer> = {};
      for (const [format, payload] of Object.entries(item.items)) {
        formats[format] = typeof payload === 'string' ? payload : Buffer.from(await payload.arrayBuffer());
      }
      recording.clipboardWrites.push(formats);
      const text = formats['text/plain'];
      clipboard.text = typeof text === 'string' ? text : (text?.toString('utf8') ?? '');
    }
  },
};
/** Electron's net.fetch: records each request and answers what a test queued (404 when nothing is). */
export const net = {
  requests: [] as Array<{ url: string; init: RequestInit }>,
  answers: [] as Response[],
  fetch: async (url: string, init: RequestInit) => {
    net.requests.push({ url, init });
    return net.answers.shift() ?? new Response(null, { status: 404 });
  },
};
export const dialog = {
  answers: [] as string[],
  showOpenDialog: async () => {
    const next = dialog.answers.shift();
    return next === undefined ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [next] };
  },
  showSaveDialog: async () => {
    const next = dialog.answers.shift();
    return next === undefined ? { canceled: true, filePath: '' } : { canceled: false, filePath: next };
  },
};
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable: () => safeStorage.available,
  getSelectedStorageBackend: () => safeStorage.backend,
  encryptString: (text: string) => Buffer.from(`sealed:${text}`),
  decryptString: (data: Buffer) => data.toString().replace(/^sealed:/, ''),
};
export const exposedInMainWorld = new Map<string, unknown>();
export const contextBridge = {
  exposeInMainWorld: (name: string, api: unknown) => exposedInMainWorld.set(name, api),
};
export const ipcRenderer = {
  invoked: [] as Array<{ channel: string; payload: unknown }>,
  /** What main answers the next invoke; `{ ok: true, value: null }` by default. */
  answer: { ok: true, value: null } as unknown,
  invoke: async (channel: string, payload: unknown) => {
    ipcRenderer.invoked.push({ channel, payload });
    return ipcRenderer.answer;
  },
  on: () => undefined,
  removeListener: () => undefined,
};
/** Like Electron's: a File from the disk has its path; one the page made itself (marked `made`) has ''. */
export const webUtils = { getPathForFile: (file: { name: string; made?: boolean }) => (file.made ? '' : `/dropped/${file.name}`) };
export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: (menu: { template: unknown }) => {
    recording.menuTemplate = menu.template;
  },
};

/** electron-store imports the module's default export. */
export default { app, BrowserWindow, clipboard, ClipboardItem, contextBridge, dialog, ipcMain, ipcRenderer, net, protocol, safeStorage, session, shell, Menu, powerMonitor, webUtils };
