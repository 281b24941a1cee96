import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { AuditEvent, AuditEventPage, AuditEventType } from '../../src-shared/vault/audit-event';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { open, seal, type Sealed } from './aead';
import { checkKdfParams, DEFAULT_KDF_COST, deriveKeyEncryptionKey, isBelowCost, SALT_BYTES, type KdfCost, type KdfParams } from './kdf';
import {
  addShare,
  deriveManifestKeys,
  digestText,
  EMPTY_CHAIN,
  itemShare,
  legacyVaultId,
  manifestMismatch,
  metaDigest,
  newVaultId,
  nextLink,
  openManifest,
  removeShare,
  sealManifest,
  wipeManifestKeys,
  type EventRow,
  type ItemRow,
  type ManifestKeys,
} from './manifest';
import { MIGRATIONS, migrate, schemaVersion, VAULT_FORMAT_NAME, type Migration } from './schema';
import type { SeenGenerations } from './seen-generations';
import { UnlockThrottle } from './unlock-throttle';
import { createVaultFile, enterWriteAheadLog, openCheckedSchema, openVaultFile } from './vault-file';
import { QUICK_UNLOCKS_PER_PASSPHRASE, quickUnlockRefusal, type KeychainPort, type QuickUnlockState } from './keychain';

/** Version of the record encryption (AAD layout, JSON envelope); part of every record's AAD. */
export const RECORD_FORMAT_VERSION = 1;
const VAULT_KEY_BYTES = 32;
/** The first schema version with a manifest; older vaults are re-keyed into it on unlock. */
const MANIFEST_SCHEMA_VERSION = 2;

/** A stored record: metadata kept in memory while unlocked, and a secret part read only on demand. */
export interface ItemRecord<Data = unknown> {
  id: string;
  createdAt: string;
  updatedAt: string;
  data: Data;
}

interface ItemPlaintext {
  data: unknown;
  secret: unknown;
}

export interface VaultWriter {
  putItem(item: { id?: string; data: unknown; secret: unknown }): ItemRecord;
  updateItemData(id: string, data: unknown): ItemRecord;
  deleteItem(id: string): void;
  appendEvent(event: { type: AuditEventType; summary: string; itemId?: string }): void;
}

export interface VaultOptions {
  path: string;
  now?: () => Date;
  kdfCost?: KdfCost;
  /** The schema migrations; a test adds a later one to see when migrations may run. */
  migrations?: readonly Migration[];
  /** Where the newest generation of each vault is remembered; without it, an older copy is not noticed. */
  seenGenerations?: SeenGenerations;
}

export interface UnlockOptions {
  /** The user saw the warning that this file is older than the one last opened here, and opens it anyway. */
  allowOlder?: boolean;
}

/** What an unlock did besides unlocking, one sentence each (permissions tightened, the format upgraded). */
export interface UnlockReport {
  notices: string[];
}

/** Every record of a vault in plaintext, to copy into a new vault file (restore); the caller wipes `plaintext`. */
export interface VaultRecords {
  items: Array<{ id: string; createdAt: string; updatedAt: string; plaintext: Buffer }>;
  events: AuditEvent[];
  lastBackupAt: string | null;
}

/** The manifest's running totals, kept in memory while unlocked so that a write need not read every row. */
interface ManifestState {
  vaultId: string;
  generation: number;
  shares: Map<string, bigint>;
  itemDigest: bigint;
  eventCount: number;
  eventHead: string;
}

interface Unlocked {
  db: Database.Database;
  vaultKey: Buffer;
  manifestKeys: ManifestKeys;
  items: Map<string, ItemRecord>;
  state: ManifestState;
}

interface KeyWrapping {
  kdf: KdfParams;
  kek: Buffer;
}

const aadFor = (table: 'items' | 'events', id: string) => `${table}:${id}:${RECORD_FORMAT_VERSION}`;
/** The vault key's wrapping names the format, so a file cannot pass for one from before the manifest. */
const WRAPPED_KEY_AAD = `meta:vault-key:${MANIFEST_SCHEMA_VERSION}`;
const LEGACY_WRAPPED_KEY_AAD = 'meta:vault-key:1';
/** The time of the last backup, sealed under the vault key in the meta row `last_backup`. */
const LAST_BACKUP_AAD = `meta:last-backup:${RECORD_FORMAT_VERSION}`;
const QUICK_UNLOCK_AAD = `meta:quick-unlock:${RECORD_FORMAT_VERSION}`;
/** The meta rows holding the OS-keychain copy of the vault key; a backup never carries them. */
const KEYCHAIN_META_KEYS = ['keychain_wrapped_key', 'quick_unlock_state'] as const;
const KEYCHAIN_ROWS = `key IN (${KEYCHAIN_META_KEYS.map(() => '?').join(', ')})`;

interface StoredSealed {
  nonce: string;
  ciphertext: string;
}
const toStored = (sealed: Sealed): StoredSealed => ({ nonce: sealed.nonce.toString('base64'), ciphertext: sealed.ciphertext.toString('base64') });
const fromStored = (stored: StoredSealed): Sealed => ({ nonce: Buffer.from(stored.nonce, 'base64'), ciphertext: Buffer.from(stored.ciphertext, 'base64') });

function damaged(what: string): AppError {
  return new AppError('VAULT_DAMAGED', `The vault is damaged: ${what} cannot be read. Nothing was changed; restore the vault from a backup.`);
}

function tampered(what: string): AppError {
  return new AppError('VAULT_DAMAGED', `The vault file was changed outside the app: ${what}. Nothing was changed; restore the vault from a backup.`);
}

/**
 * A checksum over the key-wrapping rows tells accidental damage apart from a wrong passphrase.
 * It is no defence against deliberate tampering; the AEAD is.
 */
function metaChecksum(kdf: string, wrappedKey: string): string {
  return createHash('sha256').update(kdf).update('\n').update(wrappedKey).digest('hex');
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
  private readonly migrations: readonly Migration[];
  private readonly seenGenerations: SeenGenerations | null;
  readonly path: string;

  constructor(options: VaultOptions) {
    this.path = options.path;
    this.now = options.now ?? (() => new Date());
    this.kdfCost = options.kdfCost ?? DEFAULT_KDF_COST;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.seenGenerations = options.seenGenerations ?? null;
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
    const kdf = this.freshKdfParams();
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
          else insertEvent(db, vaultKey, { id: randomUUID(), at: this.now().toISOString(), type: 'vault.created', summary: 'Vault created' });
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
      for (const file of [staging, `${staging}-wal`, `${staging}-shm`]) rmSync(file, { force: true });
    }
    const { db } = openVaultFile(this.path, this.migrations);
    const scan = scanRows(db, vaultKey, manifestKeys.mac);
    this.unlocked = { db, vaultKey, manifestKeys, items: scan.items, state: stateFromScan(vaultId, 1, scan) };
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
    const { db, tightened } = openVaultFile(this.path, this.migrations);
    let kek: Buffer | null = null;
    let strongerKek: Buffer | null = null;
    let vaultKey: Buffer | null = null;
    let checked: Checked | null = null;
    try {
      const { kdf, wrapped } = this.readKeyWrapping(db);
      kek = await deriveKeyEncryptionKey(passphrase, kdf);
      const opened = openWrappedKey(kek, wrapped);
      if (!opened) throw this.wrongPassphrase('That passphrase does not unlock this vault. Check it and try again (passphrases are case-sensitive).');
      vaultKey = opened.vaultKey;
      this.throttle.recordSuccess();
      checked = checkContents(db, vaultKey, opened.legacy);
      this.refuseOlder(checked.state, options);
      const quickUnlock = readQuickUnlockState(db, vaultKey);
      // Stored KDF parameters below today's defaults: the vault key is wrapped under stronger ones.
      const stronger = isBelowCost(kdf, this.kdfCost) ? this.freshKdfParams() : null;
      if (stronger) strongerKek = await deriveKeyEncryptionKey(passphrase, stronger);
      const wrapping: KeyWrapping = stronger && strongerKek ? { kdf: stronger, kek: strongerKek } : { kdf, kek };
      enterWriteAheadLog(db);
      this.unlocked = { db, vaultKey, ...checked };
      this.passphraseUsedThisRun = true;
      const notices = [...tightened];
      this.write((writer, pending) => {
        migrate(db, this.migrations);
        if (opened.legacy) {
          // A version-1 vault: re-keyed, so that its old copies and the new file share no key.
          pending.rekey(wrapping);
          notices.push('The vault was upgraded to a format that authenticates the whole file, and its vault key was replaced.');
          if (deleteKeychainCopy(db) > 0) notices.push('Quick unlock was turned off by the upgrade; turn it on again in Settings.');
        } else {
          if (stronger) writeWrappedKey(db, wrapping, pending.vaultKey);
          if (quickUnlock) this.writeQuickUnlockState(pending.vaultKey, { ...quickUnlock, remaining: QUICK_UNLOCKS_PER_PASSPHRASE, passphraseRequired: false });
        }
        for (const notice of notices) writer.appendEvent({ type: 'vault.unlocked', summary: notice });
        writer.appendEvent({ type: 'vault.unlocked', summary: stronger ? 'Vault unlocked; its key was re-wrapped under stronger key-derivation settings' : 'Vault unlocked' });
      });
      return { notices };
    } catch (error) {
      if (!this.unlocked && checked) wipeManifestKeys(checked.manifestKeys);
      this.abandonUnlock(db, vaultKey);
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
    const { db, tightened } = openVaultFile(this.path, this.migrations);
    let vaultKey: Buffer | null = null;
    let checked: Checked | null = null;
    try {
      const wrapped = metaValue(db, 'keychain_wrapped_key');
      const sealedState = metaValue(db, 'quick_unlock_state');
      if (wrapped === undefined || sealedState === undefined) {
        throw new AppError('PASSPHRASE_REQUIRED', 'Quick unlock is off for this vault. Unlock with your passphrase.');
      }
      if (schemaVersion(db) < MANIFEST_SCHEMA_VERSION) {
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
      checked = checkContents(db, vaultKey, false);
      this.refuseOlder(checked.state, options);
      enterWriteAheadLog(db);
      this.unlocked = { db, vaultKey, ...checked };
      this.write((writer, pending) => {
        migrate(db, this.migrations);
        this.writeQuickUnlockState(pending.vaultKey, { ...state, remaining: state.remaining - 1 });
        for (const notice of tightened) writer.appendEvent({ type: 'vault.unlocked', summary: notice });
        writer.appendEvent({ type: 'vault.unlocked', summary: 'Vault unlocked with the system keychain' });
      });
      return { notices: tightened };
    } catch (error) {
      if (!this.unlocked && checked) wipeManifestKeys(checked.manifestKeys);
      this.abandonUnlock(db, vaultKey);
      throw error;
    }
  }

  /** After a failed unlock: lock if it got as far as unlocked, otherwise drop the key and the file it opened. */
  private abandonUnlock(db: Database.Database, vaultKey: Buffer | null): void {
    if (this.unlocked) {
      this.lock();
      return;
    }
    vaultKey?.fill(0);
    db.close();
  }

  /** An older copy than this machine last saw (same vault id, lower generation) opens only when the user says so. */
  private refuseOlder(state: ManifestState, options: UnlockOptions): void {
    const lastSeen = this.seenGenerations?.lastSeen(state.vaultId) ?? null;
    if (lastSeen === null || state.generation >= lastSeen || options.allowOlder) return;
    throw new AppError(
      'VAULT_ROLLED_BACK',
      'This vault file is an older copy than the one last opened on this computer: keys added or changes made since then may be missing. ' +
        'If you put back an old copy on purpose, open it anyway; otherwise find the newer file (a sync conflict copy, a backup) first. Nothing was changed.',
      { generation: state.generation, lastSeenGeneration: lastSeen },
    );
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
    const fresh = this.freshKdfParams();
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
        }
        writer.appendEvent({ type: 'vault.passphrase-changed', summary: 'Passphrase changed; every record was re-encrypted under a new vault key' });
      });
    } finally {
      nextKek.fill(0);
    }
  }

  events(offset: number, limit: number): AuditEventPage {
    const { db, vaultKey } = this.requireUnlocked();
    const total = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const rows = db.prepare('SELECT id, nonce, ciphertext FROM events ORDER BY seq DESC LIMIT ? OFFSET ?').all(limit, offset) as Array<{ id: string; nonce: Buffer; ciphertext: Buffer }>;
    const events = rows.map((row) => {
      const plaintext = open(vaultKey, row, aadFor('events', row.id));
      if (!plaintext) throw damaged(eventName(row.id));
      return JSON.parse(plaintext.toString('utf8')) as AuditEvent;
    });
    return { events, total };
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
    };
  }

  listItems<Data>(): Array<ItemRecord<Data>> {
    return [...this.requireUnlocked().items.values()] as Array<ItemRecord<Data>>;
  }

  getItem<Data>(id: string): ItemRecord<Data> {
    const item = this.requireUnlocked().items.get(id);
    if (!item) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
    return item as ItemRecord<Data>;
  }

  /** Decrypts an item's secret for the length of `use`, then wipes the plaintext buffer. */
  withSecret<Secret, Result>(id: string, use: (secret: Secret) => Result): Result {
    const { db, vaultKey } = this.requireUnlocked();
    const plaintext = this.readItemPlaintext(db, vaultKey, id);
    try {
      return use((JSON.parse(plaintext.toString('utf8')) as ItemPlaintext).secret as Secret);
    } finally {
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
    const pending = new PendingWrite(unlocked, () => this.now().toISOString());
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

  private freshKdfParams(): KdfParams {
    return { name: 'argon2id', ...this.kdfCost, salt: randomBytes(SALT_BYTES).toString('base64') };
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
      const db = openCheckedSchema(this.path, this.migrations, { readonly: true });
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

/**
 * One transaction's changes to the manifest's totals, applied to the unlocked vault only once the
 * transaction commits. `rekey` moves every record to a new vault key inside the same transaction.
 */
class PendingWrite {
  vaultKey: Buffer;
  private manifestKeys: ManifestKeys;
  private shares: Map<string, bigint>;
  private readonly changedShares = new Map<string, bigint | null>();
  private readonly changedItems = new Map<string, ItemRecord | null>();
  private itemDigest: bigint;
  private eventCount: number;
  private eventHead: string;
  private generation: number;
  private rekeyed: { vaultKey: Buffer; manifestKeys: ManifestKeys } | null = null;
  readonly writer: VaultWriter;

  constructor(
    private readonly unlocked: Unlocked,
    timestamp: () => string,
  ) {
    this.vaultKey = unlocked.vaultKey;
    this.manifestKeys = unlocked.manifestKeys;
    this.shares = unlocked.state.shares;
    this.itemDigest = unlocked.state.itemDigest;
    this.eventCount = unlocked.state.eventCount;
    this.eventHead = unlocked.state.eventHead;
    this.generation = unlocked.state.generation;
    const { db, items } = unlocked;
    this.writer = {
      putItem: ({ id = randomUUID(), data, secret }) => {
        const existing = this.changedItems.has(id) ? this.changedItems.get(id) : items.get(id);
        const record: ItemRecord = { id, createdAt: existing?.createdAt ?? timestamp(), updatedAt: timestamp(), data };
        const plaintext = Buffer.from(JSON.stringify({ data, secret } satisfies ItemPlaintext), 'utf8');
        try {
          this.storeItem({ id, created_at: record.createdAt, updated_at: record.updatedAt, ...seal(this.vaultKey, plaintext, aadFor('items', id)) });
        } finally {
          plaintext.fill(0);
        }
        this.changedItems.set(id, record);
        return record;
      },
      updateItemData: (id, data) => {
        const row = db.prepare('SELECT nonce, ciphertext FROM items WHERE id = ?').get(id) as Sealed | undefined;
        if (!row) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
        const plaintext = open(this.vaultKey, row, aadFor('items', id));
        if (!plaintext) throw damaged(`record ${id}`);
        try {
          const { secret } = JSON.parse(plaintext.toString('utf8')) as ItemPlaintext;
          return this.writer.putItem({ id, data, secret });
        } finally {
          plaintext.fill(0);
        }
      },
      deleteItem: (id) => {
        if (db.prepare('DELETE FROM items WHERE id = ?').run(id).changes > 0) this.replaceShare(id, null);
        this.changedItems.set(id, null);
      },
      appendEvent: ({ type, summary, itemId }) => {
        this.appendEventRow(insertEvent(db, this.vaultKey, { id: randomUUID(), at: timestamp(), type, summary, ...(itemId ? { itemId } : {}) }));
      },
    };
  }

  private storeItem(row: ItemRow): void {
    this.unlocked.db
      .prepare(
        'INSERT INTO items (id, created_at, updated_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, nonce = excluded.nonce, ciphertext = excluded.ciphertext',
      )
      .run(row.id, row.created_at, row.updated_at, row.nonce, row.ciphertext);
    this.replaceShare(row.id, itemShare(this.manifestKeys.mac, row));
  }

  private replaceShare(id: string, share: bigint | null): void {
    const previous = this.changedShares.has(id) ? this.changedShares.get(id) : this.shares.get(id);
    if (previous !== undefined && previous !== null) this.itemDigest = removeShare(this.itemDigest, previous);
    if (share !== null) this.itemDigest = addShare(this.itemDigest, share);
    this.changedShares.set(id, share);
  }

  private appendEventRow(row: EventRow): void {
    this.eventHead = nextLink(this.manifestKeys.mac, this.eventHead, row);
    this.eventCount += 1;
  }

  /** Re-encrypts every record, the sealed meta rows and the manifest under a fresh vault key, wrapped by `wrapping`. */
  rekey(wrapping: KeyWrapping): void {
    const { db } = this.unlocked;
    const oldKey = this.vaultKey;
    const vaultKey = randomBytes(VAULT_KEY_BYTES);
    const manifestKeys = deriveManifestKeys(vaultKey);
    this.rekeyed = { vaultKey, manifestKeys };
    const reseal = (sealed: Sealed, aad: string, what: string): Sealed => {
      const plaintext = open(oldKey, sealed, aad);
      if (!plaintext) throw damaged(what);
      try {
        return seal(vaultKey, plaintext, aad);
      } finally {
        plaintext.fill(0);
      }
    };
    this.vaultKey = vaultKey;
    this.manifestKeys = manifestKeys;
    this.shares = new Map();
    this.changedShares.clear();
    this.itemDigest = 0n;
    const updateItem = db.prepare('UPDATE items SET nonce = ?, ciphertext = ? WHERE id = ?');
    for (const row of db.prepare('SELECT id, created_at, updated_at, nonce, ciphertext FROM items').all() as ItemRow[]) {
      const sealed = reseal(row, aadFor('items', row.id), `record ${row.id}`);
      updateItem.run(sealed.nonce, sealed.ciphertext, row.id);
      const share = itemShare(manifestKeys.mac, { ...row, ...sealed });
      this.shares.set(row.id, share);
      this.itemDigest = addShare(this.itemDigest, share);
    }
    this.eventCount = 0;
    this.eventHead = EMPTY_CHAIN;
    const updateEvent = db.prepare('UPDATE events SET nonce = ?, ciphertext = ? WHERE id = ?');
    for (const row of db.prepare('SELECT id, created_at, nonce, ciphertext FROM events ORDER BY seq').all() as EventRow[]) {
      const sealed = reseal(row, aadFor('events', row.id), eventName(row.id));
      updateEvent.run(sealed.nonce, sealed.ciphertext, row.id);
      this.appendEventRow({ ...row, ...sealed });
    }
    const lastBackup = readLastBackup(db, oldKey);
    if (lastBackup !== null) writeLastBackup(db, vaultKey, lastBackup);
    const quick = readQuickUnlockState(db, oldKey);
    if (quick) upsertMeta(db, 'quick_unlock_state', JSON.stringify(toStored(seal(vaultKey, Buffer.from(JSON.stringify(quick), 'utf8'), QUICK_UNLOCK_AAD))));
    writeWrappedKey(db, wrapping, vaultKey);
  }

  sealManifest(): void {
    const { db } = this.unlocked;
    this.generation += 1;
    writeManifest(db, this.manifestKeys, {
      vaultId: this.unlocked.state.vaultId,
      generation: this.generation,
      schemaVersion: schemaVersion(db),
      items: { count: this.itemCount(), digest: digestText(this.itemDigest) },
      events: { count: this.eventCount, head: this.eventHead },
      meta: metaDigest(metaRows(db)),
    });
  }

  private itemCount(): number {
    let count = this.shares.size;
    for (const [id, share] of this.changedShares) {
      const before = this.shares.has(id);
      if (share === null && before) count -= 1;
      else if (share !== null && !before) count += 1;
    }
    return count;
  }

  /** A transaction that did not commit: the fresh key of a re-key is wiped, nothing else changed. */
  abandon(): void {
    if (!this.rekeyed) return;
    this.rekeyed.vaultKey.fill(0);
    wipeManifestKeys(this.rekeyed.manifestKeys);
  }

  applyTo(unlocked: Unlocked): void {
    if (this.rekeyed) {
      unlocked.vaultKey.fill(0);
      wipeManifestKeys(unlocked.manifestKeys);
      unlocked.vaultKey = this.rekeyed.vaultKey;
      unlocked.manifestKeys = this.rekeyed.manifestKeys;
      unlocked.state.shares = this.shares;
    }
    for (const [id, share] of this.changedShares) {
      if (share === null) unlocked.state.shares.delete(id);
      else unlocked.state.shares.set(id, share);
    }
    for (const [id, record] of this.changedItems) {
      if (record) unlocked.items.set(id, record);
      else unlocked.items.delete(id);
    }
    Object.assign(unlocked.state, { generation: this.generation, itemDigest: this.itemDigest, eventCount: this.eventCount, eventHead: this.eventHead });
  }
}

const eventName = (id: string) => `activity entry ${id}`;

function insertEvent(db: Database.Database, vaultKey: Buffer, event: AuditEvent): EventRow {
  const sealed = seal(vaultKey, Buffer.from(JSON.stringify(event), 'utf8'), aadFor('events', event.id));
  db.prepare('INSERT INTO events (id, created_at, nonce, ciphertext) VALUES (?, ?, ?, ?)').run(event.id, event.at, sealed.nonce, sealed.ciphertext);
  return { id: event.id, created_at: event.at, ...sealed };
}

/** A restore's records, sealed under the new vault's key with their ids, times and order kept. */
function writeRecords(db: Database.Database, vaultKey: Buffer, records: VaultRecords): void {
  const insertItem = db.prepare('INSERT INTO items (id, created_at, updated_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)');
  for (const item of records.items) {
    const sealed = seal(vaultKey, item.plaintext, aadFor('items', item.id));
    insertItem.run(item.id, item.createdAt, item.updatedAt, sealed.nonce, sealed.ciphertext);
  }
  for (const event of records.events) insertEvent(db, vaultKey, event);
  if (records.lastBackupAt !== null) writeLastBackup(db, vaultKey, records.lastBackupAt);
}

function openWrappedKey(kek: Buffer, wrapped: StoredSealed): { vaultKey: Buffer; legacy: boolean } | null {
  const sealed = fromStored(wrapped);
  const current = open(kek, sealed, WRAPPED_KEY_AAD);
  if (current) return { vaultKey: current, legacy: false };
  const legacy = open(kek, sealed, LEGACY_WRAPPED_KEY_AAD);
  return legacy ? { vaultKey: legacy, legacy: true } : null;
}

function writeWrappedKey(db: Database.Database, { kdf, kek }: KeyWrapping, vaultKey: Buffer): void {
  const kdfText = JSON.stringify(kdf);
  const wrappedText = JSON.stringify(toStored(seal(kek, vaultKey, WRAPPED_KEY_AAD)));
  upsertMeta(db, 'kdf', kdfText);
  upsertMeta(db, 'wrapped_vault_key', wrappedText);
  upsertMeta(db, 'meta_checksum', metaChecksum(kdfText, wrappedText));
}

interface RowScan {
  items: Map<string, ItemRecord>;
  shares: Map<string, bigint>;
  itemDigest: bigint;
  eventCount: number;
  eventHead: string;
  meta: string;
}

/**
 * Reads every row once: items and events are opened with `vaultKey` (when given; any that does not
 * open is VAULT_DAMAGED, naming it) and tallied for the manifest, events in the order they were written.
 */
function scanRows(db: Database.Database, vaultKey: Buffer | null, macKey: Buffer): RowScan {
  const items = new Map<string, ItemRecord>();
  const shares = new Map<string, bigint>();
  let itemDigest = 0n;
  for (const row of db.prepare('SELECT id, created_at, updated_at, nonce, ciphertext FROM items ORDER BY created_at').iterate() as Iterable<ItemRow>) {
    if (vaultKey) items.set(row.id, openItemRecord(vaultKey, row));
    const share = itemShare(macKey, row);
    shares.set(row.id, share);
    itemDigest += share;
  }
  itemDigest = addShare(itemDigest, 0n); // one reduction for the whole sum
  let eventCount = 0;
  let eventHead = EMPTY_CHAIN;
  for (const row of db.prepare('SELECT id, created_at, nonce, ciphertext FROM events ORDER BY seq').iterate() as Iterable<EventRow>) {
    if (vaultKey) {
      const plaintext = open(vaultKey, row, aadFor('events', row.id));
      if (!plaintext) throw damaged(eventName(row.id));
      plaintext.fill(0);
    }
    eventHead = nextLink(macKey, eventHead, row);
    eventCount += 1;
  }
  if (vaultKey) readLastBackup(db, vaultKey);
  return { items, shares, itemDigest, eventCount, eventHead, meta: metaDigest(metaRows(db)) };
}

function openItemRecord(vaultKey: Buffer, row: ItemRow): ItemRecord {
  const plaintext = open(vaultKey, row, aadFor('items', row.id));
  if (!plaintext) throw damaged(`record ${row.id}`);
  try {
    const { data } = JSON.parse(plaintext.toString('utf8')) as ItemPlaintext;
    return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, data };
  } catch {
    throw damaged(`record ${row.id}`);
  } finally {
    plaintext.fill(0);
  }
}

function stateFromScan(vaultId: string, generation: number, scan: RowScan): ManifestState {
  return { vaultId, generation, shares: scan.shares, itemDigest: scan.itemDigest, eventCount: scan.eventCount, eventHead: scan.eventHead };
}

function manifestFromScan(vaultId: string, generation: number, version: number, scan: RowScan) {
  return {
    vaultId,
    generation,
    schemaVersion: version,
    items: { count: scan.shares.size, digest: digestText(scan.itemDigest) },
    events: { count: scan.eventCount, head: scan.eventHead },
    meta: scan.meta,
  };
}

/**
 * Opens every sealed record and checks the file against its manifest, before unlock writes anything.
 * A vault from before the manifest (`legacy`, its key wrapped under the old AAD) must look like one:
 * schema version 1 and no manifest row; it is then given the id an old copy of it will be known by.
 */
type Checked = Pick<Unlocked, 'items' | 'manifestKeys' | 'state'>;

function checkContents(db: Database.Database, vaultKey: Buffer, legacy: boolean): Checked {
  const manifestKeys = deriveManifestKeys(vaultKey);
  try {
    const version = schemaVersion(db);
    const stored = metaValue(db, 'manifest');
    const scan = scanRows(db, vaultKey, manifestKeys.mac);
    if (legacy) {
      if (version >= MANIFEST_SCHEMA_VERSION || stored !== undefined) throw tampered('its vault key record was replaced with one from an older format');
      return { items: scan.items, manifestKeys, state: stateFromScan(legacyVaultId(vaultKey), 0, scan) };
    }
    if (version < MANIFEST_SCHEMA_VERSION) throw tampered(`its format version was set back to ${version}`);
    if (stored === undefined) throw tampered('its manifest, the record of what it holds, was removed');
    const manifest = openManifest(manifestKeys, stored);
    if (!manifest) throw tampered('its manifest, the record of what it holds, does not open');
    const mismatch = manifestMismatch(manifest, { itemCount: scan.shares.size, itemDigest: scan.itemDigest, eventCount: scan.eventCount, eventHead: scan.eventHead, meta: scan.meta }, version);
    if (mismatch) throw tampered(mismatch);
    return { items: scan.items, manifestKeys, state: stateFromScan(manifest.vaultId, manifest.generation, scan) };
  } catch (error) {
    wipeManifestKeys(manifestKeys);
    throw error;
  }
}

function writeManifest(db: Database.Database, keys: ManifestKeys, manifest: Parameters<typeof sealManifest>[1]): void {
  upsertMeta(db, 'manifest', sealManifest(keys, manifest));
}

/**
 * The meta rows the manifest covers: all but itself and the keychain's copy of the vault key, which the
 * OS keychain protects; a changed one only sends the user to the passphrase. The quick-unlock state
 * beside it is covered, so an older one cannot be put back to reset its count.
 */
function metaRows(db: Database.Database): Array<{ key: string; value: string }> {
  return db.prepare("SELECT key, value FROM meta WHERE key NOT IN ('manifest', 'keychain_wrapped_key')").all() as Array<{ key: string; value: string }>;
}

function upsertMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

function readQuickUnlockState(db: Database.Database, vaultKey: Buffer): QuickUnlockState | null {
  const sealed = metaValue(db, 'quick_unlock_state');
  if (sealed === undefined) return null;
  const state = openQuickUnlockState(sealed, vaultKey);
  if (!state) throw damaged('the quick-unlock record');
  return state;
}

/** The sealed quick-unlock state, or null when `vaultKey` does not open it or it does not parse. */
function openQuickUnlockState(sealed: string, vaultKey: Buffer): QuickUnlockState | null {
  try {
    const plaintext = open(vaultKey, fromStored(JSON.parse(sealed) as StoredSealed), QUICK_UNLOCK_AAD);
    return plaintext ? (JSON.parse(plaintext.toString('utf8')) as QuickUnlockState) : null;
  } catch {
    return null;
  }
}

function writeLastBackup(db: Database.Database, vaultKey: Buffer, at: string): void {
  upsertMeta(db, 'last_backup', JSON.stringify(toStored(seal(vaultKey, Buffer.from(JSON.stringify({ at }), 'utf8'), LAST_BACKUP_AAD))));
}

function readLastBackup(db: Database.Database, vaultKey: Buffer): string | null {
  const sealed = metaValue(db, 'last_backup');
  if (sealed === undefined) return null;
  try {
    const plaintext = open(vaultKey, fromStored(JSON.parse(sealed) as StoredSealed), LAST_BACKUP_AAD);
    if (!plaintext) throw new Error('unreadable');
    const { at } = JSON.parse(plaintext.toString('utf8')) as { at: unknown };
    if (typeof at !== 'string') throw new Error('shape');
    return at;
  } catch {
    throw damaged('the last backup record');
  }
}

function metaValue(db: Database.Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

function hasKeychainCopy(db: Database.Database): boolean {
  return metaValue(db, 'keychain_wrapped_key') !== undefined;
}

/** Deletes the OS-keychain copy of the vault key (both its rows); returns how many rows went. */
function deleteKeychainCopy(db: Database.Database): number {
  return db.prepare(`DELETE FROM meta WHERE ${KEYCHAIN_ROWS}`).run(...KEYCHAIN_META_KEYS).changes;
}

/** Whether any row of the OS-keychain copy is in `db`, e.g. in a backup that must not carry it. */
export function holdsKeychainCopyRows(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM meta WHERE ${KEYCHAIN_ROWS} LIMIT 1`).get(...KEYCHAIN_META_KEYS) !== undefined;
}

