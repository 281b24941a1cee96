import { createHash, createHmac, hkdfSync, randomUUID } from 'node:crypto';
import { open, seal, type Sealed } from './aead';

/**
 * The manifest authenticates the vault file as a whole: which item rows exist and what each holds,
 * the activity log as a hash chain, every meta row, the schema version and a write generation. It is
 * sealed under a key derived from the vault key, so only someone who can open the vault can write one
 * that checks out. Pure: the vault reads and writes the rows.
 */
export interface Manifest {
  /** Stays the same for the life of the vault, across passphrase changes; names it outside the file. */
  vaultId: string;
  /** Every committed write adds one; remembered outside the file to notice an older copy. */
  generation: number;
  schemaVersion: number;
  items: { count: number; digest: string };
  events: { count: number; head: string };
  /** SHA-256 over every meta row but the manifest itself. */
  meta: string;
}

export interface ManifestKeys {
  seal: Buffer;
  mac: Buffer;
}

const MANIFEST_AAD = 'meta:manifest:2';
const DIGEST_MODULUS = 1n << 256n;

/** Two keys, apart from the record key (the vault key itself): one seals the manifest, one keys its hashes. */
export function deriveManifestKeys(vaultKey: Buffer): ManifestKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), info, 32));
  return { seal: derive('asc-key-vault manifest seal'), mac: derive('asc-key-vault manifest mac') };
}

export function wipeManifestKeys(keys: ManifestKeys): void {
  keys.seal.fill(0);
  keys.mac.fill(0);
}

/**
 * A vault from before the manifest (format 1) gets the id it would have been given: derived from its
 * vault key, so that an old copy of it is recognised after the migration re-keys the vault.
 */
export function legacyVaultId(vaultKey: Buffer): string {
  const bytes = Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), 'asc-key-vault legacy id', 16));
  return formatAsUuid(bytes);
}

export function newVaultId(): string {
  return randomUUID();
}

function formatAsUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface ItemRow extends Sealed {
  id: string;
  created_at: string;
  updated_at: string;
}

export interface EventRow extends Sealed {
  id: string;
  created_at: string;
}

/** Length-prefixed fields, so that no two different rows hash the same bytes; one allocation, as unlock does this per row. */
function fields(...parts: Array<string | Buffer>): Buffer {
  let total = 0;
  for (const part of parts) total += 4 + (typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.length);
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const part of parts) {
    const length = typeof part === 'string' ? out.write(part, offset + 4, 'utf8') : part.copy(out, offset + 4);
    out.writeUInt32BE(length, offset);
    offset += 4 + length;
  }
  return out;
}

/**
 * One item row's share of the items digest. The digest is the sum of the shares modulo 2^256 (an
 * additive set hash under a secret key, MSet-Add-Hash), so a write updates it without reading the
 * other rows, and no row can be dropped, added or replaced by an older copy without changing it.
 */
export function itemShare(macKey: Buffer, row: ItemRow): bigint {
  const mac = createHmac('sha256', macKey).update(fields('item', row.id, row.created_at, row.updated_at, row.nonce, gcmTag(row))).digest('hex');
  return BigInt(`0x${mac}`);
}

/**
 * A row is named by its nonce and GCM tag rather than its whole ciphertext: unlock opens every record,
 * and a ciphertext that is not the one its tag was made for does not open, so the tag stands for it.
 */
function gcmTag(row: Sealed): Buffer {
  return row.ciphertext.subarray(Math.max(0, row.ciphertext.length - GCM_TAG_BYTES));
}
const GCM_TAG_BYTES = 16;

export function addShare(digest: bigint, share: bigint): bigint {
  return (digest + share) % DIGEST_MODULUS;
}

export function removeShare(digest: bigint, share: bigint): bigint {
  return (digest - share + DIGEST_MODULUS) % DIGEST_MODULUS;
}

export const digestText = (digest: bigint) => digest.toString(16).padStart(64, '0');

/** The activity log as a hash chain: each entry's link covers the one before, so none can be cut, dropped or reordered. */
export const EMPTY_CHAIN = '0'.repeat(64);

export function nextLink(macKey: Buffer, head: string, row: EventRow): string {
  return createHmac('sha256', macKey).update(fields('event', head, row.id, row.created_at, row.nonce, gcmTag(row))).digest('hex');
}

export function metaDigest(rows: ReadonlyArray<{ key: string; value: string }>): string {
  const hash = createHash('sha256');
  for (const row of [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) hash.update(fields(row.key, row.value));
  return hash.digest('hex');
}

export function sealManifest(keys: ManifestKeys, manifest: Manifest): string {
  const sealed = seal(keys.seal, Buffer.from(JSON.stringify(manifest), 'utf8'), MANIFEST_AAD);
  return JSON.stringify({ nonce: sealed.nonce.toString('base64'), ciphertext: sealed.ciphertext.toString('base64') });
}

/** The manifest, or null when the keys do not open it or it is not one. */
export function openManifest(keys: ManifestKeys, stored: string): Manifest | null {
  try {
    const parsed = JSON.parse(stored) as { nonce: string; ciphertext: string };
    const plaintext = open(keys.seal, { nonce: Buffer.from(parsed.nonce, 'base64'), ciphertext: Buffer.from(parsed.ciphertext, 'base64') }, MANIFEST_AAD);
    if (!plaintext) return null;
    const manifest = JSON.parse(plaintext.toString('utf8')) as Manifest;
    const wellFormed =
      typeof manifest.vaultId === 'string' &&
      Number.isSafeInteger(manifest.generation) &&
      Number.isSafeInteger(manifest.schemaVersion) &&
      Number.isSafeInteger(manifest.items?.count) &&
      typeof manifest.items.digest === 'string' &&
      Number.isSafeInteger(manifest.events?.count) &&
      typeof manifest.events.head === 'string' &&
      typeof manifest.meta === 'string';
    return wellFormed ? manifest : null;
  } catch {
    return null;
  }
}

/** What the rows of a file add up to, to compare with its manifest. */
export interface RowTally {
  itemCount: number;
  itemDigest: bigint;
  eventCount: number;
  eventHead: string;
  meta: string;
}

const count = (n: number, one: string, many = `${one}s`) => (n === 1 ? `1 ${one} was` : `${n} ${many} were`);

/** Why the rows and the manifest disagree, in words for the user; null when they agree. */
export function manifestMismatch(manifest: Manifest, tally: RowTally, schemaVersion: number): string | null {
  if (manifest.schemaVersion !== schemaVersion) {
    return `its format version was changed (the file says ${schemaVersion}, its manifest ${manifest.schemaVersion})`;
  }
  if (tally.itemCount < manifest.items.count) return `${count(manifest.items.count - tally.itemCount, 'key record')} removed from it`;
  if (tally.itemCount > manifest.items.count) return `${count(tally.itemCount - manifest.items.count, 'key record')} added to it from outside the app`;
  if (digestText(tally.itemDigest) !== manifest.items.digest) return 'a key record was replaced with an older or foreign copy';
  if (tally.eventCount < manifest.events.count) return `${count(manifest.events.count - tally.eventCount, 'activity entry', 'activity entries')} removed from it`;
  if (tally.eventCount > manifest.events.count) return `${count(tally.eventCount - manifest.events.count, 'activity entry', 'activity entries')} added to it from outside the app`;
  if (tally.eventHead !== manifest.events.head) return 'its activity log was reordered or rewritten';
  if (tally.meta !== manifest.meta) return 'a settings record (backup time, quick unlock or key wrapping) was changed or replaced with an older copy';
  return null;
}
