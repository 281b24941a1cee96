import { createHash } from 'node:crypto';
import { readItemData } from './item-plaintext';
import type Database from 'better-sqlite3';
import type { AuditEvent } from '../../src-shared/vault/audit-event';
import { open, seal, type Sealed } from './aead';
import type { KdfParams } from './kdf';
import type { QuickUnlockState } from './keychain';
import {
  addShare,
  deriveManifestKeys,
  digestText,
  EMPTY_CHAIN,
  itemShare,
  legacyVaultId,
  manifestMismatch,
  metaDigest,
  nextLink,
  openManifest,
  sealManifest,
  wipeManifestKeys,
  type EventRow,
  type ItemRow,
  type ManifestKeys,
} from './manifest';
import { ItemEventIndex } from './item-event-index';
import { schemaVersion } from './schema';
import { damaged, tampered } from './vault-errors';

/**
 * The vault's rows as stored: how each is sealed and under which AAD, the meta rows, and the scan and
 * checks unlock runs over a whole file. Vault (vault.ts) and PendingWrite (pending-write.ts) build on it.
 */

/** Version of the record encryption (AAD layout, JSON envelope); part of every record's AAD. */
export const RECORD_FORMAT_VERSION = 1;
export const VAULT_KEY_BYTES = 32;
/** The first schema version with a manifest; older vaults are re-keyed into it on unlock. */
export const MANIFEST_SCHEMA_VERSION = 2;

/** A stored record: metadata kept in memory while unlocked, and a secret part read only on demand. */
export interface ItemRecord<Data = unknown> {
  id: string;
  createdAt: string;
  updatedAt: string;
  data: Data;
}

export interface ItemPlaintext {
  data: unknown;
  secret: unknown;
}

/** Every record of a vault in plaintext, to copy into a new vault file (restore); the caller wipes `plaintext`. */
export interface VaultRecords {
  items: Array<{ id: string; createdAt: string; updatedAt: string; plaintext: Buffer }>;
  events: AuditEvent[];
  lastBackupAt: string | null;
  /** The app's age identity, kept so that bundles addressed to it still open after a restore. */
  ageIdentity: Buffer | null;
}

/** The manifest's running totals, kept in memory while unlocked so that a write need not read every row. */
export interface ManifestState {
  vaultId: string;
  generation: number;
  shares: Map<string, bigint>;
  itemDigest: bigint;
  eventCount: number;
  eventHead: string;
}

export interface KeyWrapping {
  kdf: KdfParams;
  kek: Buffer;
}

export const aadFor = (table: 'items' | 'events', id: string) => `${table}:${id}:${RECORD_FORMAT_VERSION}`;
/** The vault key's wrapping names the format, so a file cannot pass for one from before the manifest. */
const WRAPPED_KEY_AAD = `meta:vault-key:${MANIFEST_SCHEMA_VERSION}`;
const LEGACY_WRAPPED_KEY_AAD = 'meta:vault-key:1';
/** The time of the last backup, sealed under the vault key in the meta row `last_backup`. */
const LAST_BACKUP_AAD = `meta:last-backup:${RECORD_FORMAT_VERSION}`;
export const QUICK_UNLOCK_AAD = `meta:quick-unlock:${RECORD_FORMAT_VERSION}`;
/** The app's own age X25519 identity (32 secret bytes), sealed under the vault key in the meta row `age_identity`. */
const AGE_IDENTITY_AAD = `meta:age-identity:${RECORD_FORMAT_VERSION}`;
export const AGE_IDENTITY_BYTES = 32;
/** The meta rows holding the OS-keychain copy of the vault key; a backup never carries them. */
const KEYCHAIN_META_KEYS = ['keychain_wrapped_key', 'quick_unlock_state'] as const;
const KEYCHAIN_ROWS = `key IN (${KEYCHAIN_META_KEYS.map(() => '?').join(', ')})`;

export interface StoredSealed {
  nonce: string;
  ciphertext: string;
}
export const toStored = (sealed: Sealed): StoredSealed => ({ nonce: sealed.nonce.toString('base64'), ciphertext: sealed.ciphertext.toString('base64') });
const fromStored = (stored: StoredSealed): Sealed => ({ nonce: Buffer.from(stored.nonce, 'base64'), ciphertext: Buffer.from(stored.ciphertext, 'base64') });


/**
 * A checksum over the key-wrapping rows tells accidental damage apart from a wrong passphrase.
 * It is no defence against deliberate tampering; the AEAD is.
 */
export function metaChecksum(kdf: string, wrappedKey: string): string {
  return createHash('sha256').update(kdf).update('\n').update(wrappedKey).digest('hex');
}

export const eventName = (id: string) => `activity entry ${id}`;

export function insertEvent(db: Database.Database, vaultKey: Buffer, event: AuditEvent): EventRow {
  const sealed = seal(vaultKey, Buffer.from(JSON.stringify(event), 'utf8'), aadFor('events', event.id));
  db.prepare('INSERT INTO events (id, created_at, nonce, ciphertext) VALUES (?, ?, ?, ?)').run(event.id, event.at, sealed.nonce, sealed.ciphertext);
  return { id: event.id, created_at: event.at, ...sealed };
}

/** A restore's records, sealed under the new vault's key with their ids, times and order kept. */
export function writeRecords(db: Database.Database, vaultKey: Buffer, records: VaultRecords): void {
  const insertItem = db.prepare('INSERT INTO items (id, created_at, updated_at, nonce, ciphertext) VALUES (?, ?, ?, ?, ?)');
  for (const item of records.items) {
    const sealed = seal(vaultKey, item.plaintext, aadFor('items', item.id));
    insertItem.run(item.id, item.createdAt, item.updatedAt, sealed.nonce, sealed.ciphertext);
  }
  for (const event of records.events) insertEvent(db, vaultKey, event);
  if (records.lastBackupAt !== null) writeLastBackup(db, vaultKey, records.lastBackupAt);
  if (records.ageIdentity !== null) writeAgeIdentity(db, vaultKey, records.ageIdentity);
}

export function openWrappedKey(kek: Buffer, wrapped: StoredSealed): { vaultKey: Buffer; legacy: boolean } | null {
  const sealed = fromStored(wrapped);
  const current = open(kek, sealed, WRAPPED_KEY_AAD);
  if (current) return { vaultKey: current, legacy: false };
  const legacy = open(kek, sealed, LEGACY_WRAPPED_KEY_AAD);
  return legacy ? { vaultKey: legacy, legacy: true } : null;
}

export function writeWrappedKey(db: Database.Database, { kdf, kek }: KeyWrapping, vaultKey: Buffer): void {
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
  /** Filled only when the events were opened (`vaultKey` given). */
  itemEvents: ItemEventIndex;
}

/**
 * Reads every row once: items and events are opened with `vaultKey` (when given; any that does not
 * open is VAULT_DAMAGED, naming it) and tallied for the manifest, events in the order they were written.
 */
export function scanRows(db: Database.Database, vaultKey: Buffer | null, macKey: Buffer): RowScan {
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
  const itemEvents = new ItemEventIndex();
  for (const row of db.prepare('SELECT seq, id, created_at, nonce, ciphertext FROM events ORDER BY seq').iterate() as Iterable<EventRow & { seq: number }>) {
    // Activity is only ever appended, so it is numbered 1, 2, 3…; a number set near the limit would stop every later write.
    if (row.seq !== eventCount + 1) throw tampered('its activity log was renumbered');
    eventHead = nextLink(macKey, eventHead, row);
    eventCount += 1;
    if (vaultKey) itemEvents.record(openEvent(vaultKey, row), eventCount);
  }
  if (vaultKey) {
    readLastBackup(db, vaultKey);
    readAgeIdentity(db, vaultKey)?.fill(0);
  }
  return { items, shares, itemDigest, eventCount, eventHead, meta: metaDigest(metaRows(db)), itemEvents };
}

function openEvent(vaultKey: Buffer, row: EventRow): AuditEvent {
  const plaintext = open(vaultKey, row, aadFor('events', row.id));
  if (!plaintext) throw damaged(eventName(row.id));
  try {
    const event = JSON.parse(plaintext.toString('utf8')) as AuditEvent | null;
    if (typeof event !== 'object' || event === null) throw new Error('shape');
    return event;
  } catch {
    throw damaged(eventName(row.id));
  } finally {
    plaintext.fill(0);
  }
}

function openItemRecord(vaultKey: Buffer, row: ItemRow): ItemRecord {
  const plaintext = open(vaultKey, row, aadFor('items', row.id));
  if (!plaintext) throw damaged(`record ${row.id}`);
  try {
    return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, data: readItemData(plaintext) };
  } catch {
    throw damaged(`record ${row.id}`);
  } finally {
    plaintext.fill(0);
  }
}

export function stateFromScan(vaultId: string, generation: number, scan: RowScan): ManifestState {
  return { vaultId, generation, shares: scan.shares, itemDigest: scan.itemDigest, eventCount: scan.eventCount, eventHead: scan.eventHead };
}

export function manifestFromScan(vaultId: string, generation: number, version: number, scan: RowScan) {
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
/** What an unlock's checks hand over: the decrypted metadata and the manifest's running totals. */
export interface Checked {
  items: Map<string, ItemRecord>;
  itemEvents: ItemEventIndex;
  manifestKeys: ManifestKeys;
  state: ManifestState;
}

export function checkContents(db: Database.Database, vaultKey: Buffer, legacy: boolean): Checked {
  const manifestKeys = deriveManifestKeys(vaultKey);
  try {
    const version = schemaVersion(db);
    const stored = metaValue(db, 'manifest');
    const scan = scanRows(db, vaultKey, manifestKeys.mac);
    if (legacy) {
      if (version >= MANIFEST_SCHEMA_VERSION || stored !== undefined) throw tampered('its vault key record was replaced with one from an older format');
      refuseChangedEventCounter(db, scan.eventCount);
      return { items: scan.items, itemEvents: scan.itemEvents, manifestKeys, state: stateFromScan(legacyVaultId(vaultKey), 0, scan) };
    }
    if (version < MANIFEST_SCHEMA_VERSION) throw tampered(`its format version was set back to ${version}`);
    if (stored === undefined) throw tampered('its manifest, the record of what it holds, was removed');
    const manifest = openManifest(manifestKeys, stored);
    if (!manifest) throw tampered('its manifest, the record of what it holds, does not open');
    const mismatch = manifestMismatch(manifest, { itemCount: scan.shares.size, itemDigest: scan.itemDigest, eventCount: scan.eventCount, eventHead: scan.eventHead, meta: scan.meta }, version);
    if (mismatch) throw tampered(mismatch);
    refuseChangedEventCounter(db, scan.eventCount);
    return { items: scan.items, itemEvents: scan.itemEvents, manifestKeys, state: stateFromScan(manifest.vaultId, manifest.generation, scan) };
  } catch (error) {
    wipeManifestKeys(manifestKeys);
    throw error;
  }
}

/** SQLite's counter for the next activity number: near its limit it would stop every later write, and nothing else covers it. */
function refuseChangedEventCounter(db: Database.Database, eventCount: number): void {
  const counter = (db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'events'").get() as { seq: number } | undefined)?.seq ?? 0;
  if (counter !== eventCount) throw tampered('the counter that numbers its activity log was changed');
}

export function writeManifest(db: Database.Database, keys: ManifestKeys, manifest: Parameters<typeof sealManifest>[1]): void {
  upsertMeta(db, 'manifest', sealManifest(keys, manifest));
}

/**
 * The meta rows the manifest covers: all but itself and the keychain's copy of the vault key, which the
 * OS keychain protects; a changed one only sends the user to the passphrase. The quick-unlock state
 * beside it is covered, so an older one cannot be put back to reset its count.
 */
export function metaRows(db: Database.Database): Array<{ key: string; value: string }> {
  return db.prepare("SELECT key, value FROM meta WHERE key NOT IN ('manifest', 'keychain_wrapped_key')").all() as Array<{ key: string; value: string }>;
}

export function upsertMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function readQuickUnlockState(db: Database.Database, vaultKey: Buffer): QuickUnlockState | null {
  const sealed = metaValue(db, 'quick_unlock_state');
  if (sealed === undefined) return null;
  const state = openQuickUnlockState(sealed, vaultKey);
  if (!state) throw damaged('the quick-unlock record');
  return state;
}

/** The sealed quick-unlock state, or null when `vaultKey` does not open it or it does not parse. */
export function openQuickUnlockState(sealed: string, vaultKey: Buffer): QuickUnlockState | null {
  try {
    const plaintext = open(vaultKey, fromStored(JSON.parse(sealed) as StoredSealed), QUICK_UNLOCK_AAD);
    return plaintext ? (JSON.parse(plaintext.toString('utf8')) as QuickUnlockState) : null;
  } catch {
    return null;
  }
}

export function writeLastBackup(db: Database.Database, vaultKey: Buffer, at: string): void {
  upsertMeta(db, 'last_backup', JSON.stringify(toStored(seal(vaultKey, Buffer.from(JSON.stringify({ at }), 'utf8'), LAST_BACKUP_AAD))));
}

export function readLastBackup(db: Database.Database, vaultKey: Buffer): string | null {
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

export function writeAgeIdentity(db: Database.Database, vaultKey: Buffer, secret: Buffer): void {
  upsertMeta(db, 'age_identity', JSON.stringify(toStored(seal(vaultKey, secret, AGE_IDENTITY_AAD))));
}

/** The identity's 32 secret bytes, which the caller wipes, or null when the vault has none yet. */
export function readAgeIdentity(db: Database.Database, vaultKey: Buffer): Buffer | null {
  const sealed = metaValue(db, 'age_identity');
  if (sealed === undefined) return null;
  let secret: Buffer | null;
  try {
    secret = open(vaultKey, fromStored(JSON.parse(sealed) as StoredSealed), AGE_IDENTITY_AAD);
  } catch {
    secret = null;
  }
  if (secret?.length !== AGE_IDENTITY_BYTES) {
    secret?.fill(0);
    throw damaged('the record of its age identity');
  }
  return secret;
}

export function metaValue(db: Database.Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Both rows: a keychain copy without its sealed state (planted, or half-removed) is no quick unlock. */
export function hasKeychainCopy(db: Database.Database): boolean {
  return metaValue(db, 'keychain_wrapped_key') !== undefined && metaValue(db, 'quick_unlock_state') !== undefined;
}

/** Deletes the OS-keychain copy of the vault key (both its rows); returns how many rows went. */
export function deleteKeychainCopy(db: Database.Database): number {
  return db.prepare(`DELETE FROM meta WHERE ${KEYCHAIN_ROWS}`).run(...KEYCHAIN_META_KEYS).changes;
}

/** Whether any row of the OS-keychain copy is in `db`, e.g. in a backup that must not carry it. */
export function holdsKeychainCopyRows(db: Database.Database): boolean {
  return db.prepare(`SELECT 1 FROM meta WHERE ${KEYCHAIN_ROWS} LIMIT 1`).get(...KEYCHAIN_META_KEYS) !== undefined;
}
