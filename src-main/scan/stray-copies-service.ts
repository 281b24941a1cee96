import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { parseKeyFileName } from '../../src-shared/keys/identifiers';
import type { StrayCopy, StrayKeyForm, StrayScanResult, StrayTrashResult } from '../../src-shared/scan/stray-copies';
import type { KeyService } from '../keys/key-service';
import type { FoundPrivateKey } from '../keys/private-key-text';
import { DEFAULT_SCAN_LIMITS, privateKeysIn, walkForPrivateKeys, type KeyFileFound, type ScanLimits } from './stray-copy-scan';

/** Moves a file to the system trash (Electron: shell.trashItem); the CLI has none and never deletes. */
export type TrashItem = (file: string) => Promise<void>;

export interface StrayCopiesServiceOptions {
  keys: KeyService;
  trashItem?: TrashItem;
  limits?: ScanLimits;
}

/**
 * Finds plaintext copies of private keys in chosen folders and tells which the vault already holds
 * (same public key). Copies of vaulted keys can go to the trash, one confirmation for the lot; only
 * files of the last scan, re-checked just before, and only files that hold nothing but the key.
 */
export class StrayCopiesService {
  private readonly keys: KeyService;
  private readonly trashItem: TrashItem | undefined;
  private readonly limits: ScanLimits;
  /** The last scan's findings by id, with the keys each file held then (fingerprints and labels, no key material). */
  private last = new Map<string, { copy: StrayCopy; keys: FoundPrivateKey[] }>();

  constructor(options: StrayCopiesServiceOptions) {
    this.keys = options.keys;
    this.trashItem = options.trashItem;
    this.limits = options.limits ?? DEFAULT_SCAN_LIMITS;
  }

  async scan(folders: readonly string[]): Promise<StrayScanResult> {
    if (folders.length === 0) throw new AppError('BAD_REQUEST', 'Choose at least one folder to scan.');
    const walk = await walkForPrivateKeys(folders, this.limits);
    const found = walk.files.map((file) => ({ copy: this.classify(file), keys: file.keys }));
    this.last = new Map(found.map((entry) => [entry.copy.id, entry]));
    const copies = found.map((entry) => entry.copy);
    return { folders: folders.map((folder) => path.resolve(folder)), copies, filesRead: walk.filesRead, skipped: walk.skipped };
  }

  /**
   * Moves the chosen copies of vaulted keys to the trash, each re-read and matched against the vault
   * just before (so a key imported since the scan counts): a file changed since the scan is kept.
   */
  async trash(ids: readonly string[]): Promise<StrayTrashResult> {
    if (!this.trashItem) throw new AppError('BAD_REQUEST', 'Moving files to the trash is done in the app; the command line only reports.');
    const result: StrayTrashResult = { trashed: [], kept: [] };
    for (const id of new Set(ids)) {
      const { copy, keys } = this.lastFinding(id);
      if (!copy.onlyKey) {
        result.kept.push({ path: copy.path, reason: 'it holds more than the key' });
        continue;
      }
      const now = await privateKeysIn(copy.path, this.limits.maxFileBytes);
      if (!now || !now.onlyKey || !sameKeys(now.keys, keys)) {
        result.kept.push({ path: copy.path, reason: 'it changed or went away since the scan' });
        continue;
      }
      if (!this.classify(now).inVault) {
        result.kept.push({ path: copy.path, reason: 'the vault does not hold its key' });
        continue;
      }
      try {
        await this.trashItem(copy.path);
        result.trashed.push(copy.path);
        this.last.delete(id);
      } catch {
        result.kept.push({ path: copy.path, reason: 'the system did not move it to the trash' });
      }
    }
    return result;
  }

  /**
   * The path of a found key the vault lacks, for main to grant the renderer a file id to import it by.
   * The file is re-read first: it must still hold the key the scan found, alone, unencrypted.
   */
  async pathForImport(id: string): Promise<string> {
    const { copy } = this.lastFinding(id);
    const now = await this.unchangedSinceScan(id);
    const vaulted = this.classify(now).inVault;
    if (vaulted) {
      throw new AppError('DUPLICATE_KEY', `The vault already holds the key in ${path.basename(copy.path)}, as "${vaulted.name}" (Key ID ${vaulted.keyId}). Scan again to see this file as a copy of it.`);
    }
    if (now.keys.length > 1) {
      throw new AppError('MULTIPLE_PEM_BLOCKS', `${path.basename(copy.path)} holds ${now.keys.length} private keys; a key file holds one. Put each key in a file of its own, then scan again.`);
    }
    if (copy.encrypted) {
      throw new AppError('ENCRYPTED_KEY', `The key in ${path.basename(copy.path)} is protected by a password. Decrypt it first (openssl pkey -in FILE -out AuthKey_KEYID.p8), then scan again.`);
    }
    if (!now.onlyKey) {
      throw new AppError(
        'PEM_DAMAGED',
        `${path.basename(copy.path)} holds other text besides the key, so it is not imported as a key file. Copy the key, from its -----BEGIN line to its -----END line, and add it on Keys with Add key, Paste from clipboard.`,
      );
    }
    return copy.path;
  }

  /**
   * Re-reads a file of the last scan, as an import from it begins: refuses it, telling the user to scan
   * again, when it is gone or holds other keys than the scan found.
   */
  async unchangedSinceScan(id: string): Promise<KeyFileFound> {
    const { copy, keys } = this.lastFinding(id);
    const now = await privateKeysIn(copy.path, this.limits.maxFileBytes);
    if (!now || !sameKeys(now.keys, keys)) {
      throw new AppError('FILE_CHANGED', `${path.basename(copy.path)} changed or went away since the scan. Scan again, then import it from the new results.`);
    }
    return now;
  }

  private lastFinding(id: string): { copy: StrayCopy; keys: FoundPrivateKey[] } {
    const entry = this.last.get(id);
    if (!entry) throw new AppError('NOT_FOUND', 'That file is not in the last scan. Scan again, then choose from its results.');
    return entry;
  }

  private classify(file: KeyFileFound): StrayCopy {
    const vaulted = new Map(this.keys.listKeys().map((key) => [key.fingerprint, key]));
    const matches = file.keys.map((key) => (key.fingerprint === undefined ? undefined : vaulted.get(key.fingerprint)));
    const first = matches[0];
    const allVaulted = matches.every((match) => match !== undefined);
    const keyIdFromName = parseKeyFileName(file.path)?.keyId;
    return {
      id: randomUUID(),
      path: file.path,
      kind: keyForm(file.keys[0]?.label ?? ''),
      ...(keyIdFromName === undefined ? {} : { keyIdFromName }),
      ...(allVaulted && first ? { inVault: { keyId: first.keyId, name: first.name } } : {}),
      encrypted: file.keys.some((key) => key.fingerprint === undefined),
      onlyKey: file.onlyKey,
    };
  }
}

/** The same keys, in the same order: encrypted ones (no fingerprint) by their armour label. */
function sameKeys(now: readonly FoundPrivateKey[], then: readonly FoundPrivateKey[]): boolean {
  return now.length === then.length && now.every((key, index) => key.label === then[index]?.label && key.fingerprint === then[index]?.fingerprint);
}

/** The armour label as a form name: `EC PRIVATE KEY` is SEC 1, a bare `PRIVATE KEY` PKCS #8. */
function keyForm(label: string): StrayKeyForm {
  const prefix = label.replace(/\s*PRIVATE KEY$/, '');
  if (prefix === '') return 'pkcs8';
  if (prefix === 'EC') return 'sec1';
  if (prefix === 'ENCRYPTED' || prefix.includes('ENCRYPTED')) return 'encrypted';
  if (prefix === 'RSA') return 'rsa';
  if (prefix === 'OPENSSH') return 'openssh';
  return 'other';
}
