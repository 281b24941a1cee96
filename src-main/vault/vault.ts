import { randomBytes, randomUUID } from 'node:crypto';
import { ItemPlaintextUnreadable, readSecretField } from './item-plaintext';
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { AuditEvent, AuditEventFilter, AuditEventPage, AuditEventSource, AuditEventType } from '../../src-shared/vault/audit-event';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { open, seal, type Sealed } from './aead';
import { checkKdfParams, DEFAULT_KDF_COST, deriveKeyEncryptionKey, isBelowCost, measureCalibratedCost, SALT_BYTES, type KdfCost, type KdfParams } from './kdf';
import { deriveManifestKeys, newVaultId, wipeManifestKeys } from './manifest';
import { MIGRATIONS, migrate, schemaVersion, VAULT_FORMAT_NAME, type Migration } from './schema';
import type { SeenGenerations } from './seen-generations';
import { UnlockThrottle } from './unlock-throttle';
import { vaultCompanionFiles } from './owner-only';
import { createVaultFile, enterWriteAheadLog, openForWriting, openVaultForChecks, reopenForWriting } from './vault-file';
import { PendingWrite, type Unlocked, type VaultWriter } from './pending-write';
import {
  AGE_IDENTITY_BYTES,
  aadFor,
  checkContents,
  type Checked,
  deleteKeychainCopy,
  eventName,
  hasKeychainCopy,
  insertEvent,
  type ItemRecord,
  type KeyWrapping,
  MANIFEST_SCHEMA_VERSION,
  manifestFromScan,
  type ManifestState,
  metaChecksum,
  metaValue,
  openQuickUnlockState,
  openWrappedKey,
  QUICK_UNLOCK_AAD,
  readAgeIdentity,
  readLastBackup,
  readQuickUnlockState,
  scanRows,
  stateFromScan,
  type StoredSealed,
  toStored,
  upsertMeta,
  VAULT_KEY_BYTES,
  type VaultRecords,
  writeAgeIdentity,
  writeLastBackup,
  writeManifest,
  writeRecords,
  writeWrappedKey,
} from './vault-rows';
import { damaged } from './vault-errors';
import { QUICK_UNLOCKS_PER_PASSPHRASE, quickUnlockRefusal, type KeychainPort, type QuickUnlockState } from './keychain';

export { holdsKeychainCopyRows, RECORD_FORMAT_VERSION, type ItemRecord, type VaultRecords } from './vault-rows';
export type { VaultWriter } from './pending-write';

/** Remembered for a vault a restore replaced: higher than any generation it can have. */
const REPLACED_GENERATION = Number.MAX_SAFE_INTEGER;

export interface VaultOptions {
  path: string;
  now?: () => Date;
  /** The Argon2id cost of new key wrappings, and the least an unlocked vault is raised to; by default calibrated here (kdf.ts). */
  kdfCost?: KdfCost;
  /** The schema migrations; a test adds a later one to see when migrations may run. */
  migrations?: readonly Migration[];
  /** Where the newest generation of each vault is remembered; without it, an older copy is not noticed. */
  seenGenerations?: SeenGenerations;
  /** Recorded on every event this process writes, so the activity log tells the app from the CLI. */
  eventSource?: AuditEventSource;
}

export interface UnlockOptions {
  /** The user saw the warning that this file is older than the one last opened here, and opens it anyway. */
  allowOlder?: boolean;
}

/** What an unlock did besides unlocking, one sentence each (permissions tightened, the format upgraded). */
export interface UnlockReport {
  notices: string[];
}

/** The encrypted vault: one SQLite file, open only while unlocked. */
export class Vault {
  private unlocked: Unlocked | null = null;
  /** Whether the passphrase opened the vault since this process started (for "passphrase after restart"). */
  private passphraseUsedThisRun = false;
  private passphraseChangeRunning = false;
  private readonly throttle: UnlockThrottle;
  private readonly now: () => Date;
  private readonly kdfCost: KdfCost;
  /** Measured once, the first time a key is wrapped anew, when no cost was given. */
  private calibrated: Promise<KdfCost> | null;
  private readonly migrations: readonly Migration[];
  private readonly seenGenerations: SeenGenerations | null;
  private readonly eventSource: AuditEventSource | undefined;
  readonly path: string;

  constructor(options: VaultOptions) {
    this.path = options.path;
    this.now = options.now ?? (() => new Date());
    this.kdfCost = options.kdfCost ?? DEFAULT_KDF_COST;
    this.calibrated = options.kdfCost ? Promise.resolve(options.kdfCost) : null;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.seenGenerations = options.seenGenerations ?? null;
    this.eventSource = options.eventSource;
    this.throttle = new UnlockThrottle(() => this.now().getTime());
  }

  status(): VaultStatus {
    if (this.unlocked) return { state: 'unlocked', path: this.path, itemCount: this.unlocked.items.size, quickUnlock: hasKeychainCopy(this.unlocked.db) };
    if (!existsSync(this.path)) return { state: 'none', path: this.path, quickUnlock: false };
    return { state: 'locked', path: this.path, quickUnlock: this.peekKeychainCopy() };
  }

  get isUnlocked(): boolean {
    return this.unlocked !== null;
  }

  /**
   * Creates a vault, empty or holding `records` (a restore), in a file built beside the target and put
   * in place by `place` (by default: renamed in, refused if a vault is there), so a crash never leaves
   * a half-made vault at the path. Leaves it unlocked.
   */
  async create(passphrase: string, options: { records?: VaultRecords; place?: (built: string) => Promise<void> } = {}): Promise<void> {
    checkNewPassphrase(passphrase);
    const vaultKey = randomBytes(VAULT_KEY_BYTES);
    const kdf = await this.freshKdfParams();
    const kek = await deriveKeyEncryptionKey(passphrase, kdf);
    const manifestKeys = deriveManifestKeys(vaultKey);
    const staging = `${this.path}.creating-${randomUUID()}`;
    const vaultId = newVaultId();
    try {
      const db = createVaultFile(staging);
      try {
        db.transaction(() => {
          db.prepare("INSERT INTO meta (key, value) VALUES ('format', ?)").run(VAULT_FORMAT_NAME);
          writeWrappedKey(db, { kdf, kek }, vaultKey);
          if (options.records) writeRecords(db, vaultKey, options.records);
          else insertEvent(db, vaultKey, { id: randomUUID(), at: this.now().toISOString(), type: 'vault.created', summary: 'Vault created', ...(this.eventSource ? { source: this.eventSource } : {}) });
          writeManifest(db, manifestKeys, manifestFromScan(vaultId, 1, schemaVersion(db), scanRows(db, vaultKey, manifestKeys.mac)));
        }).immediate();
      } finally {
        db.close();
      }
      if (options.place) await options.place(staging);
      else {
        if (existsSync(this.path)) throw new AppError('VAULT_EXISTS', 'A vault already exists here. Unlock it instead.');
        renameSync(staging, this.path);
      }
    } catch (error) {
      vaultKey.fill(0);
      wipeManifestKeys(manifestKeys);
      throw error;
    } finally {
      kek.fill(0);
      for (const file of vaultCompanionFiles(staging)) rmSync(file, { force: true });
    }
    const { db } = openForWriting(this.path, this.migrations);
    const scan = scanRows(db, vaultKey, manifestKeys.mac);
    this.unlocked = { db, vaultKey, manifestKeys, items: scan.items, itemEvents: scan.itemEvents, state: stateFromScan(vaultId, 1, scan) };
    this.passphraseUsedThisRun = true;
    this.rememberGeneration();
  }

  /**
   * Checks the passphrase, the schema, every stored record and the manifest before the first write
   * (migrations included), so a damaged or tampered vault or a wrong passphrase leaves the file byte
   * for byte as it was. A vault older than the one last seen here is refused unless `allowOlder`.
   */
  async unlock(passphrase: string, options: UnlockOptions = {}): Promise<UnlockReport> {
    if (this.unlocked) return { notices: [] };
    this.throttle.check();
    const checking = openVaultForChecks(this.path, this.migrations);
    let db: Database.Database | null = null;
    let kek: Buffer | null = null;
    let strongerKek: Buffer | null = null;
    let vaultKey: Buffer | null = null;
    let checked: Checked | null = null;
    try {
      const { kdf, wrapped } = this.readKeyWrapping(checking);
      kek = await deriveKeyEncryptionKey(passphrase, kdf);
      const opened = openWrappedKey(kek, wrapped);
      if (!opened) throw this.wrongPassphrase('That passphrase does not unlock this vault. Check it and try again (passphrases are case-sensitive).');
      vaultKey = opened.vaultKey;
      this.throttle.recordSuccess();
      checked = checkContents(checking, vaultKey, opened.legacy);
      this.refuseOlder(checked.state, options);
      const quickUnlock = readQuickUnlockState(checking, vaultKey);
      // Stored KDF parameters below today's defaults: the vault key is wrapped under stronger ones.
      const stronger = isBelowCost(kdf, this.kdfCost) ? await this.freshKdfParams() : null;
      if (stronger) strongerKek = await deriveKeyEncryptionKey(passphrase, stronger);
      const wrapping: KeyWrapping = stronger && strongerKek ? { kdf: stronger, kek: strongerKek } : { kdf, kek };
      const reopened = reopenForWriting(this.path, checking, this.migrations);
      db = reopened.db;
      enterWriteAheadLog(db);
      this.unlocked = { db, vaultKey, ...checked };
      this.passphraseUsedThisRun = true;
      const notices = [...reopened.tightened];
      const writing = db;
      this.write((writer, pending) => {
        migrate(writing, this.migrations);
        if (opened.legacy) {
          // A version-1 vault: re-keyed, so that its old copies and the new file share no key.
          pending.rekey(wrapping);
          notices.push('The vault was upgraded to a format that authenticates the whole file, and its vault key was replaced.');
          if (deleteKeychainCopy(writing) > 0) notices.push('Quick unlock was turned off by the upgrade; turn it on again in Settings.');
        } else {
          if (stronger) writeWrappedKey(writing, wrapping, pending.vaultKey);
          if (quickUnlock) this.writeQuickUnlockState(pending.vaultKey, { ...quickUnlock, remaining: QUICK_UNLOCKS_PER_PASSPHRASE, passphraseRequired: false });
        }
        for (const notice of notices) writer.appendEvent({ type: 'vault.unlocked', summary: notice });
        writer.appendEvent({ type: 'vault.unlocked', summary: stronger ? 'Vault unlocked; its key was re-wrapped under stronger key-derivation settings' : 'Vault unlocked' });
      });
      return { notices };
    } catch (error) {
      if (!this.unlocked && checked) wipeManifestKeys(checked.manifestKeys);
      this.abandonUnlock([checking, db], vaultKey);
      throw error;
    } finally {
      kek?.fill(0);
      strongerKek?.fill(0);
    }
  }

  /**
   * Unlocks with the vault key kept in the OS keychain. Refuses, asking for the passphrase, after
   * five quick unlocks, after a passphrase change, after a restart when the user asked for that,
   * when the vault's format must first be upgraded, and when the keychain copy does not open this vault.
   */
  async unlockWithKeychain(keychain: KeychainPort, options: UnlockOptions = {}): Promise<UnlockReport> {
    if (this.unlocked) return { notices: [] };
    const checking = openVaultForChecks(this.path, this.migrations);
    let db: Database.Database | null = null;
    let vaultKey: Buffer | null = null;
    let checked: Checked | null = null;
    try {
      const wrapped = metaValue(checking, 'keychain_wrapped_key');
      const sealedState = metaValue(checking, 'quick_unlock_state');
      if (wrapped === undefined || sealedState === undefined) {
        throw new AppError('PASSPHRASE_REQUIRED', 'Quick unlock is off for this vault. Unlock with your passphrase.');
      }
      if (schemaVersion(checking) < MANIFEST_SCHEMA_VERSION) {
        throw new AppError('PASSPHRASE_REQUIRED', 'This vault’s format is upgraded on the next unlock, which needs the passphrase. Unlock with your passphrase once.');
      }
      try {
        vaultKey = keychain.decrypt(Buffer.from(wrapped, 'base64'));
      } catch {
        throw new AppError('PASSPHRASE_REQUIRED', 'The system keychain could not give back the vault key. Unlock with your passphrase.');
      }
      // Opening the quick-unlock record is also the check that the keychain copy is this vault's key.
      const state = vaultKey.length === VAULT_KEY_BYTES ? openQuickUnlockState(sealedState, vaultKey) : null;
      if (!state) throw new AppError('PASSPHRASE_REQUIRED', 'The keychain copy of the vault key does not open this vault. Unlock with your passphrase.');
      const refusal = quickUnlockRefusal(state, this.passphraseUsedThisRun);
      if (refusal) throw new AppError('PASSPHRASE_REQUIRED', `${refusal} Unlock with your passphrase.`);
      checked = checkContents(checking, vaultKey, false);
      this.refuseOlder(checked.state, options);
      const { db: writing, tightened } = reopenForWriting(this.path, checking, this.migrations);
      db = writing;
      enterWriteAheadLog(writing);
      this.unlocked = { db: writing, vaultKey, ...checked };
      this.write((writer, pending) => {
        migrate(writing, this.migrations);
        this.writeQuickUnlockState(pending.vaultKey, { ...state, remaining: state.remaining - 1 });
        for (const notice of tightened) writer.appendEvent({ type: 'vault.unlocked', summary: notice });
        writer.appendEvent({ type: 'vault.unlocked', summary: 'Vault unlocked with the system keychain' });
      });
      return { notices: tightened };
    } catch (error) {
      if (!this.unlocked && checked) wipeManifestKeys(checked.manifestKeys);
      this.abandonUnlock([checking, db], vaultKey);
      throw error;
    }
  }

  /** After a failed unlock: lock if it got as far as unlocked, otherwise drop the key and the connections it opened. */
  private abandonUnlock(connections: Array<Database.Database | null>, vaultKey: Buffer | null): void {
    if (this.unlocked) {
      this.lock();
      return;
    }
    vaultKey?.fill(0);
    for (const connection of connections) if (connection?.open) connection.close();
  }

  /** An older copy than this machine last saw (same vault id, lower generation) opens only when the user says so. */
  private refuseOlder(state: ManifestState, options: UnlockOptions): void {
    const lastSeen = this.seenGenerations?.lastSeen(state.vaultId) ?? null;
    if (lastSeen === null || state.generation >= lastSeen || options.allowOlder) return;
    const what =
      lastSeen === REPLACED_GENERATION
        ? 'This vault file is one a restore replaced on this computer (the file kept aside then, or a copy of it): keys added since the restore are not in it. ' +
          'If you put it back on purpose, open it anyway; otherwise open the restored vault.'
        : 'This vault file is an older copy than the one last opened on this computer: keys added or changes made since then may be missing. ' +
          'If you put back an old copy on purpose, open it anyway; otherwise find the newer file (a sync conflict copy, a backup) first.';
    throw new AppError('VAULT_ROLLED_BACK', `${what} Nothing was changed.`, { generation: state.generation, lastSeenGeneration: lastSeen });
  }

  /** The open vault's id, for a restore to mark the vault it replaces; null while locked. */
  get openVaultId(): string | null {
    return this.unlocked?.state.vaultId ?? null;
  }

  /**
   * A restore replaced the vault `vaultId`: from now on its file (kept aside as `.replaced-<time>`), put
   * back in place, is refused like an older copy, since the restored vault is a new one with a new id.
   */
  markReplaced(vaultId: string): void {
    if (!this.seenGenerations) return;
    try {
      this.seenGenerations.remember(vaultId, REPLACED_GENERATION);
      this.seenGenerations.flush();
    } catch {
      // As after a write: a full disk here only means the replaced file might later open unnoticed.
    }
  }

  /** Keeps a copy of the vault key in the OS keychain; refused where the keychain is plain text. */
  enableQuickUnlock(keychain: KeychainPort, passphraseAfterRestart: boolean): void {
    const { db, vaultKey } = this.requireUnlocked();
    const reason = keychain.unavailableReason();
    if (reason) throw new AppError('KEYCHAIN_UNAVAILABLE', `Quick unlock is not available here: ${reason}`);
    const wrapped = keychain.encrypt(vaultKey).toString('base64');
    this.transaction((writer) => {
      upsertMeta(db, 'keychain_wrapped_key', wrapped);
      this.writeQuickUnlockState(vaultKey, { remaining: QUICK_UNLOCKS_PER_PASSPHRASE, passphraseAfterRestart, passphraseRequired: false });
      writer.appendEvent({ type: 'vault.quick-unlock-changed', summary: 'Quick unlock with the system keychain turned on' });
    });
  }

  /** Deletes the keychain copy of the vault key from the vault file. */
  disableQuickUnlock(): void {
    const { db } = this.requireUnlocked();
    this.transaction((writer) => {
      if (deleteKeychainCopy(db) > 0) writer.appendEvent({ type: 'vault.quick-unlock-changed', summary: 'Quick unlock with the system keychain turned off' });
    });
  }

  private writeQuickUnlockState(vaultKey: Buffer, state: QuickUnlockState): void {
    const { db } = this.requireUnlocked();
    upsertMeta(db, 'quick_unlock_state', JSON.stringify(toStored(seal(vaultKey, Buffer.from(JSON.stringify(state), 'utf8'), QUICK_UNLOCK_AAD))));
  }

  /** Drops the vault key and every decrypted record, and releases the file. */
  lock(): void {
    if (!this.unlocked) return;
    try {
      this.seenGenerations?.flush();
    } catch {
      // As after a write: a full disk here only means an older copy might go unnoticed later.
    }
    this.unlocked.vaultKey.fill(0);
    wipeManifestKeys(this.unlocked.manifestKeys);
    this.unlocked.items.clear();
    this.unlocked.itemEvents.clear();
    this.unlocked.db.close();
    this.unlocked = null;
  }

  /**
   * One change at a time: a wrong current passphrase is counted only after the key derivation, so
   * changes running side by side would all pass the throttle's check before any was counted. The
   * vault is re-keyed: an old copy of the file and the old passphrase open nothing written after.
   * A keychain copy of the old key is replaced through `keychain`, or removed without one.
   */
  async changePassphrase(current: string, next: string, keychain?: KeychainPort): Promise<void> {
    const unlocked = this.requireUnlocked();
    checkNewPassphrase(next);
    if (this.passphraseChangeRunning) {
      throw new AppError('VAULT_BUSY', 'A passphrase change is already under way. Wait for it to finish, then try again.');
    }
    this.throttle.check();
    this.passphraseChangeRunning = true;
    try {
      await this.replacePassphrase(unlocked, current, next, keychain);
    } finally {
      this.passphraseChangeRunning = false;
    }
  }

  private async replacePassphrase(unlocked: Unlocked, current: string, next: string, keychain: KeychainPort | undefined): Promise<void> {
    const { db, vaultKey } = unlocked;
    const { kdf, wrapped } = this.readKeyWrapping(db);
    const kek = await deriveKeyEncryptionKey(current, kdf);
    let opened: Buffer | null;
    try {
      this.requireStillUnlocked(unlocked);
      opened = openWrappedKey(kek, wrapped)?.vaultKey ?? null;
    } finally {
      kek.fill(0);
    }
    // A wrong guess here counts like one at unlock, so an unlocked vault is no faster way to guess.
    if (!opened || !opened.equals(vaultKey)) {
      opened?.fill(0);
      throw this.wrongPassphrase('The current passphrase is not correct. Nothing was changed.');
    }
    opened.fill(0);
    this.throttle.recordSuccess();
    const fresh = await this.freshKdfParams();
    const nextKek = await deriveKeyEncryptionKey(next, fresh);
    try {
      this.requireStillUnlocked(unlocked);
      this.write((writer, pending) => {
        const quick = readQuickUnlockState(db, vaultKey);
        pending.rekey({ kdf: fresh, kek: nextKek });
        if (quick) {
          if (keychain && keychain.unavailableReason() === null) {
            upsertMeta(db, 'keychain_wrapped_key', keychain.encrypt(pending.vaultKey).toString('base64'));
            this.writeQuickUnlockState(pending.vaultKey, { ...quick, passphraseRequired: true });
          } else {
            deleteKeychainCopy(db);
            writer.appendEvent({ type: 'vault.quick-unlock-changed', summary: 'Quick unlock with the system keychain turned off: the vault key changed with the passphrase' });
          }
        } else {
          // A lone keychain row opens nothing, and could not after the re-key either.
          deleteKeychainCopy(db);
        }
        writer.appendEvent({ type: 'vault.passphrase-changed', summary: 'Passphrase changed; every record was re-encrypted under a new vault key' });
      });
    } finally {
      nextKek.fill(0);
    }
  }

  /** Newest first. A filter has to open every event (nothing about one is stored in clear), then pages what matched. */
  events(offset: number, limit: number, filter: AuditEventFilter = {}): AuditEventPage {
    const { db, vaultKey } = this.requireUnlocked();
    const decrypt = (row: { id: string; nonce: Buffer; ciphertext: Buffer }) => {
      const plaintext = open(vaultKey, row, aadFor('events', row.id));
      if (!plaintext) throw damaged(eventName(row.id));
      return JSON.parse(plaintext.toString('utf8')) as AuditEvent;
    };
    const query = filter.query?.trim().toLowerCase() ?? '';
    if (filter.type === undefined && filter.itemId === undefined && query === '') {
      const total = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
      const rows = db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq DESC LIMIT ? OFFSET ?').all(limit, offset) as Array<{ id: string; nonce: Buffer; ciphertext: Buffer }>;
      return { events: rows.map(decrypt), total };
    }
    const rows = db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq DESC').all() as Array<{ id: string; nonce: Buffer; ciphertext: Buffer }>;
    const matching = rows
      .map(decrypt)
      .filter((event) => (filter.type === undefined || event.type === filter.type) && (filter.itemId === undefined || event.itemId === filter.itemId) && (query === '' || event.summary.toLowerCase().includes(query)));
    return { events: matching.slice(offset, offset + limit), total: matching.length };
  }

  /**
   * Writes a consistent copy of the whole vault file to `destination` with SQLite's online backup API,
   * a few pages per step so the app stays responsive, then takes the OS-keychain copy of the vault key
   * out of it (it belongs to this machine and this file) and re-seals the copy's manifest to match.
   * The copy stays encrypted under the passphrase of the moment.
   */
  async backupTo(destination: string, options: { pagesPerStep?: number } = {}): Promise<void> {
    const unlocked = this.requireUnlocked();
    const pagesPerStep = options.pagesPerStep ?? 100;
    await unlocked.db.backup(destination, { progress: () => pagesPerStep });
    this.requireStillUnlocked(unlocked, 'The vault was locked before the backup finished. Nothing was kept; unlock it and try again.');
    const copy = new Database(destination, { fileMustExist: true });
    try {
      copy.pragma('secure_delete = ON');
      // Out of WAL, so no -wal/-shm appear beside the backup when it is opened later; the in-memory
      // journal keeps the pages that held the keychain copy out of any journal file in the user's folder.
      copy.pragma('journal_mode = MEMORY');
      copy.transaction(() => {
        deleteKeychainCopy(copy);
        const { vaultId, generation } = unlocked.state;
        writeManifest(copy, unlocked.manifestKeys, manifestFromScan(vaultId, generation, schemaVersion(copy), scanRows(copy, null, unlocked.manifestKeys.mac)));
      })();
    } finally {
      copy.close();
    }
  }

  /** Notes a finished backup: its time (encrypted, for the backup reminder and settings) and an audit event. */
  recordBackup(fileName: string): string {
    const { db, vaultKey } = this.requireUnlocked();
    const at = this.now().toISOString();
    this.transaction((writer) => {
      writeLastBackup(db, vaultKey, at);
      writer.appendEvent({ type: 'vault.backed-up', summary: `Backed up the vault to ${fileName}` });
    });
    return at;
  }

  /** ISO 8601 time of the last backup recorded in this vault, or null if there has been none. */
  lastBackupAt(): string | null {
    const { db, vaultKey } = this.requireUnlocked();
    return readLastBackup(db, vaultKey);
  }

  /** Every record in plaintext, to copy into a vault file this version creates (restore). The caller wipes the buffers. */
  readRecords(): VaultRecords {
    const { db, vaultKey, items } = this.requireUnlocked();
    const events = (db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq').all() as Array<Sealed & { id: string }>).map((row) => {
      const plaintext = open(vaultKey, row, aadFor('events', row.id));
      if (!plaintext) throw damaged(eventName(row.id));
      return JSON.parse(plaintext.toString('utf8')) as AuditEvent;
    });
    return {
      items: [...items.values()].map((item) => ({ id: item.id, createdAt: item.createdAt, updatedAt: item.updatedAt, plaintext: this.readItemPlaintext(db, vaultKey, item.id) })),
      events,
      lastBackupAt: readLastBackup(db, vaultKey),
      ageIdentity: readAgeIdentity(db, vaultKey),
    };
  }

  /**
   * The 32 secret bytes of the app's own age X25519 identity, which the caller wipes: made and stored
   * (sealed, in the manifest's care like every meta row) the first time anything needs it.
   */
  ageIdentitySecret(): Buffer {
    const { db, vaultKey } = this.requireUnlocked();
    const stored = readAgeIdentity(db, vaultKey);
    if (stored) return stored;
    const secret = randomBytes(AGE_IDENTITY_BYTES);
    this.transaction((writer) => {
      writeAgeIdentity(db, vaultKey, secret);
      writer.appendEvent({ type: 'vault.identity-created', summary: 'Made the vault’s age identity, for bundles teammates encrypt to it' });
    });
    return secret;
  }

  /**
   * For each item with any event of `types`, when the newest of them was written: from the index unlock builds
   * and every write keeps up to date, so this opens no event however long the activity log.
   */
  newestItemEvents(types: readonly AuditEventType[]): Map<string, string> {
    return this.requireUnlocked().itemEvents.newestOf(types);
  }

  listItems<Data>(): Array<ItemRecord<Data>> {
    return [...this.requireUnlocked().items.values()] as Array<ItemRecord<Data>>;
  }

  getItem<Data>(id: string): ItemRecord<Data> {
    const item = this.requireUnlocked().items.get(id);
    if (!item) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
    return item as ItemRecord<Data>;
  }

  /**
   * Decrypts one string field of an item's secret as bytes for the length of `use`, then wipes them and
   * the plaintext: no JS string of the secret is made (see item-plaintext.ts).
   */
  withSecretField<Result>(id: string, field: string, use: (bytes: Buffer) => Result): Result {
    const { db, vaultKey } = this.requireUnlocked();
    const plaintext = this.readItemPlaintext(db, vaultKey, id);
    let bytes: Buffer | undefined;
    try {
      bytes = readSecretField(plaintext, field);
      return use(bytes);
    } catch (error) {
      if (error instanceof ItemPlaintextUnreadable) throw damaged(`record ${id}`);
      throw error;
    } finally {
      bytes?.fill(0);
      plaintext.fill(0);
    }
  }

  /** Runs `work` in one SQLite transaction with the manifest re-sealed; the in-memory state follows only if it commits. */
  transaction<Result>(work: (writer: VaultWriter) => Result): Result {
    return this.write((writer) => work(writer));
  }

  /**
   * The one way rows are written: `work`'s rows, then the manifest (next generation, the items digest
   * and event chain brought up to date, the meta rows re-hashed), in the same transaction, so a crash
   * at any point leaves a vault whose manifest matches its rows. Remembers the new generation after it
   * commits.
   */
  private write<Result>(work: (writer: VaultWriter, pending: PendingWrite) => Result): Result {
    const unlocked = this.requireUnlocked();
    const pending = new PendingWrite(unlocked, () => this.now().toISOString(), this.eventSource);
    let result: Result;
    try {
      result = unlocked.db
        .transaction(() => {
          const value = work(pending.writer, pending);
          pending.sealManifest();
          return value;
        })
        .immediate();
    } catch (error) {
      pending.abandon();
      throw error;
    }
    pending.applyTo(unlocked);
    this.rememberGeneration();
    return result;
  }

  /** After each commit; an older copy the user chose to open is remembered as the newest from then on. */
  private rememberGeneration(): void {
    const unlocked = this.unlocked;
    if (!this.seenGenerations || !unlocked) return;
    const { vaultId, generation } = unlocked.state;
    try {
      this.seenGenerations.remember(vaultId, generation);
    } catch {
      // The write is committed; a full disk here only means an older copy might go unnoticed later.
    }
  }

  /** Counts a wrong passphrase; the refusal that starts a wait says how long, for the unlock screen's countdown. */
  private wrongPassphrase(message: string): AppError {
    const waitSeconds = this.throttle.recordFailure();
    if (waitSeconds === 0) return new AppError('WRONG_PASSPHRASE', message);
    return new AppError('WRONG_PASSPHRASE', `${message} Too many wrong passphrases: wait ${waitSeconds} s before trying again.`, { retryAfterSeconds: waitSeconds });
  }

  private async freshKdfParams(): Promise<KdfParams> {
    this.calibrated ??= measureCalibratedCost();
    return { name: 'argon2id', ...(await this.calibrated), salt: randomBytes(SALT_BYTES).toString('base64') };
  }

  private requireUnlocked(): Unlocked {
    if (!this.unlocked) throw new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it with your passphrase to continue.');
    return this.unlocked;
  }

  /** After an await: a lock meanwhile (auto-lock, say) zeroed the vault key that `unlocked` holds. */
  private requireStillUnlocked(unlocked: Unlocked, message = 'The vault was locked before the passphrase change finished. Nothing was changed; unlock it and try again.'): void {
    if (this.unlocked !== unlocked) throw new AppError('VAULT_LOCKED', message);
  }

  private readKeyWrapping(db: Database.Database): { kdf: KdfParams; wrapped: StoredSealed } {
    const rows = db.prepare("SELECT key, value FROM meta WHERE key IN ('kdf', 'wrapped_vault_key', 'meta_checksum')").all() as Array<{ key: string; value: string }>;
    const value = (key: string) => rows.find((row) => row.key === key)?.value;
    const kdfText = value('kdf');
    const wrappedText = value('wrapped_vault_key');
    if (kdfText === undefined || wrappedText === undefined || value('meta_checksum') !== metaChecksum(kdfText, wrappedText)) {
      throw damaged('the vault key record');
    }
    try {
      const wrapped = JSON.parse(wrappedText) as StoredSealed;
      if (typeof wrapped.nonce !== 'string' || typeof wrapped.ciphertext !== 'string') throw new Error('shape');
      return { kdf: checkKdfParams(JSON.parse(kdfText)), wrapped };
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw damaged('the vault key record');
    }
  }

  private readItemPlaintext(db: Database.Database, vaultKey: Buffer, id: string): Buffer {
    const row = db.prepare('SELECT nonce, ciphertext FROM items WHERE id = ?').get(id) as Sealed | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
    const plaintext = open(vaultKey, row, aadFor('items', id));
    if (!plaintext) throw damaged(`record ${id}`);
    return plaintext;
  }

  /** Looks, without taking the vault's lock, whether a locked vault offers quick unlock; only a file with our schema is read. */
  private peekKeychainCopy(): boolean {
    try {
      const db = openVaultForChecks(this.path, this.migrations);
      try {
        return hasKeychainCopy(db);
      } finally {
        db.close();
      }
    } catch {
      return false;
    }
  }
}
