import type { Notify } from '../../src-shared/ipc/events';
import { AppleCheckService } from '../apple-check/apple-check-service';
import type { AppleFetch } from '../apple-check/apple-request';
import { ClipboardService, type ClipboardPort } from '../clipboard/clipboard-service';
import { DownloadsWatch } from '../keys/downloads-watch';
import { KeyFileGrants } from '../keys/key-file-grants';
import { KeyService } from '../keys/key-service';
import { PreferencesService, type PreferencesStorage } from '../settings/preferences-service';
import { SigningService } from '../signing/signing-service';
import { BundleService } from '../exports/bundle/bundle-service';
import { VaultAgeIdentity } from '../exports/bundle/vault-age-identity';
import { StrayCopiesService, type TrashItem } from '../scan/stray-copies-service';
import { ExportService } from '../exports/export-service';
import { WrittenExports, type ShowItemInFolder } from '../exports/written-exports';
import { BackupService } from '../vault/vault-backup';
import { RestoreService } from '../vault/vault-restore';
import type { KeychainPort } from '../vault/keychain';
import { Vault, type VaultOptions } from '../vault/vault';
import type { Dialogs, OpenExternal, Services } from './create-handlers';

/** The services over one vault that need no window: what the CLI uses, and the core of the app's. */
export interface VaultServices {
  vault: Vault;
  keys: KeyService;
  signing: SigningService;
  exports: ExportService;
  bundles: BundleService;
  ageIdentity: VaultAgeIdentity;
  backups: BackupService;
  restore: RestoreService;
}

export function createVaultServices(vault: Vault, options: { readClipboardText?: () => Promise<string>; kdfCost?: VaultOptions['kdfCost'] } = {}): VaultServices {
  const keys = new KeyService({ vault, ...(options.readClipboardText ? { readClipboardText: options.readClipboardText } : {}) });
  const ageIdentity = new VaultAgeIdentity(vault);
  return {
    vault,
    keys,
    signing: new SigningService({ vault, keys }),
    exports: new ExportService({ keys }),
    bundles: new BundleService({ keys, identity: ageIdentity }),
    ageIdentity,
    backups: new BackupService({ vault, keys }),
    restore: new RestoreService({ vault, keys, ...(options.kdfCost ? { kdfCost: options.kdfCost } : {}) }),
  };
}

export interface ServiceEnvironment {
  vaultFile: string;
  preferencesStorage: PreferencesStorage;
  clipboard: ClipboardPort;
  dialogs: Dialogs;
  /** The OS Downloads folder; the preference overrides it when set. */
  downloadsFolder: string;
  openExternal: OpenExternal;
  /** Shows an export main wrote in the system's file manager. */
  showItemInFolder: ShowItemInFolder;
  keychain: KeychainPort;
  notify: Notify;
  /** How checks with Apple reach the network: Electron's net.fetch in the app. */
  appleFetch: AppleFetch;
  /** Moves a file to the system trash (Electron: shell.trashItem); without it, stray copies are only reported. */
  trashItem?: TrashItem;
  /** The usual places stray key copies land (Downloads, Desktop, Documents), resolved by the shell. */
  strayScanDefaults?: string[];
  /** Tests set the clock the Downloads watch compares file times with. */
  now?: () => Date;
  /** Tests lower the KDF cost; the app uses the defaults. */
  kdfCost?: VaultOptions['kdfCost'];
  /** Where the newest generation of the vault is remembered (the app's data folder); tests keep it in memory. */
  seenGenerations?: VaultOptions['seenGenerations'];
}

/** The composition root shared by the Electron shell and the test harnesses. */
export function createServices(environment: ServiceEnvironment): Services {
  const vault = new Vault({
    path: environment.vaultFile,
    eventSource: 'app',
    ...(environment.kdfCost ? { kdfCost: environment.kdfCost } : {}),
    ...(environment.seenGenerations ? { seenGenerations: environment.seenGenerations } : {}),
  });
  const preferences = new PreferencesService(environment.preferencesStorage);
  const clipboard = new ClipboardService({ port: environment.clipboard, clearAfterSeconds: () => preferences.get().clipboardClearSeconds });
  const vaultServices = createVaultServices(vault, { readClipboardText: () => clipboard.readText(), ...(environment.kdfCost ? { kdfCost: environment.kdfCost } : {}) });
  const appleCheck = new AppleCheckService({ keys: vaultServices.keys, fetch: environment.appleFetch, isEnabled: () => preferences.get().appleCheckEnabled });
  const keyFiles = new KeyFileGrants();
  const downloads = new DownloadsWatch({ folder: () => preferences.get().downloadsFolder || environment.downloadsFolder, notify: environment.notify, grants: keyFiles, ...(environment.now ? { now: environment.now } : {}) });
  return {
    ...vaultServices,
    appleCheck,
    preferences,
    clipboard,
    dialogs: environment.dialogs,
    downloads,
    keyFiles,
    openExternal: environment.openExternal,
    keychain: environment.keychain,
    notify: environment.notify,
    strays: new StrayCopiesService({ keys: vaultServices.keys, ...(environment.trashItem ? { trashItem: environment.trashItem } : {}) }),
    strayScanDefaults: environment.strayScanDefaults ?? [],
    writtenExports: new WrittenExports(environment.showItemInFolder),
  };
}
