import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import type { Dispatch } from '../ipc/router';
import { isAppUrl } from './app-origin';

/** An IPC event is trusted only when it comes from the main window's own top frame at the app origin. */
export function isMainWindowFrame(event: IpcMainInvokeEvent, getWindow: () => BrowserWindow | null): boolean {
  const window = getWindow();
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

/** Registers one ipcMain handler per channel of the shared table, all through the router. */
export function registerIpcChannels(ipcMain: IpcMain, dispatch: Dispatch<IpcMainInvokeEvent>): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatch(channel, payload, event));
  }
}
