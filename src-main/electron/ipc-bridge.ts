import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { REGISTER_DROPPED_FILE_CHANNEL } from '../../src-shared/ipc/preload-channels';
import type { Result } from '../../src-shared/result';
import type { Dispatch } from '../ipc/router';
import { isAppUrl } from './app-origin';

/** An IPC event is trusted only when it comes from the main window's own top frame at the app origin. */
export function isMainWindowFrame(event: IpcMainInvokeEvent, getWindow: () => BrowserWindow | null): boolean {
  const window = getWindow();
  if (!window || window.isDestroyed()) return false;
  const frame = event.senderFrame;
  return event.sender === window.webContents && frame !== null && frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

/** One page in one window: a reload or navigation gets a new frame, so ids issued to the old page stop working. */
export function senderIdOf(event: IpcMainInvokeEvent): string {
  const frame = event.senderFrame;
  return `${event.sender.id}:${frame?.processId ?? '-'}:${frame?.routingId ?? '-'}`;
}

/** Registers one ipcMain handler per channel of the shared table, all through the router, and the preload's drop channel. */
export function registerIpcChannels(
  ipcMain: IpcMain,
  dispatch: Dispatch<IpcMainInvokeEvent>,
  registerDrop: (payload: unknown, event: IpcMainInvokeEvent) => Result<{ handle: string }>,
): void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, payload: unknown) => dispatch(channel, payload, event));
  }
  ipcMain.handle(REGISTER_DROPPED_FILE_CHANNEL, (event, payload: unknown) => registerDrop(payload, event));
}
