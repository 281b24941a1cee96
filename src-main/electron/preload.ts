import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { EVENT_CHANNEL_PREFIX, EVENT_NAMES, type EventName } from '../../src-shared/ipc/event-names';
import { methodNameOf } from '../../src-shared/ipc/method-name';

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

const pathForFile = (file: File): string => webUtils.getPathForFile(file);

contextBridge.exposeInMainWorld('vault', Object.freeze({ ...api, on, pathForFile }));
