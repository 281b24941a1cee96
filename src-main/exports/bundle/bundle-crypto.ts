import { armor, Decrypter, Encrypter, type Recipient } from 'age-encryption';
import { AppError } from '../../../src-shared/errors';
import { MAX_BUNDLE_BYTES, type BundleMetadataField } from '../../../src-shared/exports/bundle';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { settleBundlePayload } from './bundle-entries';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundleEnvelopeSchema,
  BundlePayloadSchema,
  describeBundleIssue,
  type BundleKey,
  type BundlePayload,
} from './bundle-format';
import { ScryptPassphraseIdentity, ScryptPassphraseRecipient } from './scrypt-stanza';

/**
 * Bundles are age files (https://age-encryption.org/v1) encrypted to a passphrase (scrypt) and
 * ASCII-armoured, so anyone can also open one with the age command-line tool:
 *
 *   age --decrypt --output keys.json bundle.age     (asks for the passphrase)
 *
 * age authenticates the whole file: a wrong passphrase, a changed byte and a cut-short file are each
 * refused before any JSON is read.
 */

// age's own default scrypt cost (log2 N = 18), about a second here; typage refuses more than 20 when reading.
export const DEFAULT_SCRYPT_WORK_FACTOR = 18;
/**
 * A bundle comes from someone else: its scrypt cost is read from its header before any work, and one
 * above what this app and the reference age write (2^18, 256 MiB) is refused rather than spending up
 * to a gigabyte and many seconds on it.
 */
export const MAX_SCRYPT_WORK_FACTOR = DEFAULT_SCRYPT_WORK_FACTOR;

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const BINARY_MAGIC = 'age-encryption.org/';

export interface BundleKeyInput {
  record: KeySummary;
  /** The .p8 exactly as imported. */
  originalBytes: Uint8Array;
  pkcs8Pem: string;
}

export interface CreateBundleOptions {
  /** Which metadata to include besides the key's identity. */
  metadata: readonly BundleMetadataField[];
  createdAt: Date;
  scryptWorkFactor?: number;
}

/** The versioned payload for these keys, carrying only the chosen metadata. */
export function buildBundlePayload(keys: BundleKeyInput[], metadata: readonly BundleMetadataField[], createdAt: Date): BundlePayload {
  const include = new Set(metadata);
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_FORMAT_VERSION,
    createdAt: createdAt.toISOString(),
    keys: keys.map(({ record, originalBytes, pkcs8Pem }): BundleKey => ({
      kind: record.kind,
      name: record.name,
      keyId: record.keyId,
      ...(record.issuerId === undefined ? {} : { issuerId: record.issuerId }),
      fileName: record.originalFileName,
      fingerprint: record.fingerprint,
      privateKeyPem: pkcs8Pem,
      p8Base64: Buffer.from(originalBytes).toString('base64'),
      ...(include.has('bundleIds') ? { bundleIds: [...record.bundleIds] } : {}),
      ...(include.has('notes') ? { notes: record.notes } : {}),
      ...(include.has('tags') ? { tags: [...record.tags] } : {}),
      ...(include.has('environment') && record.environment !== undefined ? { environment: record.environment } : {}),
      ...(include.has('usedIn') ? { usedIn: record.usedIn.map(({ label, addedAt }) => ({ label, addedAt })) } : {}),
      ...(include.has('revoked') && record.revoked ? { revoked: true, ...(record.revokedAt === undefined ? {} : { revokedAt: record.revokedAt }) } : {}),
    })),
  };
}

/** Encrypts the keys into one armoured age file, to a passphrase. */
export async function createBundle(keys: BundleKeyInput[], passphrase: string, options: CreateBundleOptions): Promise<string> {
  if (passphrase === '') throw new AppError('WEAK_PASSPHRASE', 'Enter a passphrase for the bundle.');
  return encryptBundle(keys, options, (encrypter) => {
    encrypter.addRecipient(new ScryptPassphraseRecipient(passphrase, options.scryptWorkFactor ?? DEFAULT_SCRYPT_WORK_FACTOR));
  });
}

/** Encrypts the keys into one armoured age file, to age recipients (see bundle-recipients.ts); anyone of them opens it. */
export async function createBundleForRecipients(keys: BundleKeyInput[], recipients: ReadonlyArray<string | Recipient>, options: CreateBundleOptions): Promise<string> {
  return encryptBundle(keys, options, (encrypter) => {
    for (const recipient of recipients) encrypter.addRecipient(recipient);
  });
}

async function encryptBundle(keys: BundleKeyInput[], options: CreateBundleOptions, configure: (encrypter: Encrypter) => void): Promise<string> {
  const plaintext = new TextEncoder().encode(JSON.stringify(buildBundlePayload(keys, options.metadata, options.createdAt), null, 2));
  try {
    const encrypter = new Encrypter();
    configure(encrypter);
    return armor.encode(await encrypter.encrypt(plaintext));
  } finally {
    plaintext.fill(0);
  }
}

/** Whether a bundle asks for a passphrase (scrypt) rather than an age identity; checks nothing else. */
export function bundleNeedsPassphrase(bundle: string | Uint8Array): boolean {
  try {
    return hasScryptStanza(decodeAgeFile(bundle));
  } catch {
    // Not readable as age at all: asking for a passphrase leads to the precise refusal.
    return true;
  }
}

/**
 * Decrypts and checks a bundle, armoured or binary, and settles what its JSON left out (see
 * settleBundlePayload). Each way it can fail has its own code: BUNDLE_TOO_LARGE, BUNDLE_MALFORMED
 * (including key material that does not agree with itself), BUNDLE_TRUNCATED, BUNDLE_WRONG_PASSPHRASE,
 * BUNDLE_DAMAGED, BUNDLE_TOO_NEW. A bundle encrypted to age recipients rather than a passphrase opens
 * with `identity`, the vault's own age key (BUNDLE_WRONG_RECIPIENT when it is not one of them).
 */
export async function readBundle(bundle: string | Uint8Array, passphrase: string, identity?: BundleIdentity): Promise<BundlePayload> {
  const size = typeof bundle === 'string' ? Buffer.byteLength(bundle, 'utf8') : bundle.length;
  if (size > MAX_BUNDLE_BYTES) throw bundleTooLarge(size);
  const encrypted = decodeAgeFile(bundle);
  refuseCostlyScrypt(encrypted);
  const plaintext = await decrypt(encrypted, passphrase, identity);
  try {
    return parsePayload(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

export function bundleTooLarge(size: number): AppError {
  const shown = `${(size / (1024 * 1024)).toFixed(1)} MiB`;
  return new AppError(
    'BUNDLE_TOO_LARGE',
    `This file is ${shown}; a bundle of keys is far smaller (at most ${MAX_BUNDLE_BYTES / (1024 * 1024)} MiB). Choose the .age file the bundle was saved as.`,
  );
}

function decodeAgeFile(bundle: string | Uint8Array): Uint8Array {
  if (typeof bundle !== 'string') {
    const head = new TextDecoder().decode(bundle.subarray(0, BINARY_MAGIC.length));
    if (head === BINARY_MAGIC) return bundle;
    return decodeArmour(new TextDecoder().decode(bundle));
  }
  return decodeArmour(bundle);
}

function decodeArmour(text: string): Uint8Array {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw malformed('The file is empty.');
  if (!trimmed.startsWith(ARMOR_BEGIN)) {
    throw malformed(`It should start with the line ${ARMOR_BEGIN}. Choose the .age file the bundle was saved as.`);
  }
  if (!trimmed.includes(ARMOR_END)) {
    throw new AppError(
      'BUNDLE_TRUNCATED',
      `This bundle is cut short: its ${ARMOR_END} line is missing. Copy or download the whole file again. Nothing was imported.`,
    );
  }
  try {
    return armor.decode(trimmed);
  } catch {
    throw malformed('The text between its BEGIN and END lines has been changed or reformatted (for example, lines re-wrapped).');
  }
}

/** The vault's own age key, and the recipient string it answers to (for messages). */
export interface BundleIdentity {
  key: CryptoKey;
  recipient: string;
}

async function decrypt(encrypted: Uint8Array, passphrase: string, identity: BundleIdentity | undefined): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  if (identity && !hasScryptStanza(encrypted)) decrypter.addIdentity(identity.key);
  else decrypter.addIdentity(new ScryptPassphraseIdentity(passphrase, MAX_SCRYPT_WORK_FACTOR));
  try {
    return await decrypter.decrypt(encrypted);
  } catch (error) {
    throw classifyAgeError(error, encrypted, identity);
  }
}

/** typage reports failures as plain Errors; their messages tell the cases apart. */
function classifyAgeError(error: unknown, encrypted: Uint8Array, identity: BundleIdentity | undefined): AppError {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('no identity matched')) {
    if (hasScryptStanza(encrypted)) {
      return new AppError(
        'BUNDLE_WRONG_PASSPHRASE',
        'That passphrase does not open this bundle. Check it with whoever sent the bundle (passphrases are case-sensitive). Nothing was imported.',
      );
    }
    if (identity) {
      return new AppError(
        'BUNDLE_WRONG_RECIPIENT',
        `This bundle is encrypted to other age keys, not to this vault’s (${identity.recipient}). Ask the sender to encrypt it to that recipient, or to a passphrase. Nothing was imported.`,
      );
    }
    return malformed('It is encrypted to age keys, not to a passphrase.');
  }
  if (/invalid version|invalid header$|invalid stanza|scrypt recipient is not the only one|work factor is too high/.test(message)) {
    return malformed('Its age header is not one this app writes.');
  }
  return new AppError(
    'BUNDLE_DAMAGED',
    'This bundle has been changed or damaged since it was made: its contents fail age’s integrity check. Ask for a fresh copy. Nothing was imported.',
  );
}

function headerText(encrypted: Uint8Array): string {
  return new TextDecoder().decode(encrypted.subarray(0, Math.min(encrypted.length, 1024)));
}

function hasScryptStanza(encrypted: Uint8Array): boolean {
  return /\n-> scrypt /.test(headerText(encrypted));
}

function refuseCostlyScrypt(encrypted: Uint8Array): void {
  const workFactor = /\n-> scrypt \S+ (\d+)\n/.exec(headerText(encrypted))?.[1];
  if (workFactor !== undefined && Number(workFactor) > MAX_SCRYPT_WORK_FACTOR) {
    throw malformed(`Its passphrase asks for far more work (scrypt 2^${workFactor}) than any bundle this app or age writes (2^${MAX_SCRYPT_WORK_FACTOR}), so it was not tried.`);
  }
}

function parsePayload(plaintext: Uint8Array): BundlePayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw malformed('It decrypts, but what is inside is not a bundle’s JSON.');
  }
  const envelope = BundleEnvelopeSchema.safeParse(json);
  if (!envelope.success || envelope.data.format !== BUNDLE_FORMAT) throw malformed('It decrypts, but it is not an ASC Key Vault bundle.');
  if (envelope.data.version > BUNDLE_FORMAT_VERSION) {
    throw new AppError(
      'BUNDLE_TOO_NEW',
      `This bundle was made by a newer version of ASC Key Vault (bundle format ${envelope.data.version}; this app reads up to ${BUNDLE_FORMAT_VERSION}). ` +
        'Update the app, then import it again. Nothing was imported.',
    );
  }
  const payload = BundlePayloadSchema.safeParse(json, { error: describeBundleIssue });
  if (!payload.success) {
    const issue = payload.error.issues[0];
    const subject = issue && issue.path.length > 0 ? fieldPath(issue.path) : 'its JSON';
    throw malformed(`It decrypts, but it does not follow the bundle format (README, “Bundle format”): ${subject} ${issue?.message ?? 'is not a bundle'}.`);
  }
  return settleBundlePayload(payload.data);
}

/** `keys[0].fingerprint`, as the README's table names the field. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`)).join('');
}

function malformed(reason: string): AppError {
  return new AppError('BUNDLE_MALFORMED', `This is not a bundle this app can read. ${reason} Nothing was imported.`);
}
