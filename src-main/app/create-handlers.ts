import type { LockReason, Notify } from '../../src-shared/ipc/events';
import type { ChannelHandlers } from '../ipc/router';
import type { PreferencesService } from '../settings/preferences-service';
import type { Vault } from '../vault/vault';

export interface Services {
  vault: Vault;
  preferences: PreferencesService;
  notify: Notify;
}

/** Every channel's handler, built from plain services. No Electron here. */
export function createHandlers({ vault, preferences, notify }: Services): ChannelHandlers {
  return {
    'vault.status': () => vault.status(),
    'vault.create': async ({ passphrase }) => {
      await vault.create(passphrase);
      return vault.status();
    },
    'vault.unlock': async ({ passphrase }) => {
      await vault.unlock(passphrase);
      return vault.status();
    },
    'vault.lock': () => {
      lockVault(vault, notify, 'manual');
      return vault.status();
    },
    'vault.changePassphrase': async ({ current, next }) => {
      await vault.changePassphrase(current, next);
      return null;
    },
    'vault.events': ({ offset, limit }) => vault.events(offset, limit),
    'settings.get': () => preferences.get(),
    'settings.update': (update) => preferences.update(update),
  };
}

/** Locks and tells the renderer, whatever asked for it (button, idle timer, suspend). */
export function lockVault(vault: Vault, notify: Notify, reason: LockReason): void {
  if (!vault.isUnlocked) return;
  vault.lock();
  notify('vault.locked', { reason });
}
