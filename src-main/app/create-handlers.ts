import path from 'node:path';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { AppError } from '../../src-shared/errors';
import { EXPORT_TARGETS } from '../../src-shared/exports/export-targets';
import type { LockReason, Notify } from '../../src-shared/ipc/events';
import type { AppleCheckService } from '../apple-check/apple-check-service';
import type { KeyImportSource } from '../../src-shared/keys/key-record';
import type { KeySourceRequest } from '../../src-shared/keys/key-requests';
import type { ClipboardService } from '../clipboard/clipboard-service';
import { parseBundleRecipients } from '../exports/bundle/bundle-recipients';
import { generatePassphrase } from '../exports/passphrase-generator';
import type { ChannelHandlers } from '../ipc/router';
import type { WrittenExports } from '../exports/written-exports';
import type { DownloadsWatch } from '../keys/downloads-watch';
import type { KeyFileGrants } from '../keys/key-file-grants';
import { ImportedSourceFiles } from '../keys/imported-source-files';
import type { PreferencesService } from '../settings/preferences-service';
import { requireToken } from '../signing/signing-service';
import type { KeychainPort } from '../vault/keychain';
import type { StrayCopiesService } from '../scan/stray-copies-service';
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
  appleCheck: AppleCheckService;
  clipboard: ClipboardService;
  dialogs: Dialogs;
  downloads: DownloadsWatch;
  /** The key files the renderer may name, by the ids main issued for them. */
  keyFiles: KeyFileGrants;
  openExternal: OpenExternal;
  keychain: KeychainPort;
  notify: Notify;
  strays: StrayCopiesService;
  strayScanDefaults: string[];
  writtenExports: WrittenExports;
}

/** Every channel's handler, built from plain services. No Electron here. */
export function createHandlers(services: Services): ChannelHandlers {
  const { vault, keys, signing, exports, bundles, ageIdentity, backups, restore, preferences, appleCheck, clipboard, dialogs, downloads, keyFiles, openExternal, keychain, notify, writtenExports } = services;
  const importedSources = new ImportedSourceFiles();
  // The bundle or backup file the user picked last; preview and import then need only the passphrase.
  const picked: { bundle: string | null; backup: string | null } = { bundle: null, backup: null };
  const requirePicked = (which: 'bundle' | 'backup') => {
    const file = picked[which];
    if (file === null) throw new AppError('NOT_FOUND', `Choose the ${which} file first.`);
    return file;
  };
  const today = () => new Date().toISOString().slice(0, 10);
  // Folders for the stray-copy scan come only from main's dialog; the renderer never names a path.
  const strayFolders: string[] = [];
  const strayFolderList = () => ({ defaults: [...services.strayScanDefaults], chosen: [...strayFolders] });
  // Main reads only files it granted an id for; the renderer never names a path.
  const readableSource = (source: KeySourceRequest, sender: string): KeyImportSource =>
    source.type === 'file' ? { type: 'file', path: keyFiles.pathOf(source.fileId, sender) } : source;
  // Files opened for import from a stray-copy scan (file id → finding): re-read against that scan before each read.
  const strayImports = new Map<string, string>();
  const unchangedStray = async (source: KeySourceRequest) => {
    const finding = source.type === 'file' ? strayImports.get(source.fileId) : undefined;
    if (finding !== undefined) await services.strays.unchangedSinceScan(finding);
  };
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
    'vault.events': ({ offset, limit, type, itemId, query }) => vault.events(offset, limit, { ...(type ? { type } : {}), ...(itemId ? { itemId } : {}), ...(query ? { query } : {}) }),
    'keys.list': ({ query }) => keys.listKeysWithLastUse(query),
    'keys.get': ({ id }) => keys.getKey(id),
    'keys.issuerIds': () => keys.issuerIds(),
    'keys.chooseFile': async (_request, { sender }) => {
      const chosen = await dialogs.chooseKeyFile();
      return chosen === null ? null : keyFiles.grant(chosen, sender);
    },
    'keys.openDroppedFile': ({ handle }, { sender }) => keyFiles.redeemDrop(handle, sender),
    'keys.inspect': async ({ source }, { sender }) => {
      const readable = readableSource(source, sender);
      await unchangedStray(source);
      return keys.inspectKey(readable);
    },
    'keys.import': async ({ source, ...fields }, { sender }) => {
      const readable = readableSource(source, sender);
      await unchangedStray(source);
      const result = await keys.importKey({ source: readable, ...fields });
      if (readable.type === 'file') importedSources.remember(readable.path);
      return result;
    },
    'keys.update': ({ id, update }) => keys.updateKey(id, update),
    'keys.addUsedIn': ({ id, label }) => keys.addUsedIn(id, label),
    'keys.editUsedIn': ({ id, entryId, label }) => keys.editUsedIn(id, entryId, label),
    'keys.removeUsedIn': ({ id, entryId }) => keys.removeUsedIn(id, entryId),
    'keys.startReplacement': ({ id }) => keys.startReplacement(id),
    'keys.setReplacementKey': ({ id, newKeyId }) => keys.setReplacementKey(id, newKeyId),
    'keys.tickReplacementPlace': ({ id, placeId, done }) => keys.tickReplacementPlace(id, placeId, done),
    'keys.finishReplacement': ({ id }) => keys.finishReplacement(id),
    'keys.cancelReplacement': ({ id }) => keys.cancelReplacement(id),
    'keys.revoke': ({ id }) => keys.revokeKey(id),
    'keys.unrevoke': ({ id }) => keys.unrevokeKey(id),
    'keys.delete': ({ id, confirmKeyId }) => {
      keys.deleteKey(id, confirmKeyId);
      return null;
    },
    'keys.deleteSourceFile': async ({ fileId }, { sender }) => {
      await importedSources.delete(keyFiles.pathOf(fileId, sender));
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
      return picked.bundle === null ? null : { fileName: path.basename(picked.bundle), needsPassphrase: bundles.needsPassphrase(await bundles.readFile(picked.bundle)) };
    },
    'bundle.preview': async ({ passphrase }) => bundles.preview(await bundles.readFile(requirePicked('bundle')), passphrase),
    'bundle.import': async ({ passphrase }) => bundles.importAll(await bundles.readFile(requirePicked('bundle')), passphrase),
    'bundle.exportToRecipients': async ({ ids, recipients, metadata }) => {
      // Checked before the save dialog, so a mistyped recipient costs no dialog.
      parseBundleRecipients(recipients);
      const file = await dialogs.chooseSaveFile('Save the encrypted bundle', `asc-keys-${today()}.age`, 'age');
      if (file === null) return null;
      return bundles.writeForRecipients(ids, recipients, file, { metadata, overwrite: true });
    },
    'identity.recipient': async () => ({ recipient: await ageIdentity.recipient() }),
    'stray.folders': () => strayFolderList(),
    'stray.chooseFolder': async () => {
      const folder = await dialogs.chooseFolder('Choose a folder to scan for stray key copies');
      if (folder === null) return null;
      if (!strayFolders.includes(folder)) strayFolders.push(folder);
      return strayFolderList();
    },
    'stray.scan': ({ includeDefaults }) => {
      // The findings those files were opened from are gone with the last scan.
      strayImports.clear();
      return services.strays.scan([...(includeDefaults ? services.strayScanDefaults : []), ...strayFolders]);
    },
    'stray.trash': ({ ids }) => services.strays.trash(ids),
    'stray.openForImport': async ({ id }, { sender }) => {
      const file = keyFiles.grant(await services.strays.pathForImport(id), sender);
      strayImports.set(file.fileId, id);
      return file;
    },
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
    'downloads.watch': ({ watching }, { sender }) => {
      const started = downloads.set(watching, sender);
      // A file whose key is in the vault already is no offer.
      const known = vault.isUnlocked ? new Set(keys.listKeys('').map((key) => key.keyId)) : new Set<string>();
      return { ...started, recent: started.recent.filter((file) => !known.has(file.keyId)) };
    },
    'app.openApplePage': async ({ page }) => {
      await openExternal(APPLE_PAGES[page]);
      return null;
    },
    'settings.get': () => preferences.get(),
    'settings.update': (update) => preferences.update(update),
    'apple.check': ({ id }) => appleCheck.check(id),
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
