import type { VaultApi } from '../src-shared/ipc/vault-api';

declare global {
  interface Window {
    vault: VaultApi;
  }
}

/** The renderer's only way to reach main. */
export const vault = (): VaultApi => window.vault;
