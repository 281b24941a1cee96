import os from 'node:os';
import path from 'node:path';

/** The product name Electron uses for the user-data folder (package.json `productName`). */
export const PRODUCT_NAME = 'ASC Key Vault';
export const VAULT_FILE_NAME = 'vault.sqlite';

export interface PlatformFacts {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/**
 * The vault file the desktop app opens: `app.getPath('userData')/vault.sqlite`, where userData is
 * Electron's appData folder plus the product name. Worked out the same way here, without Electron.
 */
export function defaultVaultPath(facts: PlatformFacts = { platform: process.platform, env: process.env, homedir: os.homedir() }): string {
  const { platform, env, homedir } = facts;
  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_NAME, VAULT_FILE_NAME);
  }
  if (platform === 'darwin') return path.posix.join(homedir, 'Library', 'Application Support', PRODUCT_NAME, VAULT_FILE_NAME);
  // Linux and the other Unixes: the XDG base directory, as Chromium reads it.
  const configHome = nonEmpty(env.XDG_CONFIG_HOME) ?? path.posix.join(homedir, '.config');
  return path.posix.join(configHome, PRODUCT_NAME, VAULT_FILE_NAME);
}
