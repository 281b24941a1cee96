import type { LockReason, Notify } from '../../src-shared/ipc/events';
import type { ChannelHandlers } from '../ipc/router';
import path from 'node:path';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { AppError } from '../../src-shared/errors';
import type { ClipboardService } from '../clipboard/clipboard-service';
import type { DownloadsWatch } from '../keys/downloads-watch';
import { ImportedSourceFiles } from '../keys/imported-source-files';
import type { KeyService } from '../keys/key-service';
import type { PreferencesService } from '../settings/preferences-service';
import { requireToken, type SigningService } from '../signing/signing-service';
import type { KeychainPort } from '../vault/keychain';
import type { Vault } from '../vault/vault';

/** Native dialogs, answered by Electron in the app and by a queue in tests. */
export interface Dialogs {
  chooseKeyFile(): Promise<string | null>;
}

/** Opens a page in the system browser (Electron: shell.openExternal behind the allowlist). */
export type OpenExternal = (url: string) => Promise<void>;

export interface Services {
  vault: Vault;
  keys: KeyService;
  signing: SigningService;
  preferences: PreferencesService;
  clipboard: ClipboardService;
  dialogs: Dialogs;
  downloads: DownloadsWatch;
  openExternal: OpenExternal;
  keychain: KeychainPort;
  notify: Notify;
}

/** Every channel's handler, built from plain services. No Electron here. */
export function createHandlers({ vault, keys, signing, preferences, clipboard, dialogs, downloads, openExternal, keychain, notify }: Services): ChannelHandlers {
  const importedSources = new ImportedSourceFiles();
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
    'vault.quickUnlock': async () => {
      await vault.unlockWithKeychain(keychain);
      return vault.status();
    },
    'vault.setQuickUnlock': ({ enabled, passphraseAfterRestart }) => {
      if (enabled) vault.enableQuickUnlock(keychain, passphraseAfterRestart);
      else vault.disableQuickUnlock();
      return vault.status();
    },
    'vault.lock': () => {
      lockVault({ vault, clipboard, downloads, notify }, 'manual');
      return vault.status();
    },
    'vault.changePassphrase': async ({ current, next }) => {
      await vault.changePassphrase(current, next);
      return null;
    },
    'vault.events': ({ offset, limit }) => vault.events(offset, limit),
    'keys.list': ({ query }) => keys.listKeys(query),
    'keys.get': ({ id }) => keys.getKey(id),
    'keys.issuerIds': () => keys.issuerIds(),
    'keys.chooseFile': async () => {
      const chosen = await dialogs.chooseKeyFile();
      return chosen === null ? null : { path: chosen, fileName: path.basename(chosen) };
    },
    'keys.inspect': ({ source }) => keys.inspectKey(source),
    'keys.import': async (request) => {
      const result = await keys.importKey(request);
      if (request.source.type === 'file') importedSources.remember(request.source.path);
      return result;
    },
    'keys.update': ({ id, update }) => keys.updateKey(id, update),
    'keys.revoke': ({ id }) => keys.revokeKey(id),
    'keys.unrevoke': ({ id }) => keys.unrevokeKey(id),
    'keys.delete': ({ id, confirmKeyId }) => {
      keys.deleteKey(id, confirmKeyId);
      return null;
    },
    'keys.deleteSourceFile': async ({ path: filePath }) => {
      await importedSources.delete(filePath);
      return null;
    },
    'clipboard.copyKeyField': ({ id, field }) => {
      const value = keys.getKey(id)[field];
      if (value === undefined) throw new AppError('NOT_FOUND', 'This key has no Issuer ID: individual keys have none.');
      return clipboard.copy(value);
    },
    'clipboard.copyText': ({ text }) => clipboard.copy(text),
    'sign.token': ({ id, request }) => signing.issueToken(id, request),
    'sign.offer': ({ id, request }) => signing.signOffer(id, request),
    'sign.inspect': ({ token, expected }) => signing.inspect(requireToken(token), expected),
    'downloads.watch': ({ watching }) => downloads.set(watching),
    'app.openApplePage': async ({ page }) => {
      await openExternal(APPLE_PAGES[page]);
      return null;
    },
    'settings.get': () => preferences.get(),
    'settings.update': (update) => preferences.update(update),
  };
}

/** Locks, clears a value we copied, and tells the renderer, whatever asked (button, idle timer, suspend). */
export function lockVault({ vault, clipboard, downloads, notify }: Pick<Services, 'vault' | 'clipboard' | 'downloads' | 'notify'>, reason: LockReason): void {
  if (!vault.isUnlocked) return;
  downloads.stop();
  void clipboard.clearIfOurs();
  vault.lock();
  notify('vault.locked', { reason });
}
