import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAMES } from '../../src-shared/ipc/channel-names';
import { methodNameOf } from '../../src-shared/ipc/method-name';

const api = Object.fromEntries(
  CHANNEL_NAMES.map((channel) => [methodNameOf(channel), (request?: unknown) => ipcRenderer.invoke(channel, request ?? {})]),
);

contextBridge.exposeInMainWorld('vault', Object.freeze(api));
