import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { EVENT_CHANNEL_PREFIX, EVENT_NAMES, type EventName } from '../../src-shared/ipc/event-names';
import { methodNameOf } from '../../src-shared/ipc/method-name';
import { REGISTER_DROPPED_FILE_CHANNEL } from '../../src-shared/ipc/preload-channels';

const api = Object.fromEntries(
  CHANNEL_NAMES.map((channel) => [methodNameOf(channel), (request?: unknown) => ipcRenderer.invoke(channel, request ?? {})]),
);

/** Subscribes to a main → renderer event; returns the unsubscribe function. */
function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`);
  const channel = `${EVENT_CHANNEL_PREFIX}${event}`;
  const forward = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, forward);
  return () => ipcRenderer.removeListener(channel, forward);
}

/**
 * Hands main the path of a file dropped on the window and gives the page only main's one-time handle.
 * A File the page made itself has no path, and never reaches main.
 */
async function registerDroppedFile(file: File): Promise<unknown> {
  const filePath = webUtils.getPathForFile(file);
  if (filePath === '') return { ok: true, value: null };
  return ipcRenderer.invoke(REGISTER_DROPPED_FILE_CHANNEL, { path: filePath });
}

contextBridge.exposeInMainWorld('vault', Object.freeze({ ...api, on, registerDroppedFile }));
