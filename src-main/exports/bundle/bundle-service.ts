import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError, type ErrorInfo } from '../../../src-shared/errors';
import {
  BUNDLE_METADATA_FIELDS,
  MAX_BUNDLE_BYTES,
  type BundleImportResult,
  type BundleMetadataField,
  type BundlePreview,
  type BundlePreviewKey,
  type BundleWriteResult,
} from '../../../src-shared/exports/bundle';
import { OWNER_ONLY_FILE_MODE } from '../../../src-shared/exports/export-preview';
import { BUNDLE_EXPORT_TARGET } from '../../../src-shared/exports/export-targets';
import { checkNewPassphrase } from '../../../src-shared/vault/passphrase-rules';
import type { KeyBytesImport, KeyService } from '../../keys/key-service';
import { writeFileAtomically, type WriteFile } from '../../files/write-file-atomically';
import { bundleNeedsPassphrase, bundleTooLarge, createBundle, createBundleForRecipients, readBundle, type BundleKeyInput } from './bundle-crypto';
import type { BundleKey } from './bundle-format';
import { parseBundleRecipients } from './bundle-recipients';
import type { VaultAgeIdentity } from './vault-age-identity';

export interface BundleServiceOptions {
  keys: KeyService;
  now?: () => Date;
  /** age's scrypt cost, log2 N; defaults to age's own 18. Tests lower it. */
  scryptWorkFactor?: number;
  writeFile?: WriteFile;
  /** The vault's own age key, which opens bundles addressed to it. */
  identity?: VaultAgeIdentity;
}

export interface BundleCreateOptions {
  metadata?: readonly BundleMetadataField[];
}

const IMPORT_ORIGIN = 'from an encrypted bundle';

/**
 * Encrypted bundles of keys for teammates. Making one records the export on every key; opening one
 * shows what it holds and checks every key as a normal import would; importing is all or nothing.
 */
export class BundleService {
  private readonly keys: KeyService;
  private readonly now: () => Date;
  private readonly scryptWorkFactor: number | undefined;
  private readonly writeFile: WriteFile;
  private readonly identity: VaultAgeIdentity | undefined;

  constructor(options: BundleServiceOptions) {
    this.identity = options.identity;
    this.keys = options.keys;
    this.now = options.now ?? (() => new Date());
    this.scryptWorkFactor = options.scryptWorkFactor;
    this.writeFile = options.writeFile ?? writeFileAtomically;
  }

  /** Main only: the armoured bundle text. The passphrase must pass the vault's own passphrase rules. */
  async create(ids: string[], passphrase: string, options: BundleCreateOptions = {}): Promise<string> {
    checkNewPassphrase(passphrase);
    return this.withKeyInputs(ids, (inputs) =>
      createBundle(inputs, passphrase, {
        metadata: options.metadata ?? BUNDLE_METADATA_FIELDS,
        createdAt: this.now(),
        ...(this.scryptWorkFactor === undefined ? {} : { scryptWorkFactor: this.scryptWorkFactor }),
      }),
    );
  }

  /** Main only: the armoured bundle text, encrypted to age recipients (`age1…`, ssh-ed25519, ssh-rsa) instead of a passphrase. */
  async createForRecipients(ids: string[], recipients: readonly string[], options: BundleCreateOptions = {}): Promise<string> {
    const parsed = parseBundleRecipients(recipients);
    return this.withKeyInputs(ids, (inputs) => createBundleForRecipients(inputs, parsed, { metadata: options.metadata ?? BUNDLE_METADATA_FIELDS, createdAt: this.now() }));
  }

  private async withKeyInputs(ids: string[], encrypt: (inputs: BundleKeyInput[]) => Promise<string>): Promise<string> {
    const records = [...new Set(ids)].map((id) => this.keys.getKey(id));
    if (records.length === 0) throw new AppError('BAD_REQUEST', 'Choose at least one key for the bundle.');
    const inputs: BundleKeyInput[] = records.map((record) => ({
      record,
      originalBytes: this.keys.readOriginalBytes(record.id),
      pkcs8Pem: this.keys.readPkcs8Pem(record.id),
    }));
    try {
      return await encrypt(inputs);
    } finally {
      for (const input of inputs) input.originalBytes.fill(0);
    }
  }

  /** Writes the bundle owner-only to the file main's save dialog chose, then records the export on each key. */
  async write(ids: string[], passphrase: string, destinationFile: string, options: BundleCreateOptions & { overwrite?: boolean } = {}): Promise<BundleWriteResult> {
    return this.writeText(ids, await this.create(ids, passphrase, options), destinationFile, options.overwrite ?? false);
  }

  /** As `write`, encrypted to age recipients instead of a passphrase. */
  async writeForRecipients(ids: string[], recipients: readonly string[], destinationFile: string, options: BundleCreateOptions & { overwrite?: boolean } = {}): Promise<BundleWriteResult> {
    return this.writeText(ids, await this.createForRecipients(ids, recipients, options), destinationFile, options.overwrite ?? false);
  }

  private async writeText(ids: string[], text: string, destinationFile: string, overwrite: boolean): Promise<BundleWriteResult> {
    const filePath = path.resolve(destinationFile);
    await this.writeFile(filePath, new TextEncoder().encode(text), { mode: OWNER_ONLY_FILE_MODE, overwrite });
    const exportedKeys = [...new Set(ids)].map((id) => this.keys.recordExport(id, BUNDLE_EXPORT_TARGET, filePath));
    return { path: filePath, exportedKeys };
  }

  /** Reads a bundle file, refusing by its size alone (before reading) anything too large to be one. */
  readFile(filePath: string): Promise<Uint8Array> {
    return readBundleFile(filePath);
  }

  /** What the bundle holds, each key checked as an import would check it; nothing is stored. */
  async preview(bundle: string | Uint8Array, passphrase: string): Promise<BundlePreview> {
    const payload = await this.read(bundle, passphrase);
    const keys = payload.keys.map((entry, index): BundlePreviewKey => {
      const shown = describeEntry(entry, index);
      try {
        const check = this.checkEntry(entry);
        return { ...shown, ...(check.duplicateOf ? { duplicateOf: check.duplicateOf } : {}) };
      } catch (error) {
        if (!isAppError(error)) throw error;
        return { ...shown, problem: { code: error.code, message: error.message } satisfies ErrorInfo };
      }
    });
    return {
      formatVersion: payload.version,
      createdAt: payload.createdAt,
      keys,
      importable: keys.filter((key) => !key.problem && !key.duplicateOf).length,
    };
  }

  /**
   * Imports every key the vault lacks in one transaction, after checking each as a normal import does;
   * any refusal imports nothing. Keys already in the vault are reported, not imported again.
   */
  async importAll(bundle: string | Uint8Array, passphrase: string): Promise<BundleImportResult> {
    const payload = await this.read(bundle, passphrase);
    const inputs = payload.keys.map(toImport);
    try {
      const result = this.keys.importBatch(inputs, { skipDuplicates: true, origin: IMPORT_ORIGIN });
      return {
        imported: result.imported.map((entry) => entry.key),
        duplicates: result.duplicates.map(({ keyId, name, existing }) => ({ keyId, name, existing })),
      };
    } finally {
      for (const input of inputs) input.bytes.fill(0);
    }
  }

  /** Whether the bundle asks for a passphrase; one addressed to age keys opens with the vault's own (the passphrase is then unused). */
  needsPassphrase(bundle: string | Uint8Array): boolean {
    return bundleNeedsPassphrase(bundle) || !this.identity;
  }

  private async read(bundle: string | Uint8Array, passphrase: string) {
    return readBundle(bundle, passphrase, this.needsPassphrase(bundle) ? undefined : await this.identity?.open());
  }

  /** readBundle has already checked that the entry's PEM, file and fingerprint are one key. */
  private checkEntry(entry: BundleKey) {
    const input = toImport(entry);
    try {
      return this.keys.checkBytesImport(input);
    } finally {
      input.bytes.fill(0);
    }
  }
}

/** Reads a bundle file, refusing by its size alone (before reading) anything too large to be one. */
export async function readBundleFile(filePath: string): Promise<Uint8Array> {
  const name = path.basename(filePath);
  const info = await stat(filePath).catch((error: unknown) => {
    throw unreadable(name, error);
  });
  if (!info.isFile()) throw new AppError('FILE_UNREADABLE', `${name} is a folder or a device, not a bundle file.`);
  if (info.size > MAX_BUNDLE_BYTES) throw bundleTooLarge(info.size);
  const handle = await open(filePath, 'r').catch((error: unknown) => {
    throw unreadable(name, error);
  });
  try {
    const bytes = await handle.readFile();
    if (bytes.length > MAX_BUNDLE_BYTES) throw bundleTooLarge(bytes.length);
    return new Uint8Array(bytes);
  } finally {
    await handle.close();
  }
}

function toImport(entry: BundleKey): KeyBytesImport {
  return {
    bytes: new Uint8Array(Buffer.from(entry.p8Base64, 'base64')),
    fileName: entry.fileName,
    kind: entry.kind,
    keyId: entry.keyId,
    ...(entry.issuerId === undefined ? {} : { issuerId: entry.issuerId }),
    name: entry.name,
    ...(entry.bundleIds === undefined ? {} : { bundleIds: entry.bundleIds }),
    ...(entry.notes === undefined ? {} : { notes: entry.notes }),
    ...(entry.tags === undefined ? {} : { tags: entry.tags }),
    ...(entry.environment === undefined ? {} : { environment: entry.environment }),
    ...(entry.revoked === true ? { revoked: true, ...(entry.revokedAt === undefined ? {} : { revokedAt: entry.revokedAt }) } : {}),
    ...(entry.usedIn === undefined ? {} : { usedIn: entry.usedIn }),
  };
}

function describeEntry(entry: BundleKey, index: number): BundlePreviewKey {
  return {
    index,
    kind: entry.kind,
    name: entry.name,
    keyId: entry.keyId,
    ...(entry.issuerId === undefined ? {} : { issuerId: entry.issuerId }),
    fileName: entry.fileName,
    fingerprint: entry.fingerprint,
    bundleIds: entry.bundleIds ?? [],
    tags: entry.tags ?? [],
    notes: entry.notes ?? '',
    ...(entry.environment === undefined ? {} : { environment: entry.environment }),
    revoked: entry.revoked === true,
  };
}

function unreadable(name: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new AppError('FILE_UNREADABLE', `${name} is no longer there; it may have been moved or deleted. Pick it again.`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('FILE_UNREADABLE', `This app is not allowed to read ${name}. Check the file’s permissions.`);
  return new AppError('FILE_UNREADABLE', `${name} could not be read${code ? ` (${code})` : ''}. Pick it again.`);
}
