import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { parseKeyFileName } from '../../src-shared/keys/identifiers';
import type { StrayCopy, StrayKeyForm, StrayScanResult, StrayTrashResult } from '../../src-shared/scan/stray-copies';
import type { KeyService } from '../keys/key-service';
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
  private last = new Map<string, StrayCopy>();

  constructor(options: StrayCopiesServiceOptions) {
    this.keys = options.keys;
    this.trashItem = options.trashItem;
    this.limits = options.limits ?? DEFAULT_SCAN_LIMITS;
  }

  async scan(folders: readonly string[]): Promise<StrayScanResult> {
    if (folders.length === 0) throw new AppError('BAD_REQUEST', 'Choose at least one folder to scan.');
    const walk = await walkForPrivateKeys(folders, this.limits);
    const copies = walk.files.map((file) => this.classify(file));
    this.last = new Map(copies.map((copy) => [copy.id, copy]));
    return { folders: folders.map((folder) => path.resolve(folder)), copies, filesRead: walk.filesRead, skipped: walk.skipped };
  }

  /** Moves the chosen copies of vaulted keys to the trash, each re-read first: a file changed since the scan is kept. */
  async trash(ids: readonly string[]): Promise<StrayTrashResult> {
    if (!this.trashItem) throw new AppError('BAD_REQUEST', 'Moving files to the trash is done in the app; the command line only reports.');
    const result: StrayTrashResult = { trashed: [], kept: [] };
    for (const id of new Set(ids)) {
      const copy = this.last.get(id);
      if (!copy) throw new AppError('NOT_FOUND', 'That file is not in the last scan. Scan again, then choose from its results.');
      if (!copy.inVault || !copy.onlyKey) {
        result.kept.push({ path: copy.path, reason: 'it is not a copy of a key the vault holds, or it holds more than the key' });
        continue;
      }
      const now = await privateKeysIn(copy.path, this.limits.maxFileBytes);
      const recheck = now && now.keys.length > 0 ? this.classify(now) : null;
      if (!recheck?.inVault || !recheck.onlyKey) {
        result.kept.push({ path: copy.path, reason: 'it changed or went away since the scan' });
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
