import path from 'node:path';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { AppError } from '../../src-shared/errors';
import { EXPORT_TARGETS } from '../../src-shared/exports/export-targets';
import type { LockReason, Notify } from '../../src-shared/ipc/events';
import type { ClipboardService } from '../clipboard/clipboard-service';
import { generatePassphrase } from '../exports/passphrase-generator';
import type { ChannelHandlers } from '../ipc/router';
import type { WrittenExports } from '../exports/written-exports';
import type { DownloadsWatch } from '../keys/downloads-watch';
import { ImportedSourceFiles } from '../keys/imported-source-files';
import type { PreferencesService } from '../settings/preferences-service';
import { requireToken } from '../signing/signing-service';
import type { KeychainPort } from '../vault/keychain';
import type { VaultServices } from './create-services';

/** Native dialogs, answered by Electron in the app and by a queue in tests. Each returns null when cancelled. */
export interface Dialogs {
  chooseKeyFile(): Promise<string | null>;
  /**
   * Opens at defaultPath when given. When that folder is missing, the user is offered it first, and the
   * answer may be that missing folder: the caller creates it, so it exists only once the user chose it.
   */
  chooseFolder(title: string, defaultPath?: string): Promise<string | null>;
  chooseSaveFile(title: string, defaultName: string, extension: string): Promise<string | null>;
  chooseOpenFile(title: string, extension: string): Promise<string | null>;
}

/** Opens a page in the system browser (Electron: shell.openExternal behind the allowlist). */
export type OpenExternal = (url: string) => Promise<void>;

/** The vault's services plus everything that needs the desktop (clipboard, dialogs, keychain, browser). */
export interface Services extends VaultServices {
  preferences: PreferencesService;
  clipboard: ClipboardService;
  dialogs: Dialogs;
  downloads: DownloadsWatch;
  openExternal: OpenExternal;
  keychain: KeychainPort;
  notify: Notify;
  writtenExports: WrittenExports;
}

/** Every channel's handler, built from plain services. No Electron here. */
export function createHandlers(services: Services): ChannelHandlers {
  const { vault, keys, signing, exports, bundles, backups, restore, preferences, clipboard, dialogs, downloads, openExternal, keychain, notify, writtenExports } = services;
  const importedSources = new ImportedSourceFiles();
  // The bundle or backup file the user picked last; preview and import then need only the passphrase.
  const picked: { bundle: string | null; backup: string | null } = { bundle: null, backup: null };
  const requirePicked = (which: 'bundle' | 'backup') => {
    const file = picked[which];
    if (file === null) throw new AppError('NOT_FOUND', `Choose the ${which} file first.`);
    return file;
  };
  const today = () => new Date().toISOString().slice(0, 10);
  return {
    'vault.status': () => vault.status(),
    'vault.create': async ({ passphrase }) => {
      await vault.create(passphrase);
      return vault.status();
    },
    'vault.unlock': async ({ passphrase, allowOlder }) => {
      await vault.unlock(passphrase, { allowOlder });
      return vault.status();
    },
    'vault.quickUnlock': async ({ allowOlder }) => {
      await vault.unlockWithKeychain(keychain, { allowOlder });
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
      await vault.changePassphrase(current, next, keychain);
      return null;
    },
    'vault.events': ({ offset, limit }) => vault.events(offset, limit),
    'keys.list': ({ query }) => keys.listKeysWithLastUse(query),
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
      // Key IDs, Issuer IDs, fingerprints and public keys: nothing a clipboard history must hide.
      return clipboard.copy(value, { secret: false });
    },
    // Tokens, curl lines and the bundle passphrase come this way, so every copy is treated as secret.
    'clipboard.copyText': ({ text }) => clipboard.copy(text, { secret: true }),
    'sign.token': ({ id, request }) => signing.issueToken(id, request),
    'sign.offer': ({ id, request }) => signing.signOffer(id, request),
    'sign.inspect': ({ token, expected }) => signing.inspect(requireToken(token), expected),
    'exports.preview': ({ request }) => exports.preview(request.target, request.keys, request.options),
    'exports.write': async ({ request, overwrite }) => {
      // Main writes only where its own dialog answered; altool's opens at its private_keys folder.
      const folder = await dialogs.chooseFolder(`Choose where to write the ${EXPORT_TARGETS[request.target].label} files`, exports.defaultFolder(request.target));
      if (folder === null) return null;
      const result = await exports.write(request.target, request.keys, request.options, { folder, overwrite });
      const shown = result.written[0]?.path ?? result.folder;
      return { ...result, exportId: writtenExports.remember(shown) };
    },
    'exports.showInFolder': ({ exportId }) => {
      writtenExports.showInFolder(exportId);
      return null;
    },
    'exports.copySecretField': ({ request, label, section }) => clipboard.copy(exports.secretFieldValue(request.target, request.keys, request.options, label, section), { secret: true }),
    'bundle.generatePassphrase': () => ({ passphrase: generatePassphrase() }),
    'bundle.export': async ({ ids, passphrase, metadata }) => {
      const file = await dialogs.chooseSaveFile('Save the encrypted bundle', `asc-keys-${today()}.age`, 'age');
      if (file === null) return null;
      return bundles.write(ids, passphrase, file, { metadata, overwrite: true });
    },
    'bundle.chooseFile': async () => {
      picked.bundle = await dialogs.chooseOpenFile('Open an encrypted bundle', 'age');
      return picked.bundle === null ? null : { fileName: path.basename(picked.bundle) };
    },
    'bundle.preview': async ({ passphrase }) => bundles.preview(await bundles.readFile(requirePicked('bundle')), passphrase),
    'bundle.import': async ({ passphrase }) => bundles.importAll(await bundles.readFile(requirePicked('bundle')), passphrase),
    'backup.status': () => backups.status(),
    'backup.create': async () => {
      const file = await dialogs.chooseSaveFile('Save a backup of the vault', `asc-key-vault-backup-${today()}.sqlite`, 'sqlite');
      if (file === null) return null;
      // The save dialog has already asked before replacing an existing file.
      return backups.backup(file, { overwrite: true });
    },
    'backup.chooseFile': async () => {
      picked.backup = await dialogs.chooseOpenFile('Open a vault backup', 'sqlite');
      return picked.backup === null ? null : { fileName: path.basename(picked.backup) };
    },
    'backup.open': ({ passphrase }) => restore.openBackup(requirePicked('backup'), passphrase),
    'backup.restore': ({ passphrase, mode }) =>
      mode === 'replace' ? restore.restoreReplace(requirePicked('backup'), passphrase) : restore.restoreMerge(requirePicked('backup'), passphrase),
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
