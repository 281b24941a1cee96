import { AppError, isAppError } from '../../../src-shared/errors';
import { trimPasted } from '../../../src-shared/keys/identifiers';
import { parseP8, type ParsedP8 } from '../../keys/parse-p8';
import { appleFileName } from '../targets/target-parts';
import { toUtcIsoString, type BundleKey, type BundlePayload, type WrittenBundleKey, type WrittenBundlePayload } from './bundle-format';

/**
 * Turns a bundle's JSON, once the schema has accepted it, into the payload the app works with: fills
 * in what a bundle may leave out (fileName, fingerprint, one of privateKeyPem and p8Base64), writes
 * dates in UTC, drops an empty Issuer ID, and refuses an entry whose key material does not agree with
 * itself. Pure: the same JSON always settles the same way.
 */
export function settleBundlePayload(written: WrittenBundlePayload): BundlePayload {
  return {
    format: written.format,
    version: written.version,
    createdAt: utc(written.createdAt),
    keys: written.keys.map((entry, index) => settleBundleKey(entry, `Key ${index + 1} of ${written.keys.length} (${shownKeyId(entry.keyId)})`)),
  };
}

// Standard base64 with its padding, once whitespace is dropped.
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Enough of a fingerprint to tell two apart in a message, too short to be mistaken for key material.
const SHOWN_FINGERPRINT = 12;

function settleBundleKey(entry: WrittenBundleKey, where: string): BundleKey {
  const { issuerId, fileName, fingerprint, privateKeyPem, p8Base64, revokedAt, usedIn, ...rest } = entry;
  const pemBytes = privateKeyPem === undefined ? undefined : new TextEncoder().encode(privateKeyPem);
  const fileBytes = p8Base64 === undefined ? undefined : decodeBase64(p8Base64, where);
  try {
    const fromPem = pemBytes === undefined ? undefined : readKey(pemBytes, 'privateKeyPem', where);
    const fromFile = fileBytes === undefined ? undefined : readKey(fileBytes, 'p8Base64', where);
    const key = fromPem ?? fromFile;
    // The schema refuses an entry with neither.
    if (key === undefined) throw refusal(where, 'it holds no key.');
    if (fromPem && fromFile && fromPem.fingerprint !== fromFile.fingerprint) {
      throw refusal(where, 'its privateKeyPem and p8Base64 are two different keys. Give one of them, or both of the same key.');
    }
    if (fingerprint !== undefined && fingerprint.toLowerCase() !== key.fingerprint) {
      throw refusal(
        where,
        `its fingerprint (${fingerprint.toLowerCase().slice(0, SHOWN_FINGERPRINT)}…) is not its key’s (${key.fingerprint.slice(0, SHOWN_FINGERPRINT)}…). ` +
          'Leave fingerprint out to have it computed, or give the SHA-256 of the key’s public key (SPKI DER), in hex.',
      );
    }
    const settledIssuerId = issuerId === null || issuerId === undefined || issuerId.trim() === '' ? undefined : issuerId;
    const settledRevokedAt = revokedAt === undefined ? undefined : utc(revokedAt);
    return {
      ...rest,
      ...(settledIssuerId === undefined ? {} : { issuerId: settledIssuerId }),
      // As App Store Connect names the download; the import then checks the Key ID against it as it does a file's name.
      fileName: fileName ?? appleFileName({ kind: entry.kind, keyId: trimPasted(entry.keyId).toUpperCase() }),
      fingerprint: key.fingerprint,
      privateKeyPem: privateKeyPem ?? key.pkcs8Pem,
      // Without p8Base64, the .p8 file is the PEM text as written.
      p8Base64: Buffer.from(fileBytes ?? pemBytes ?? new Uint8Array()).toString('base64'),
      ...(settledRevokedAt === undefined ? {} : { revokedAt: settledRevokedAt }),
      ...(usedIn === undefined ? {} : { usedIn: usedIn.map(({ label, addedAt }) => ({ label, ...(addedAt === undefined ? {} : { addedAt: utc(addedAt) }) })) }),
    };
  } finally {
    pemBytes?.fill(0);
    fileBytes?.fill(0);
  }
}

function decodeBase64(value: string, where: string): Uint8Array {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || !CANONICAL_BASE64.test(compact)) throw refusal(where, 'its p8Base64 is not complete base64 (its length or its = padding is wrong).');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** The same checks as a .p8 import (PEM armour, P-256, signs and verifies), told as a bundle's problem. */
function readKey(bytes: Uint8Array, field: 'privateKeyPem' | 'p8Base64', where: string): ParsedP8 {
  try {
    return parseP8(bytes);
  } catch (error) {
    if (!isAppError(error)) throw error;
    // The first sentence says what is wrong; the rest advises on picking a downloaded file, which does not apply here.
    const [firstSentence] = error.message.split(/(?<=\.)\s/);
    throw refusal(where, `its ${field} is not an App Store Connect private key (${error.code}): ${firstSentence ?? ''}`);
  }
}

function utc(value: string): string {
  const settled = toUtcIsoString(value);
  // The schema accepted only dates toUtcIsoString reads.
  if (settled === undefined) throw new Error('bundle date not checked by the schema');
  return settled;
}

function shownKeyId(keyId: string): string {
  const trimmed = trimPasted(keyId).toUpperCase();
  return trimmed.length > 12 ? `${trimmed.slice(0, 12)}…` : trimmed;
}

function refusal(where: string, reason: string): AppError {
  return new AppError('BUNDLE_MALFORMED', `This bundle cannot be imported. ${where}: ${reason} Nothing was imported.`);
}
