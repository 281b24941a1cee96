import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startShell } from '../../src-main/electron/shell';
import { app, recording, resetFakeElectron, type FakeBrowserWindow } from './fake-electron';

/** Resets the fake electron module and gives each test its own userData folder. */
export function useFreshShell(): { userData: () => string } {
  let userData = '';
  beforeEach(() => {
    resetFakeElectron();
    userData = mkdtempSync(path.join(tmpdir(), 'shell-test-'));
    app.userDataPath = userData;
  });
  afterEach(() => {
    app.emit('before-quit');
    rmSync(userData, { recursive: true, force: true });
  });
  return { userData: () => userData };
}

export async function startedShell(): Promise<FakeBrowserWindow> {
  startShell({ mainDir: path.resolve('dist/main') });
  await new Promise((resolve) => setImmediate(resolve));
  const window = recording.windows[0];
  if (!window) throw new Error('the shell opened no window');
  return window;
}

/** An IPC event as Electron delivers it from the main window's top frame. */
export const fromMainFrame = (window: FakeBrowserWindow) => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });

export function navigationEvent() {
  return {
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}
