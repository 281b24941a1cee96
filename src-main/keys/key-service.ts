import { randomUUID, type KeyObject } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeAppleCheck, type KeyAppleCheck } from '../../src-shared/apple-check/apple-check';
import { AppError } from '../../src-shared/errors';
import { exportTargetLabel } from '../../src-shared/exports/export-targets';
import {
  checkKeyIdentity,
  normalizeBundleId,
  normalizeIssuerId,
  parseKeyFileName,
  trimPasted,
} from '../../src-shared/keys/identifiers';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, KEY_KINDS, type KeyKind } from '../../src-shared/keys/key-kind';
import { keyMatcher } from '../../src-shared/keys/key-search';
import {
  KEY_ENVIRONMENTS,
  type KeyEnvironment,
  type KeyExportEntry,
  type KeyImportRequest,
  type KeyImportResult,
  type KeyImportSource,
  type KeyInspection,
  type KeySourceFormat,
  type KeySummary,
  type KeyUpdate,
} from '../../src-shared/keys/key-record';
import { describeReplacement, replacementPlaces, StoredReplacementSchema, type StoredReplacement } from '../../src-shared/keys/replacement';
import { MAX_USED_IN_ENTRIES, MAX_USED_IN_LABEL, type KeyUsedInEntry } from '../../src-shared/keys/used-in';
import type { AuditEventType } from '../../src-shared/vault/audit-event';
import type { ItemRecord, Vault } from '../vault/vault';
import { damaged } from '../vault/vault-errors';
import { decodeBase64Bytes } from './base64-bytes';
import { loadStoredSigningKey } from './stored-signing-key';
import { parseP8, type KeyTextOrigin } from './parse-p8';
import { repairPastedKey } from './repair-pasted-key';
import { checkReplacementKey, placeForExport, replacementNotStarted, replacementUnfinished } from './key-replacement';

// The same limit parseP8 applies; checked here on the file's size so a wrongly picked large file is never read.
export const MAX_KEY_FILE_BYTES = 64 * 1024;

const KEY_RECORD_TYPE = 'app-store-connect-key';
/** What counts as using a key, for the list's "Recently used": a token signed with it, or an export of it. */
const KEY_USE_EVENTS: readonly AuditEventType[] = ['token.issued', 'key.exported'];
const PICK_THE_DOWNLOAD = 'Pick the .p8 file downloaded from App Store Connect (AuthKey_….p8 or SubscriptionKey_….p8).';
const ISSUER_ID_EXAMPLE = '57246542-96fe-1a63-e053-0824d011072a';

export type ReadKeyFile = (filePath: string) => Promise<Uint8Array> | Uint8Array;

export interface KeyServiceOptions {
  vault: Vault;
  /** Defaults to readKeyFile: the size is checked from the file's metadata before anything is read. */
  readFile?: ReadKeyFile;
  /** Main's clipboard; without it, pasted imports are refused. */
  readClipboardText?: () => Promise<string> | string;
  now?: () => Date;
}

/** What the vault holds in memory while unlocked: everything shown about a key, nothing secret. */
export interface StoredKeyData {
  recordType: typeof KEY_RECORD_TYPE;
  kind: KeyKind;
  name: string;
  keyId: string;
  issuerId?: string;
  bundleIds: string[];
  originalFileName: string;
  publicKeyPem: string;
  fingerprint: string;
  notes: string;
  tags: string[];
  environment?: KeyEnvironment;
  revoked: boolean;
  revokedAt?: string;
  sourceFormat: KeySourceFormat;
  exports: KeyExportEntry[];
  /** Absent on records written before hand-added entries were kept. */
  usedIn?: KeyUsedInEntry[];
  appleCheck?: KeyAppleCheck;
  /** While the key is being replaced. */
  replacement?: StoredReplacement;
}

/** Decrypted only on demand, one field at a time, inside Vault.withSecretField. */
interface StoredKeySecret {
  /** Base64 of the bytes exactly as imported, so exports can write Apple's file back unchanged. */
  original: string;
  pkcs8Pem: string;
}

type KeyRecord = ItemRecord<StoredKeyData>;

/** A key main hands over as bytes (from a bundle or a backup) instead of a path. Main process only. */
export interface KeyBytesImport extends Omit<KeyImportRequest, 'source'> {
  bytes: Uint8Array;
  /** The name of the file the bytes were; it gives the kind and Key ID exactly as a picked file's name does. */
  fileName?: string;
  /** Whether the bytes were a file or pasted text, for the advice in a refusal; defaults to a file. */
  origin?: KeyTextOrigin;
  /** Keeps a key's revoked mark when it moves between vaults. */
  revoked?: boolean;
  /** ISO 8601; defaults to now for a revoked key. */
  revokedAt?: string;
  /** Hand-added "where used" entries; `addedAt` defaults to now. Each gets a new id. */
  usedIn?: Array<{ label: string; addedAt?: string }>;
}

export interface KeyBatchOptions {
  /** Skip and report keys already in the vault (same public key) instead of refusing the batch. */
  skipDuplicates?: boolean;
  /** Ends each "Added …" audit summary, e.g. "from an encrypted bundle". */
  origin?: string;
}

export interface KeyBatchDuplicate {
  /** Position in the batch. */
  index: number;
  keyId: string;
  name: string;
  /** The stored key it duplicates. */
  existing: KeySummary;
}

export interface KeyBatchResult {
  imported: KeyImportResult[];
  duplicates: KeyBatchDuplicate[];
}

/** What an import of these bytes would store, without storing it. */
export interface KeyBytesCheck {
  kind: KeyKind;
  keyId: string;
  name: string;
  fingerprint: string;
  sourceFormat: KeySourceFormat;
  duplicateOf?: KeySummary;
}

interface PreparedImport {
  data: StoredKeyData;
  secret: StoredKeySecret;
  bytes: Uint8Array;
  pkcs8Pem: string;
}

type KeyMatch = { type: 'new' } | { type: 'stored'; record: KeyRecord } | { type: 'batch'; index: number };
type EditableField = 'name' | 'notes' | 'tags' | 'bundleIds' | 'issuerId' | 'environment';

const EDITABLE_FIELD_LABELS: Record<EditableField, string> = {
  name: 'name',
  notes: 'notes',
  tags: 'tags',
  bundleIds: 'bundle IDs',
  issuerId: 'Issuer ID',
  environment: 'environment',
};

const collator = new Intl.Collator('en', { sensitivity: 'accent', numeric: true });

/** Imports, lists, edits and removes App Store Connect keys in the vault; the only place key records are shaped. */
export class KeyService {
  private readonly vault: Vault;
  private readonly readFile: ReadKeyFile;
  private readonly readClipboardText: (() => Promise<string> | string) | undefined;
  private readonly now: () => Date;

  constructor(options: KeyServiceOptions) {
    this.vault = options.vault;
    this.readFile = options.readFile ?? readKeyFile;
    this.readClipboardText = options.readClipboardText;
    this.now = options.now ?? (() => new Date());
  }

  /** Checks everything first, then stores the key and its audit event in one transaction, verified before it commits. */
  async importKey(request: KeyImportRequest): Promise<KeyImportResult> {
    this.keyRecords(); // A locked vault is reported before the file is read.
    const { bytes, fileName, origin } = await this.readSource(request.source);
    // Field by field, so nothing beyond the request's own fields (such as a revoked mark) comes along.
    const { kind, keyId, issuerId, bundleIds, name, notes, tags, environment, replaces } = request;
    return this.importFromBytes({ bytes, fileName, origin, kind, keyId, issuerId, bundleIds, name, notes, tags, environment, replaces });
  }

  /**
   * Main process only (bundles, backups): imports a key handed over as bytes, through the same checks
   * as a file import. Refuses a key already in the vault with DUPLICATE_KEY.
   */
  importFromBytes(input: KeyBytesImport): KeyImportResult {
    this.keyRecords();
    // A job finished or stopped elsewhere (the CLI) while guided setup ran must not cost the user the new key.
    const toReplace = input.replaces === undefined ? undefined : this.keyRecords().find((record) => record.id === input.replaces);
    const replacing = toReplace?.data.replacement === undefined ? undefined : toReplace;
    const prepared = this.prepareImport(input);
    if (replacing) checkReplacementKey(replacing.data, prepared.data);
    // Synchronous from here to the commit, so no other call can add the same key in between.
    const match = this.matchStoredKey(prepared.data, []);
    if (match.type === 'stored') throw duplicateKey(match.record.data);
    const [result] = this.commitImports([prepared], undefined, replacing);
    if (!result) throw new Error('import committed nothing');
    if (input.replaces === undefined || replacing) return result;
    const why = toReplace ? `"${toReplace.data.name}" is no longer being replaced (the job was finished or stopped elsewhere)` : 'the key it was to replace is no longer in the vault';
    return { ...result, notices: [...result.notices, `This key was added on its own: ${why}.`] };
  }

  /**
   * Main process only: imports several keys in ONE vault transaction, all or nothing. Every key is
   * checked as a file import is; the first refusal refuses the batch, naming the key. Keys already in
   * the vault (same public key), or twice in the batch, are skipped and reported when `skipDuplicates`.
   */
  importBatch(inputs: KeyBytesImport[], options: KeyBatchOptions = {}): KeyBatchResult {
    this.keyRecords();
    const accepted: Array<{ index: number; prepared: PreparedImport }> = [];
    const skipped: Array<{ index: number; keyId: string; name: string; stored?: KeyRecord; batchIndex?: number }> = [];
    inputs.forEach((input, index) => {
      const prepared = withKeyContext(index, inputs.length, input, () => this.prepareImport(input));
      const match = withKeyContext(index, inputs.length, input, () =>
        this.matchStoredKey(
          prepared.data,
          accepted.map((entry) => entry.prepared.data),
        ),
      );
      if (match.type === 'new') {
        accepted.push({ index, prepared });
        return;
      }
      if (!options.skipDuplicates) {
        const refusal = match.type === 'stored' ? duplicateKey(match.record.data) : duplicateInBatch(prepared.data);
        withKeyContext(index, inputs.length, input, () => {
          throw refusal;
        });
      }
      const { keyId, name } = prepared.data;
      skipped.push(match.type === 'stored' ? { index, keyId, name, stored: match.record } : { index, keyId, name, batchIndex: match.index });
    });
    const imported = this.commitImports(
      accepted.map((entry) => entry.prepared),
      options.origin,
    );
    const duplicates = skipped.map(({ index, keyId, name, stored, batchIndex }): KeyBatchDuplicate => {
      const existing = stored ? toSummary(stored) : imported[batchIndex ?? -1]?.key;
      if (!existing) throw new Error('duplicate without its original');
      return { index, keyId, name, existing };
    });
    return { imported, duplicates };
  }

  /**
   * Main process only: checks a key handed over as bytes without storing it (bundle and backup
   * previews). Throws what an import would throw, except that a key already stored is reported.
   */
  checkBytesImport(input: KeyBytesImport): KeyBytesCheck {
    this.keyRecords();
    const { data } = this.prepareImport(input);
    const match = this.matchStoredKey(data, []);
    return {
      kind: data.kind,
      keyId: data.keyId,
      name: data.name,
      fingerprint: data.fingerprint,
      sourceFormat: data.sourceFormat,
      ...(match.type === 'stored' ? { duplicateOf: toSummary(match.record) } : {}),
    };
  }

  /** Every check of an import, in order; nothing is stored. */
  private prepareImport(input: KeyBytesImport): PreparedImport {
    const { bytes, fileName } = input;
    const parsed = parseP8(bytes, input.origin);
    const { kind, keyId } = checkKeyIdentity({ fileName, chosenKind: checkKind(input.kind), typedKeyId: input.keyId });
    const issuerId = settleIssuerId(kind, input.issuerId);
    const environment = checkEnvironment(input.environment);
    const revoked = input.revoked === true;
    const data: StoredKeyData = {
      recordType: KEY_RECORD_TYPE,
      kind,
      name: settleName(input.name, kind, keyId),
      keyId,
      ...(issuerId === undefined ? {} : { issuerId }),
      bundleIds: normalizeBundleIds(input.bundleIds ?? []),
      originalFileName: fileName ?? appleFileName(kind, keyId),
      publicKeyPem: parsed.publicKeyPem,
      fingerprint: parsed.fingerprint,
      notes: (input.notes ?? '').trim(),
      tags: normalizeTags(input.tags ?? []),
      ...(environment === undefined ? {} : { environment }),
      revoked,
      ...(revoked ? { revokedAt: checkTimestamp(input.revokedAt) ?? this.now().toISOString() } : {}),
      sourceFormat: parsed.sourceFormat,
      exports: [],
      usedIn: this.settleUsedIn(input.usedIn ?? []),
    };
    const secret: StoredKeySecret = { original: Buffer.from(bytes).toString('base64'), pkcs8Pem: parsed.pkcs8Pem };
    return { data, secret, bytes, pkcs8Pem: parsed.pkcs8Pem };
  }

  /** Stores the keys and their audit events in one transaction, each read back before it commits. */
  private commitImports(prepared: PreparedImport[], origin?: string, replacing?: KeyRecord): KeyImportResult[] {
    if (prepared.length === 0) return [];
    const stored = this.vault.transaction((writer) =>
      prepared.map(({ data, secret, bytes, pkcs8Pem }) => {
        const item = writer.putItem({ data, secret }) as KeyRecord;
        const from = origin === undefined ? '' : ` ${origin}`;
        writer.appendEvent({ type: 'key.added', summary: `Added ${KEY_KIND_LABELS[data.kind]} ${describeKey(data)}${from}`, itemId: item.id });
        this.verifyStoredSecret(item.id, bytes, pkcs8Pem);
        if (replacing?.data.replacement) {
          writer.updateItemData(replacing.id, { ...replacing.data, replacement: { ...replacing.data.replacement, newKeyId: item.id } });
          writer.appendEvent({ type: 'key.replacement', summary: `Added ${describeKey(data)} to replace ${describeKey(replacing.data)}`, itemId: replacing.id });
        }
        return item;
      }),
    );
    return stored.map((item) => ({ key: toSummary(item), notices: importNotices(item.data) }));
  }

  /**
   * Checks a file or pasted key without storing it, so the form can show problems and prefill the
   * kind and Key ID from the file name before the user fills in the rest.
   */
  async inspectKey(source: KeyImportSource): Promise<KeyInspection> {
    const records = this.keyRecords();
    const { bytes, fileName, origin } = await this.readSource(source);
    const parsed = parseP8(bytes, origin);
    const fromName = fileName === undefined ? null : parseKeyFileName(fileName);
    const duplicate = records.find((record) => record.data.fingerprint === parsed.fingerprint);
    return {
      ...(fileName === undefined ? {} : { fileName }),
      ...(fromName ? { fileKind: fromName.kind, fileKeyId: fromName.keyId } : {}),
      fingerprint: parsed.fingerprint,
      sourceFormat: parsed.sourceFormat,
      ...(duplicate ? { duplicateOf: toSummary(duplicate) } : {}),
    };
  }

  /** Active keys before revoked ones, then by name and Key ID; every whitespace-separated term of `query` must match. */
  listKeys(query = ''): KeySummary[] {
    const matches = keyMatcher(query);
    return this.keyRecords()
      .filter((record) => matches(record.data))
      .sort(compareKeys)
      .map(toSummary);
  }

  /** As listKeys, each key with when it was last used (its newest token or export in the activity log), which the app's key list sorts by. */
  listKeysWithLastUse(query = ''): KeySummary[] {
    const keys = this.listKeys(query);
    const lastUses = keys.length > 0 ? this.vault.newestItemEvents(KEY_USE_EVENTS) : new Map<string, string>();
    return keys.map((key) => {
      const lastUsedAt = lastUses.get(key.id);
      return lastUsedAt === undefined ? key : { ...key, lastUsedAt };
    });
  }

  getKey(id: string): KeySummary {
    return toSummary(this.requireKey(id));
  }

  updateKey(id: string, update: KeyUpdate): KeySummary {
    const record = this.requireKey(id);
    const current = record.data;
    const next: StoredKeyData = { ...current };
    if (update.name !== undefined) next.name = settleName(update.name, current.kind, current.keyId);
    if (update.notes !== undefined) next.notes = update.notes.trim();
    if (update.tags !== undefined) next.tags = normalizeTags(update.tags);
    if (update.bundleIds !== undefined) next.bundleIds = normalizeBundleIds(update.bundleIds);
    if (update.issuerId !== undefined) {
      const issuerId = settleIssuerId(current.kind, update.issuerId);
      if (issuerId !== undefined) next.issuerId = issuerId;
    }
    if (update.environment === null) delete next.environment;
    else if (update.environment !== undefined) next.environment = checkEnvironment(update.environment);

    const changed = (Object.keys(EDITABLE_FIELD_LABELS) as EditableField[]).filter(
      (field) => JSON.stringify(current[field]) !== JSON.stringify(next[field]),
    );
    if (changed.length === 0) return toSummary(record);
    const fields = changed.map((field) => EDITABLE_FIELD_LABELS[field]).join(', ');
    return this.writeKeyData(id, next, { type: 'key.edited', summary: `Edited ${describeKey(next)}: ${fields}` });
  }

  /** Marks a key as revoked in App Store Connect; it stays in the vault for reference. */
  revokeKey(id: string): KeySummary {
    const record = this.requireKey(id);
    if (record.data.revoked) return toSummary(record);
    const next: StoredKeyData = { ...record.data, revoked: true, revokedAt: this.now().toISOString() };
    return this.writeKeyData(id, next, { type: 'key.revoked', summary: `Marked ${describeKey(next)} as revoked` });
  }

  unrevokeKey(id: string): KeySummary {
    const record = this.requireKey(id);
    if (!record.data.revoked) return toSummary(record);
    const next: StoredKeyData = { ...record.data, revoked: false };
    delete next.revokedAt;
    return this.writeKeyData(id, next, { type: 'key.unrevoked', summary: `Marked ${describeKey(next)} as active again` });
  }

  /** Deletes for good, once the user has typed the key's Key ID. */
  deleteKey(id: string, confirmKeyId: string): void {
    const { data } = this.requireKey(id);
    if (confirmKeyId.trim().toUpperCase() !== data.keyId) {
      throw new AppError(
        'CONFIRMATION_MISMATCH',
        `To delete "${data.name}", type its Key ID, ${data.keyId}. Nothing was deleted. ` +
          'Deleting cannot be undone, and Apple lets you download a key only once.',
      );
    }
    const replacedByIt = this.keyRecords().filter((record) => record.data.replacement?.newKeyId === id);
    this.vault.transaction((writer) => {
      writer.deleteItem(id);
      writer.appendEvent({ type: 'key.deleted', summary: `Deleted ${describeKey(data)}`, itemId: id });
      // A replacement whose new key is gone goes back to waiting for one; what was ticked off stays ticked.
      for (const record of replacedByIt) {
        const { newKeyId: _gone, ...replacement } = record.data.replacement ?? { startedAt: '', done: [] };
        writer.updateItemData(record.id, { ...record.data, replacement });
      }
    });
  }

  /** The Issuer IDs already in the vault, so a new key can reuse one instead of it being typed again. */
  issuerIds(): string[] {
    const issuerIds = this.keyRecords().flatMap((record) => (record.data.issuerId === undefined ? [] : [record.data.issuerId]));
    return [...new Set(issuerIds)].sort();
  }

  /** Main process only (exports): the file exactly as imported, in a Buffer the caller wipes. Never send this to the renderer. */
  readOriginalBytes(id: string): Buffer {
    this.requireKey(id);
    const bytes = this.vault.withSecretField(id, 'original' satisfies keyof StoredKeySecret, decodeBase64Bytes);
    if (bytes === undefined) throw damaged(`record ${id}`);
    return bytes;
  }

  /**
   * Main process only (signing): the private key as a KeyObject made by loadSigningKey, the function import
   * validated it with, from the record's bytes: no JS string of the key is made, and every buffer is wiped.
   */
  readSigningKey(id: string): KeyObject {
    this.requireKey(id);
    return this.vault.withSecretField(id, 'pkcs8Pem' satisfies keyof StoredKeySecret, loadStoredSigningKey);
  }

  /**
   * Main process only (exports that carry the key as text): the private key as PKCS#8 PEM. The string an export
   * needs cannot be wiped; signing never asks for it. Never send this to the renderer.
   */
  readPkcs8Pem(id: string): string {
    this.requireKey(id);
    return this.vault.withSecretField(id, 'pkcs8Pem' satisfies keyof StoredKeySecret, (pem) => pem.toString('utf8'));
  }

  /**
   * Notes that the key was written out to an export target, on the key and in the audit log, with the
   * folder (or bundle file) main wrote to.
   */
  recordExport(id: string, target: string, destination?: string): KeySummary {
    const record = this.requireKey(id);
    const exportTarget = target.trim();
    if (exportTarget === '') throw new AppError('BAD_REQUEST', 'Choose where the key was exported to.');
    const entry: KeyExportEntry = { target: exportTarget, at: this.now().toISOString(), ...(destination === undefined ? {} : { destination }) };
    const next: StoredKeyData = { ...record.data, exports: [...record.data.exports, entry] };
    const where = destination === undefined ? '' : ` in ${destination}`;
    const ticks = this.keyRecords().flatMap((old) => {
      const place = old.data.replacement?.newKeyId === id ? placeForExport(replacementPlaces(toSummary(old), old.data.replacement.done), exportTarget, destination) : undefined;
      return place === undefined ? [] : [{ old, place }];
    });
    return toSummary(
      this.vault.transaction((writer) => {
        const item = writer.updateItemData(id, next) as KeyRecord;
        writer.appendEvent({ type: 'key.exported', summary: `Exported ${describeKey(next)} to ${exportTargetLabel(exportTarget)}${where}`, itemId: id });
        // Exporting the new key to where the old one went ticks that place off the replacement.
        for (const { old, place } of ticks) {
          const replacement = old.data.replacement ?? { startedAt: entry.at, done: [] };
          writer.updateItemData(old.id, { ...old.data, replacement: { ...replacement, done: [...replacement.done, { placeId: place.id, at: entry.at }] } });
          writer.appendEvent({ type: 'key.replacement', summary: `Ticked off ${place.label} in replacing ${describeKey(old.data)}`, itemId: old.id });
        }
        return item;
      }),
    );
  }

  /** Adds a place the user says the key is used ("RevenueCat project Fitness"), on the key and in the audit log. */
  addUsedIn(id: string, label: string): KeySummary {
    const record = this.requireKey(id);
    const current = record.data.usedIn ?? [];
    if (current.length >= MAX_USED_IN_ENTRIES) {
      throw new AppError('BAD_REQUEST', `This key already lists ${MAX_USED_IN_ENTRIES} places where it is used, the most it keeps. Remove one first. Nothing was added.`);
    }
    const entry: KeyUsedInEntry = { id: randomUUID(), label: checkUsedInLabel(label), addedAt: this.now().toISOString() };
    const next: StoredKeyData = { ...record.data, usedIn: [...current, entry] };
    return this.writeKeyData(id, next, { type: 'key.edited', summary: `Noted that ${describeKey(next)} is used in "${entry.label}"` });
  }

  editUsedIn(id: string, entryId: string, label: string): KeySummary {
    const record = this.requireKey(id);
    const { entries, entry } = requireUsedIn(record.data, entryId);
    const settled = checkUsedInLabel(label);
    if (settled === entry.label) return toSummary(record);
    const next: StoredKeyData = { ...record.data, usedIn: entries.map((candidate) => (candidate.id === entryId ? { ...candidate, label: settled } : candidate)) };
    return this.writeKeyData(id, next, { type: 'key.edited', summary: `Renamed where ${describeKey(next)} is used from "${entry.label}" to "${settled}"` });
  }

  removeUsedIn(id: string, entryId: string): KeySummary {
    const record = this.requireKey(id);
    const { entries, entry } = requireUsedIn(record.data, entryId);
    const next: StoredKeyData = { ...record.data, usedIn: entries.filter((candidate) => candidate.id !== entryId) };
    return this.writeKeyData(id, next, { type: 'key.edited', summary: `Removed "${entry.label}" from where ${describeKey(next)} is used` });
  }

  /**
   * Entries carried by a bundle or a backup: checked as typed ones are, each with a new id; control characters
   * an older version let in become spaces rather than refusing a teammate's whole bundle.
   */
  private settleUsedIn(entries: Array<{ label: string; addedAt?: string }>): KeyUsedInEntry[] {
    if (entries.length > MAX_USED_IN_ENTRIES) throw new AppError('BAD_REQUEST', `A key keeps at most ${MAX_USED_IN_ENTRIES} places where it is used; this one lists ${entries.length}.`);
    return entries.map((entry) => ({ id: randomUUID(), label: checkUsedInLabel(entry.label.replace(CONTROL_CHARACTERS, ' ')), addedAt: checkTimestamp(entry.addedAt) ?? this.now().toISOString() }));
  }

  /**
   * Starts the guided replacement of a key; it is kept on the key's record until finished or stopped. A key
   * already revoked (one that leaked is revoked first) can still be replaced everywhere it was used.
   */
  startReplacement(id: string): KeySummary {
    const record = this.requireKey(id);
    if (record.data.replacement) return toSummary(record);
    const next: StoredKeyData = { ...record.data, replacement: { startedAt: this.now().toISOString(), done: [] } };
    return this.writeKeyData(id, next, { type: 'key.replacement', summary: `Started replacing ${describeKey(next)}` });
  }

  /** Chooses a key already in the vault as the replacement (guided setup links a key it adds through `replaces`). */
  setReplacementKey(id: string, newKeyId: string): KeySummary {
    const record = this.requireReplacing(id);
    const replacement = record.data.replacement ?? { startedAt: '', done: [] };
    if (replacement.newKeyId === newKeyId) return toSummary(record);
    if (newKeyId === id) throw new AppError('BAD_REQUEST', 'A key cannot replace itself. Add the new key, or choose another key of the same kind. Nothing was changed.');
    const candidate = this.requireKey(newKeyId);
    checkReplacementKey(record.data, candidate.data);
    const next: StoredKeyData = { ...record.data, replacement: { ...replacement, newKeyId } };
    return this.writeKeyData(id, next, { type: 'key.replacement', summary: `Chose ${describeKey(candidate.data)} to replace ${describeKey(next)}` });
  }

  /**
   * Ticks a place off (or back on). A hand-added place ticked off is noted on the new key's "Where used" too,
   * so the next replacement finds it.
   */
  tickReplacementPlace(id: string, placeId: string, done: boolean): KeySummary {
    const record = this.requireReplacing(id);
    const replacement = record.data.replacement ?? { startedAt: '', done: [] };
    const place = replacementPlaces(toSummary(record), replacement.done).find((candidate) => candidate.id === placeId);
    if (!place) throw new AppError('NOT_FOUND', 'That place is no longer listed where the old key is used; it may have been removed. Nothing was changed.');
    const newKey = replacement.newKeyId === undefined ? undefined : this.keyRecords().find((candidate) => candidate.id === replacement.newKeyId);
    if (!newKey) throw new AppError('BAD_REQUEST', `Add the key that replaces "${record.data.name}" first, then tick off the places it has reached. Nothing was changed.`);
    if ((place.doneAt !== undefined) === done) return toSummary(record);
    const now = this.now().toISOString();
    const nextDone = done ? [...replacement.done, { placeId, at: now }] : replacement.done.filter((entry) => entry.placeId !== placeId);
    const next: StoredKeyData = { ...record.data, replacement: { ...replacement, done: nextDone } };
    const newKeyUsedIn = newKey.data.usedIn ?? [];
    const noteOnNewKey = done && place.type === 'added' && !newKeyUsedIn.some((entry) => entry.label === place.label) && newKeyUsedIn.length < MAX_USED_IN_ENTRIES;
    return toSummary(
      this.vault.transaction((writer) => {
        const item = writer.updateItemData(id, next) as KeyRecord;
        const verb = done ? 'Ticked off' : 'Unticked';
        writer.appendEvent({ type: 'key.replacement', summary: `${verb} ${place.label} in replacing ${describeKey(next)}`, itemId: id });
        if (noteOnNewKey) {
          writer.updateItemData(newKey.id, { ...newKey.data, usedIn: [...newKeyUsedIn, { id: randomUUID(), label: place.label, addedAt: now }] });
        }
        return item;
      }),
    );
  }

  /** Once the new key is everywhere: marks the old key revoked (the user revoked it in App Store Connect) and ends the job. */
  finishReplacement(id: string): KeySummary {
    const record = this.requireReplacing(id);
    const replacement = record.data.replacement ?? { startedAt: '', done: [] };
    const summary = toSummary(record);
    if (summary.replacement?.stage !== 'revoke') throw replacementUnfinished(record.data.name, summary.replacement);
    const newKey = this.requireKey(replacement.newKeyId ?? '');
    const { replacement: _finished, ...rest } = record.data;
    const next: StoredKeyData = { ...rest, revoked: true, revokedAt: rest.revokedAt ?? this.now().toISOString() };
    const marked = rest.revoked ? '' : ', and marked it as revoked';
    return this.writeKeyData(id, next, { type: 'key.revoked', summary: `Finished replacing ${describeKey(next)} with ${describeKey(newKey.data)}${marked}` });
  }

  /** Stops a replacement; a new key already added stays in the vault. */
  cancelReplacement(id: string): KeySummary {
    const record = this.requireReplacing(id);
    const { replacement: _stopped, ...next } = record.data;
    return this.writeKeyData(id, next, { type: 'key.replacement', summary: `Stopped replacing ${describeKey(next)}` });
  }

  private requireReplacing(id: string): KeyRecord {
    const record = this.requireKey(id);
    if (!record.data.replacement) throw replacementNotStarted(record.data.name);
    return record;
  }

  /** Keeps the last check with Apple on the key, and records it in the audit log. */
  recordAppleCheck(id: string, check: KeyAppleCheck): KeySummary {
    const record = this.requireKey(id);
    const next: StoredKeyData = { ...record.data, appleCheck: { at: check.at, works: check.works, summary: check.summary } };
    return this.writeKeyData(id, next, { type: 'key.checked', summary: `${describeAppleCheck(check)} (${describeKey(next)})` });
  }

  private async readSource(source: KeyImportSource): Promise<{ bytes: Uint8Array; fileName: string | undefined; origin: KeyTextOrigin }> {
    if (source.type === 'file') return { bytes: await this.readFile(source.path), fileName: path.basename(source.path), origin: 'file' };
    if (!this.readClipboardText) {
      throw new AppError('BAD_REQUEST', 'Pasting a key is not available here. Import the .p8 file instead.');
    }
    const fileName = source.fileName === undefined || source.fileName.trim() === '' ? undefined : path.basename(source.fileName.trim());
    return { bytes: repairPastedKey(await this.readClipboardText()), fileName, origin: 'pasted' };
  }

  /**
   * A key with the same public key, stored or earlier in the batch, is the same key. Another key
   * under the same Key ID is refused: App Store Connect gives every key its own.
   */
  private matchStoredKey(candidate: StoredKeyData, batch: StoredKeyData[]): KeyMatch {
    const records = this.keyRecords();
    const sameKey = records.find((record) => record.data.fingerprint === candidate.fingerprint);
    if (sameKey) return { type: 'stored', record: sameKey };
    const inBatch = batch.findIndex((data) => data.fingerprint === candidate.fingerprint);
    if (inBatch !== -1) return { type: 'batch', index: inBatch };
    const sameKeyId = [...records.map((record) => record.data), ...batch].find((data) => data.keyId === candidate.keyId);
    if (sameKeyId) {
      throw new AppError(
        'KEY_ID_IN_USE',
        `The Key ID ${candidate.keyId} already belongs to "${sameKeyId.name}" in the vault, which holds a different key. ` +
          'App Store Connect gives every key its own Key ID: check that you picked the right file and that the Key ID is right.',
      );
    }
    return { type: 'new' };
  }

  /** Reads the secret back inside the import transaction; a mismatch rolls the import back. */
  private verifyStoredSecret(id: string, bytes: Uint8Array, pkcs8Pem: string): void {
    const sameOriginal = this.vault.withSecretField(id, 'original' satisfies keyof StoredKeySecret, (base64) => {
      const original = decodeBase64Bytes(base64);
      try {
        return original?.equals(bytes) ?? false;
      } finally {
        original?.fill(0);
      }
    });
    const intact = sameOriginal && this.vault.withSecretField(id, 'pkcs8Pem' satisfies keyof StoredKeySecret, (pem) => pem.equals(Buffer.from(pkcs8Pem, 'utf8')));
    if (!intact) {
      throw new AppError(
        'IMPORT_NOT_VERIFIED',
        'The key could not be read back from the vault exactly as imported, so it was not added and nothing was changed. ' +
          'Try again; if this keeps happening, the disk holding the vault may be failing.',
      );
    }
  }

  private writeKeyData(id: string, data: StoredKeyData, event: { type: AuditEventType; summary: string }): KeySummary {
    return toSummary(
      this.vault.transaction((writer) => {
        const item = writer.updateItemData(id, data) as KeyRecord;
        writer.appendEvent({ ...event, itemId: id });
        return item;
      }),
    );
  }

  private keyRecords(): KeyRecord[] {
    return this.vault.listItems<unknown>().filter(isKeyRecord).map(withReadableReplacement);
  }

  private requireKey(id: string): KeyRecord {
    const record = this.keyRecords().find((candidate) => candidate.id === id);
    if (!record) {
      throw new AppError('NOT_FOUND', 'This key is no longer in the vault; it may have been deleted. Refresh the list of keys.');
    }
    return record;
  }
}

/**
 * Reads a key file, refusing from its size alone (before reading) anything too large to be a .p8,
 * and reading at most one byte past the limit in case the file grows in between.
 */
export async function readKeyFile(filePath: string): Promise<Uint8Array> {
  const name = path.basename(filePath);
  const info = await stat(filePath).catch((error: unknown) => {
    throw fileUnreadable(name, error);
  });
  if (!info.isFile()) {
    throw new AppError('FILE_UNREADABLE', `${name} is a folder or a device, not a file. ${PICK_THE_DOWNLOAD}`);
  }
  if (info.size > MAX_KEY_FILE_BYTES) throw fileTooLarge(info.size);

  const handle = await open(filePath, 'r').catch((error: unknown) => {
    throw fileUnreadable(name, error);
  });
  const buffer = Buffer.alloc(MAX_KEY_FILE_BYTES + 1);
  try {
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buffer.length) throw fileTooLarge(filled);
    }
    return new Uint8Array(buffer.subarray(0, filled));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw fileUnreadable(name, error);
  } finally {
    buffer.fill(0);
    await handle.close();
  }
}

function fileTooLarge(size: number): AppError {
  const shown = size >= 1024 * 1024 ? `${(size / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(size / 1024)} KiB`;
  return new AppError('FILE_TOO_LARGE', `This file is ${shown}; a .p8 key is under 1 KiB. ${PICK_THE_DOWNLOAD}`);
}

function fileUnreadable(name: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError('FILE_UNREADABLE', `${name} is no longer there; it may have been moved or deleted. Pick it again.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError('FILE_UNREADABLE', `This app is not allowed to read ${name}. Check the file's permissions, or copy it somewhere else and pick it again.`);
  }
  if (code === 'EISDIR') return new AppError('FILE_UNREADABLE', `${name} is a folder, not a file. ${PICK_THE_DOWNLOAD}`);
  return new AppError('FILE_UNREADABLE', `${name} could not be read${code ? ` (${code})` : ''}. Pick it again.`);
}

function isKeyRecord(item: ItemRecord<unknown>): item is KeyRecord {
  const data = item.data as Partial<StoredKeyData> | null;
  return typeof data === 'object' && data !== null && data.recordType === KEY_RECORD_TYPE;
}

/**
 * A replacement job only this app writes, but a vault restored whole may come from a file someone built with
 * the passphrase and other tools: a job that does not read is left out (the key stays usable) rather than
 * failing every list of keys.
 */
function withReadableReplacement(record: KeyRecord): KeyRecord {
  if (record.data.replacement === undefined || StoredReplacementSchema.safeParse(record.data.replacement).success) return record;
  const { replacement: _unreadable, ...data } = record.data;
  return { ...record, data };
}

/** Copies field by field, so nothing stored beside the summary fields can reach the renderer. */
function toSummary({ id, createdAt, updatedAt, data }: KeyRecord): KeySummary {
  return {
    id,
    kind: data.kind,
    name: data.name,
    keyId: data.keyId,
    ...(data.issuerId === undefined ? {} : { issuerId: data.issuerId }),
    bundleIds: [...data.bundleIds],
    originalFileName: data.originalFileName,
    publicKeyPem: data.publicKeyPem,
    fingerprint: data.fingerprint,
    notes: data.notes,
    tags: [...data.tags],
    ...(data.environment === undefined ? {} : { environment: data.environment }),
    createdAt,
    updatedAt,
    revoked: data.revoked,
    ...(data.revokedAt === undefined ? {} : { revokedAt: data.revokedAt }),
    sourceFormat: data.sourceFormat,
    exports: data.exports.map((entry) => ({ ...entry })),
    usedIn: (data.usedIn ?? []).map((entry) => ({ ...entry })),
    ...(data.appleCheck === undefined ? {} : { appleCheck: { ...data.appleCheck } }),
    ...(data.replacement === undefined ? {} : { replacement: describeReplacement({ exports: data.exports, usedIn: data.usedIn ?? [] }, data.replacement) }),
  };
}

function compareKeys(a: KeyRecord, b: KeyRecord): number {
  return Number(a.data.revoked) - Number(b.data.revoked) || collator.compare(a.data.name, b.data.name) || collator.compare(a.data.keyId, b.data.keyId);
}

function describeKey(data: Pick<StoredKeyData, 'name' | 'keyId'>): string {
  return `"${data.name}" (${data.keyId})`;
}

function settleName(name: string | undefined, kind: KeyKind, keyId: string): string {
  const trimmed = name?.trim() ?? '';
  return trimmed === '' ? `${KEY_KIND_LABELS[kind]} ${keyId}` : trimmed;
}

/** The name App Store Connect gives the download, for keys that arrive without a file. */
function appleFileName(kind: KeyKind, keyId: string): string {
  return `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`;
}

/** In-App Purchase and team keys sign as the account (`iss`); individual keys sign as the user (`sub: user`) and have none. */
function settleIssuerId(kind: KeyKind, input: string | undefined): string | undefined {
  const typed = input === undefined ? '' : trimPasted(input);
  if (kind === 'asc-individual') {
    if (typed === '') return undefined;
    throw new AppError(
      'BAD_ISSUER_ID',
      'Individual App Store Connect API keys have no Issuer ID: their tokens name the user instead. ' +
        `Leave the Issuer ID empty, or, if this key is from ${KEY_KIND_SOURCES['asc-team']}, choose ${KEY_KIND_LABELS['asc-team']}.`,
    );
  }
  if (typed === '') {
    throw new AppError(
      'BAD_ISSUER_ID',
      `An ${KEY_KIND_LABELS[kind]} needs the Issuer ID of your App Store Connect account. ` +
        `App Store Connect shows it above the list of keys in ${KEY_KIND_SOURCES[kind]}; it looks like ${ISSUER_ID_EXAMPLE}.`,
    );
  }
  return normalizeIssuerId(typed);
}

function normalizeBundleIds(bundleIds: string[]): string[] {
  return [...new Set(bundleIds.map(normalizeBundleId))];
}

function normalizeTags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags
    .map((tag) => tag.trim())
    .filter((tag) => {
      const folded = tag.toLowerCase();
      if (tag === '' || seen.has(folded)) return false;
      seen.add(folded);
      return true;
    });
}

function checkKind(kind: KeyKind | undefined): KeyKind | undefined {
  if (kind === undefined || (KEY_KINDS as readonly string[]).includes(kind)) return kind;
  throw new AppError('BAD_REQUEST', 'Choose In-App Purchase key, App Store Connect API team key or individual key.');
}

function checkEnvironment(environment: KeyEnvironment | undefined): KeyEnvironment | undefined {
  if (environment === undefined || (KEY_ENVIRONMENTS as readonly string[]).includes(environment)) return environment;
  throw new AppError('BAD_REQUEST', 'Choose production, sandbox or both as the environment.');
}

function duplicateKey(stored: StoredKeyData): AppError {
  const revoked = stored.revoked ? ', marked as revoked' : '';
  return new AppError('DUPLICATE_KEY', `This key is already in the vault as "${stored.name}" (Key ID ${stored.keyId}${revoked}). Nothing was added.`);
}

function duplicateInBatch(data: StoredKeyData): AppError {
  return new AppError('DUPLICATE_KEY', `The key ${data.keyId} appears twice among the keys being imported. Nothing was added.`);
}

/** Names the key a refusal is about, so a batch refusal says which of its keys failed. */
function withKeyContext<Result>(index: number, count: number, input: KeyBytesImport, work: () => Result): Result {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof AppError) || count === 1) throw error;
    const label = input.keyId ?? input.fileName ?? input.name ?? '';
    const which = `Key ${index + 1} of ${count}${label === '' ? '' : ` (${label})`}`;
    throw new AppError(error.code, `${which}: ${error.message}`, error.details);
  }
}

// Refused in labels: they would rewrite a terminal line or a log.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** One line, trimmed, not empty, at most MAX_USED_IN_LABEL characters. */
export function checkUsedInLabel(label: string): string {
  const settled = label.replace(/\s+/g, ' ').trim();
  if (settled === '') throw new AppError('BAD_REQUEST', 'Say where the key is used, e.g. "RevenueCat project Fitness". Nothing was changed.');
  if (settled.length > MAX_USED_IN_LABEL) {
    throw new AppError('BAD_REQUEST', `Where the key is used takes at most ${MAX_USED_IN_LABEL} characters; this is ${settled.length}. Shorten it. Nothing was changed.`);
  }
  if (new RegExp(CONTROL_CHARACTERS.source).test(settled)) {
    throw new AppError('BAD_REQUEST', 'Where the key is used takes plain text; this holds a control character (pasted from a terminal?). Type it again. Nothing was changed.');
  }
  return settled;
}

function requireUsedIn(data: StoredKeyData, entryId: string): { entries: KeyUsedInEntry[]; entry: KeyUsedInEntry } {
  const entries = data.usedIn ?? [];
  const entry = entries.find((candidate) => candidate.id === entryId);
  if (!entry) throw new AppError('NOT_FOUND', 'That entry is no longer listed for this key; it may have been removed. Nothing was changed.');
  return { entries, entry };
}

function checkTimestamp(value: string | undefined): string | undefined {
  if (value === undefined || Number.isNaN(Date.parse(value))) return undefined;
  return new Date(value).toISOString();
}

function importNotices(data: StoredKeyData): string[] {
  if (data.sourceFormat !== 'sec1') return [];
  return [
    'This key was in the SEC1 ("EC") form, not the PKCS#8 form App Store Connect delivers, so it is not Apple’s original file. ' +
      'It is the same key; exports write it in PKCS#8 form, as services expect.',
  ];
}
