import { existsSync } from 'node:fs';
import type { ChannelHandlers } from '../ipc/router';

export interface AppPaths {
  vaultFile: string;
}

/** The composition root: every channel's handler, built from plain services. No Electron here. */
export function createHandlers(paths: AppPaths): ChannelHandlers {
  return {
    'vault.status': () => ({ state: existsSync(paths.vaultFile) ? 'locked' : 'none', path: paths.vaultFile }),
  };
}
