import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { AppError } from '../../src-shared/errors';
import type { AuditEvent, AuditEventPage, AuditEventType } from '../../src-shared/vault/audit-event';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { open, seal, type Sealed } from './aead';
import { checkKdfParams, DEFAULT_KDF_COST, deriveKeyEncryptionKey, isBelowCost, SALT_BYTES, type KdfCost, type KdfParams } from './kdf';
import { MIGRATIONS, VAULT_FORMAT_NAME, type Migration } from './schema';
import { UnlockThrottle } from './unlock-throttle';
import { createVaultFile, openVaultFile, upgradeVaultFile } from './vault-file';
import { QUICK_UNLOCKS_PER_PASSPHRASE, quickUnlockRefusal, type KeychainPort, type QuickUnlockState } from './keychain';
import Database from 'better-sqlite3';

/** Version of the record encryption (AAD layout, JSON envelope); part of every AAD. */
export const RECORD_FORMAT_VERSION = 1;
const VAULT_KEY_BYTES = 32;

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
}

interface Unlocked {
  db: Database.Database;
  vaultKey: Buffer;
  items: Map<string, ItemRecord>;
}

const aadFor = (table: 'items' | 'events', id: string) => `${table}:${id}:${RECORD_FORMAT_VERSION}`;
const WRAPPED_KEY_AAD = `meta:vault-key:${RECORD_FORMAT_VERSION}`;
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
  readonly path: string;

  constructor(options: VaultOptions) {
    this.path = options.path;
    this.now = options.now ?? (() => new Date());
    this.kdfCost = options.kdfCost ?? DEFAULT_KDF_COST;
    this.migrations = options.migrations ?? MIGRATIONS;
    this.throttle = new UnlockThrottle(() => this.now().getTime());
  }

  status(): VaultStatus {
    if (this.unlocked) return { state: 'unlocked', path: this.path, itemCount: this.unlocked.items.size, quickUnlock: hasKeychainCopy(this.unlocked.db) };
    if (!existsSync(this.path)) return { state: 'none', path: this.path, quickUnlock: false };
    return { state: 'locked', path: this.path, quickUnlock: peekKeychainCopy(this.path) };
  }

  get isUnlocked(): boolean {
    return this.unlocked !== null;
  }

  async create(passphrase: string): Promise<void> {
    checkNewPassphrase(passphrase);
    const vaultKey = randomBytes(VAULT_KEY_BYTES);
    const kdf = this.freshKdfParams();
    const kek = await deriveKeyEncryptionKey(passphrase, kdf);
    // Built beside the target and renamed in, so a crash never leaves a half-made vault at the path.
    const staging = `${this.path}.creating-${randomUUID()}`;
    try {
      const db = createVaultFile(staging);
      try {
        db.transaction(() => {
          db.prepare("INSERT INTO meta (key, value) VALUES ('format', ?)").run(VAULT_FORMAT_NAME);
          this.writeWrappedKey(db, kdf, kek, vaultKey);
          insertEvent(db, vaultKey, { id: randomUUID(), at: this.now().toISOString(), type: 'vault.created', summary: 'Vault created' });
        }).immediate();
      } finally {
        db.close();
      }
      if (existsSync(this.path)) throw new AppError('VAULT_EXISTS', 'A vault already exists here. Unlock it instead.');
      renameSync(staging, this.path);
    } finally {
      kek.fill(0);
      rmSync(staging, { force: true });
    }
    this.unlocked = { db: openVaultFile(this.path, this.migrations), vaultKey, items: new Map() };
    this.passphraseUsedThisRun = true;
  }

  /**
   * Checks the passphrase and every stored record before the first write (migrations included), so a
   * damaged vault or a wrong passphrase leaves the file byte for byte as it was.
   */
  async unlock(passphrase: string): Promise<void> {
    if (this.unlocked) return;
    this.throttle.check();
    const db = openVaultFile(this.path, this.migrations);
    let kek: Buffer | null = null;
    let strongerKek: Buffer | null = null;
    let vaultKey: Buffer | null = null;
    try {
      const { kdf, wrapped } = this.readKeyWrapping(db);
      kek = await deriveKeyEncryptionKey(passphrase, kdf);
      vaultKey = open(kek, fromStored(wrapped), WRAPPED_KEY_AAD);
      if (!vaultKey) throw this.wrongPassphrase('That passphrase does not unlock this vault. Check it and try again (passphrases are case-sensitive).');
      this.throttle.recordSuccess();
      const items = verifyRecords(db, vaultKey);
      const quickUnlock = readQuickUnlockState(db, vaultKey);
      // Stored KDF parameters below today's defaults: the same vault key is wrapped under stronger ones.
      const stronger = isBelowCost(kdf, this.kdfCost) ? this.freshKdfParams() : null;
      if (stronger) strongerKek = await deriveKeyEncryptionKey(passphrase, stronger);
      upgradeVaultFile(db, this.migrations);
      this.unlocked = { db, vaultKey, items };
      this.passphraseUsedThisRun = true;
      this.transaction((writer) => {
        if (stronger && strongerKek) this.writeWrappedKey(db, stronger, strongerKek, this.requireUnlocked().vaultKey);
        if (quickUnlock) this.writeQuickUnlockState({ ...quickUnlock, remaining: QUICK_UNLOCKS_PER_PASSPHRASE, passphraseRequired: false });
        writer.appendEvent({ type: 'vault.unlocked', summary: stronger ? 'Vault unlocked; its key was re-wrapped under stronger key-derivation settings' : 'Vault unlocked' });
      });
    } catch (error) {
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
   * and when the keychain copy does not open this vault.
   */
  async unlockWithKeychain(keychain: KeychainPort): Promise<void> {
    if (this.unlocked) return;
    const db = openVaultFile(this.path, this.migrations);
    let vaultKey: Buffer | null = null;
    try {
      const wrapped = metaValue(db, 'keychain_wrapped_key');
      const sealedState = metaValue(db, 'quick_unlock_state');
      if (wrapped === undefined || sealedState === undefined) {
        throw new AppError('PASSPHRASE_REQUIRED', 'Quick unlock is off for this vault. Unlock with your passphrase.');
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
      const items = verifyRecords(db, vaultKey);
      upgradeVaultFile(db, this.migrations);
      this.unlocked = { db, vaultKey, items };
      this.transaction((writer) => {
        this.writeQuickUnlockState({ ...state, remaining: state.remaining - 1 });
        writer.appendEvent({ type: 'vault.unlocked', summary: 'Vault unlocked with the system keychain' });
      });
    } catch (error) {
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

  /** Keeps a copy of the vault key in the OS keychain; refused where the keychain is plain text. */
  enableQuickUnlock(keychain: KeychainPort, passphraseAfterRestart: boolean): void {
    const { db, vaultKey } = this.requireUnlocked();
    const reason = keychain.unavailableReason();
    if (reason) throw new AppError('KEYCHAIN_UNAVAILABLE', `Quick unlock is not available here: ${reason}`);
    const wrapped = keychain.encrypt(vaultKey).toString('base64');
    this.transaction((writer) => {
      db.prepare("INSERT INTO meta (key, value) VALUES ('keychain_wrapped_key', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(wrapped);
      this.writeQuickUnlockState({ remaining: QUICK_UNLOCKS_PER_PASSPHRASE, passphraseAfterRestart, passphraseRequired: false });
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

  private writeQuickUnlockState(state: QuickUnlockState): void {
    const { db, vaultKey } = this.requireUnlocked();
    const sealed = JSON.stringify(toStored(seal(vaultKey, Buffer.from(JSON.stringify(state), 'utf8'), QUICK_UNLOCK_AAD)));
    db.prepare("INSERT INTO meta (key, value) VALUES ('quick_unlock_state', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(sealed);
  }

  /** Drops the vault key and every decrypted record, and releases the file. */
  lock(): void {
    if (!this.unlocked) return;
    this.unlocked.vaultKey.fill(0);
    this.unlocked.items.clear();
    this.unlocked.db.close();
    this.unlocked = null;
  }

  /**
   * One change at a time: a wrong current passphrase is counted only after the key derivation, so
   * changes running side by side would all pass the throttle's check before any was counted.
   */
  async changePassphrase(current: string, next: string): Promise<void> {
    const unlocked = this.requireUnlocked();
    checkNewPassphrase(next);
    if (this.passphraseChangeRunning) {
      throw new AppError('VAULT_BUSY', 'A passphrase change is already under way. Wait for it to finish, then try again.');
    }
    this.throttle.check();
    this.passphraseChangeRunning = true;
    try {
      await this.replacePassphrase(unlocked, current, next);
    } finally {
      this.passphraseChangeRunning = false;
    }
  }

  private async replacePassphrase(unlocked: Unlocked, current: string, next: string): Promise<void> {
    const { db, vaultKey } = unlocked;
    const { kdf, wrapped } = this.readKeyWrapping(db);
    const kek = await deriveKeyEncryptionKey(current, kdf);
    let opened: Buffer | null;
    try {
      this.requireStillUnlocked(unlocked);
      opened = open(kek, fromStored(wrapped), WRAPPED_KEY_AAD);
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
      this.transaction((writer) => {
        this.writeWrappedKey(db, fresh, nextKek, vaultKey);
        const quick = readQuickUnlockState(db, vaultKey);
        if (quick) this.writeQuickUnlockState({ ...quick, passphraseRequired: true });
        writer.appendEvent({ type: 'vault.passphrase-changed', summary: 'Passphrase changed' });
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
   * a few pages per step so the app stays responsive. The copy stays encrypted under the passphrase of
   * the moment; writes made meanwhile (through this, the only connection) are carried into it.
   */
  async backupTo(destination: string, options: { pagesPerStep?: number } = {}): Promise<void> {
    const { db } = this.requireUnlocked();
    const pagesPerStep = options.pagesPerStep ?? 100;
    await db.backup(destination, { progress: () => pagesPerStep });
  }

  /** Notes a finished backup: its time (encrypted, for the backup reminder and settings) and an audit event. */
  recordBackup(fileName: string): string {
    const { db, vaultKey } = this.requireUnlocked();
    const at = this.now().toISOString();
    const sealed = toStored(seal(vaultKey, Buffer.from(JSON.stringify({ at }), 'utf8'), LAST_BACKUP_AAD));
    this.transaction((writer) => {
      db.prepare("INSERT INTO meta (key, value) VALUES ('last_backup', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(sealed));
      writer.appendEvent({ type: 'vault.backed-up', summary: `Backed up the vault to ${fileName}` });
    });
    return at;
  }

  /** ISO 8601 time of the last backup recorded in this vault, or null if there has been none. */
  lastBackupAt(): string | null {
    const { db, vaultKey } = this.requireUnlocked();
    return readLastBackup(db, vaultKey);
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

  /** Runs `work` in one SQLite transaction; the in-memory cache follows only if it commits. */
  transaction<Result>(work: (writer: VaultWriter) => Result): Result {
    const { db, vaultKey, items } = this.requireUnlocked();
    const staged = new Map<string, ItemRecord | null>();
    const timestamp = () => this.now().toISOString();
    const writer: VaultWriter = {
      putItem: ({ id = randomUUID(), data, secret }) => {
        const existing = staged.get(id) ?? items.get(id);
        const record: ItemRecord = { id, createdAt: existing?.createdAt ?? timestamp(), updatedAt: timestamp(), data };
        const sealed = seal(vaultKey, Buffer.from(JSON.stringify({ data, secret } satisfies ItemPlaintext), 'utf8'), aadFor('items', id));
        db.prepare(
          'INSERT INTO items (id, created_at, updated_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, nonce = excluded.nonce, ciphertext = excluded.ciphertext',
        ).run(id, record.createdAt, record.updatedAt, sealed.nonce, sealed.ciphertext);
        staged.set(id, record);
        return record;
      },
      updateItemData: (id, data) => {
        const plaintext = this.readItemPlaintext(db, vaultKey, id);
        try {
          const { secret } = JSON.parse(plaintext.toString('utf8')) as ItemPlaintext;
          return writer.putItem({ id, data, secret });
        } finally {
          plaintext.fill(0);
        }
      },
      deleteItem: (id) => {
        db.prepare('DELETE FROM items WHERE id = ?').run(id);
        staged.set(id, null);
      },
      appendEvent: ({ type, summary, itemId }) => {
        insertEvent(db, vaultKey, { id: randomUUID(), at: timestamp(), type, summary, ...(itemId ? { itemId } : {}) });
      },
    };
    const result = db.transaction(() => work(writer)).immediate();
    for (const [id, record] of staged) {
      if (record) items.set(id, record);
      else items.delete(id);
    }
    return result;
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
  private requireStillUnlocked(unlocked: Unlocked): void {
    if (this.unlocked !== unlocked) {
      throw new AppError('VAULT_LOCKED', 'The vault was locked before the passphrase change finished. Nothing was changed; unlock it and try again.');
    }
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

  private writeWrappedKey(db: Database.Database, kdf: KdfParams, kek: Buffer, vaultKey: Buffer): void {
    const kdfText = JSON.stringify(kdf);
    const wrappedText = JSON.stringify(toStored(seal(kek, vaultKey, WRAPPED_KEY_AAD)));
    const upsert = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    upsert.run('kdf', kdfText);
    upsert.run('wrapped_vault_key', wrappedText);
    upsert.run('meta_checksum', metaChecksum(kdfText, wrappedText));
  }

  private readItemPlaintext(db: Database.Database, vaultKey: Buffer, id: string): Buffer {
    const row = db.prepare('SELECT nonce, ciphertext FROM items WHERE id = ?').get(id) as Sealed | undefined;
    if (!row) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
    const plaintext = open(vaultKey, row, aadFor('items', id));
    if (!plaintext) throw damaged(`record ${id}`);
    return plaintext;
  }
}

const eventName = (id: string) => `activity entry ${id}`;

function insertEvent(db: Database.Database, vaultKey: Buffer, event: AuditEvent): void {
  const sealed = seal(vaultKey, Buffer.from(JSON.stringify(event), 'utf8'), aadFor('events', event.id));
  db.prepare('INSERT INTO events (id, created_at, nonce, ciphertext) VALUES (?, ?, ?, ?)').run(event.id, event.at, sealed.nonce, sealed.ciphertext);
}

/**
 * Opens every sealed record once, before unlock writes anything: items (returned, as the in-memory
 * cache), audit events and the last-backup row; each unlock path reads the quick-unlock row itself.
 * Any that does not open is VAULT_DAMAGED, naming it.
 */
function verifyRecords(db: Database.Database, vaultKey: Buffer): Map<string, ItemRecord> {
  const items = new Map<string, ItemRecord>();
  const itemRows = db.prepare('SELECT id, created_at, updated_at, nonce, ciphertext FROM items ORDER BY created_at').iterate() as Iterable<
    Sealed & { id: string; created_at: string; updated_at: string }
  >;
  for (const row of itemRows) {
    const plaintext = open(vaultKey, row, aadFor('items', row.id));
    if (!plaintext) throw damaged(`record ${row.id}`);
    try {
      const { data } = JSON.parse(plaintext.toString('utf8')) as ItemPlaintext;
      items.set(row.id, { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, data });
    } catch {
      throw damaged(`record ${row.id}`);
    } finally {
      plaintext.fill(0);
    }
  }
  const eventRows = db.prepare('SELECT id, nonce, ciphertext FROM events').iterate() as Iterable<Sealed & { id: string }>;
  for (const row of eventRows) {
    if (!open(vaultKey, row, aadFor('events', row.id))) throw damaged(eventName(row.id));
  }
  readLastBackup(db, vaultKey);
  return items;
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
export function deleteKeychainCopy(db: Database.Database): number {
  return db.prepare(`DELETE FROM meta WHERE ${KEYCHAIN_ROWS}`).run(...KEYCHAIN_META_KEYS).changes;
}

/** Whether any row of the OS-keychain copy is in `db`, e.g. in a backup that must not carry it. */
export function holdsKeychainCopyRows(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM meta WHERE ${KEYCHAIN_ROWS} LIMIT 1`).get(...KEYCHAIN_META_KEYS) !== undefined;
}

/** Looks, without taking the vault's lock, whether a locked vault offers quick unlock. */
function peekKeychainCopy(path: string): boolean {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return hasKeychainCopy(db);
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}
