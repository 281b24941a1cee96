import { randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';
import type { AuditEvent, AuditEventSource, AuditEventType } from '../../src-shared/vault/audit-event';
import { open, seal, type Sealed } from './aead';
import { addShare, deriveManifestKeys, digestText, EMPTY_CHAIN, itemShare, metaDigest, nextLink, removeShare, wipeManifestKeys, type EventRow, type ItemRow, type ManifestKeys } from './manifest';
import { schemaVersion } from './schema';
import {
  aadFor,
  eventName,
  insertEvent,
  metaRows,
  QUICK_UNLOCK_AAD,
  readAgeIdentity,
  readLastBackup,
  readQuickUnlockState,
  toStored,
  upsertMeta,
  VAULT_KEY_BYTES,
  writeAgeIdentity,
  writeLastBackup,
  writeManifest,
  writeWrappedKey,
  type ItemPlaintext,
  type ItemRecord,
  type KeyWrapping,
  type ManifestState,
} from './vault-rows';
import { damaged } from './vault-errors';
import type { ItemEventIndex } from './item-event-index';
import { ItemPlaintextUnreadable, replaceItemData } from './item-plaintext';

export interface VaultWriter {
  putItem(item: { id?: string; data: unknown; secret: unknown }): ItemRecord;
  updateItemData(id: string, data: unknown): ItemRecord;
  deleteItem(id: string): void;
  appendEvent(event: { type: AuditEventType; summary: string; itemId?: string }): void;
}

/** The vault while unlocked: its open file, its keys, the decrypted metadata and the manifest's totals. */
export interface Unlocked {
  db: Database.Database;
  vaultKey: Buffer;
  manifestKeys: ManifestKeys;
  items: Map<string, ItemRecord>;
  itemEvents: ItemEventIndex;
  state: ManifestState;
}

/**
 * One transaction's changes to the manifest's totals, applied to the unlocked vault only once the
 * transaction commits. `rekey` moves every record to a new vault key inside the same transaction.
 */
export class PendingWrite {
  vaultKey: Buffer;
  private manifestKeys: ManifestKeys;
  private shares: Map<string, bigint>;
  private readonly changedShares = new Map<string, bigint | null>();
  private readonly changedItems = new Map<string, ItemRecord | null>();
  private readonly appendedEvents: Array<{ event: AuditEvent; position: number }> = [];
  private itemDigest: bigint;
  private eventCount: number;
  private eventHead: string;
  private generation: number;
  private rekeyed: { vaultKey: Buffer; manifestKeys: ManifestKeys } | null = null;
  readonly writer: VaultWriter;

  constructor(
    private readonly unlocked: Unlocked,
    timestamp: () => string,
    source?: AuditEventSource,
  ) {
    this.vaultKey = unlocked.vaultKey;
    this.manifestKeys = unlocked.manifestKeys;
    this.shares = unlocked.state.shares;
    this.itemDigest = unlocked.state.itemDigest;
    this.eventCount = unlocked.state.eventCount;
    this.eventHead = unlocked.state.eventHead;
    this.generation = unlocked.state.generation;
    const { db, items } = unlocked;
    const storeItemPlaintext = (id: string, data: unknown, plaintext: Buffer): ItemRecord => {
      const existing = this.changedItems.has(id) ? this.changedItems.get(id) : items.get(id);
      const record: ItemRecord = { id, createdAt: existing?.createdAt ?? timestamp(), updatedAt: timestamp(), data };
      this.storeItem({ id, created_at: record.createdAt, updated_at: record.updatedAt, ...seal(this.vaultKey, plaintext, aadFor('items', id)) });
      this.changedItems.set(id, record);
      return record;
    };
    this.writer = {
      putItem: ({ id = randomUUID(), data, secret }) => {
        const plaintext = Buffer.from(JSON.stringify({ data, secret } satisfies ItemPlaintext), 'utf8');
        try {
          return storeItemPlaintext(id, data, plaintext);
        } finally {
          plaintext.fill(0);
        }
      },
      updateItemData: (id, data) => {
        const row = db.prepare('SELECT nonce, ciphertext FROM items WHERE id = ?').get(id) as Sealed | undefined;
        if (!row) throw new AppError('NOT_FOUND', 'That key is no longer in the vault.');
        const plaintext = open(this.vaultKey, row, aadFor('items', id));
        if (!plaintext) throw damaged(`record ${id}`);
        let updated: Buffer | undefined;
        try {
          updated = replaceItemData(plaintext, data);
          return storeItemPlaintext(id, data, updated);
        } catch (error) {
          if (error instanceof ItemPlaintextUnreadable) throw damaged(`record ${id}`);
          throw error;
        } finally {
          updated?.fill(0);
          plaintext.fill(0);
        }
      },
      deleteItem: (id) => {
        if (db.prepare('DELETE FROM items WHERE id = ?').run(id).changes > 0) this.replaceShare(id, null);
        this.changedItems.set(id, null);
      },
      appendEvent: ({ type, summary, itemId }) => {
        const event: AuditEvent = { id: randomUUID(), at: timestamp(), type, summary, ...(itemId ? { itemId } : {}), ...(source ? { source } : {}) };
        this.appendEventRow(insertEvent(db, this.vaultKey, event));
        this.appendedEvents.push({ event, position: this.eventCount });
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
    const ageIdentity = readAgeIdentity(db, oldKey);
    if (ageIdentity !== null) {
      writeAgeIdentity(db, vaultKey, ageIdentity);
      ageIdentity.fill(0);
    }
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
    for (const { event, position } of this.appendedEvents) unlocked.itemEvents.record(event, position);
    Object.assign(unlocked.state, { generation: this.generation, itemDigest: this.itemDigest, eventCount: this.eventCount, eventHead: this.eventHead });
  }
}
