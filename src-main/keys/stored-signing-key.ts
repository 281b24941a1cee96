import type { KeyObject } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { decodeBase64Bytes } from './base64-bytes';
import { loadSigningKey, SigningKeyRefused } from './load-signing-key';

// The armour lines, built from the label so that no key-looking text sits in the product tree.
const PKCS8_LABEL = 'PRIVATE KEY';
const PKCS8_BEGIN = `-----BEGIN ${PKCS8_LABEL}-----`;
const PKCS8_END = `-----END ${PKCS8_LABEL}-----`;

/**
 * The stored PKCS#8 PEM, as bytes, to a KeyObject through loadSigningKey, the loader import validated the key
 * with. The base64 body is decoded from the bytes into a Buffer that is wiped once the KeyObject holds the key,
 * so signing makes no string of the key (no body slice, no re-armoured PEM, no JWK). The caller wipes `pem`.
 */
export function loadStoredSigningKey(pem: Buffer): KeyObject {
  const der = decodePemBody(pem);
  try {
    if (der === undefined) throw new SigningKeyRefused({ reason: 'unreadable' });
    return loadSigningKey(der);
  } catch (error) {
    if (error instanceof SigningKeyRefused) throw storedKeyUnreadable();
    throw error;
  } finally {
    der?.fill(0);
  }
}

export function storedKeyUnreadable(): AppError {
  return new AppError(
    'KEY_UNREADABLE',
    'The stored key could not be read as an EC P-256 private key, so nothing was signed. Import the .p8 file again.',
  );
}

/** The bytes of a `PRIVATE KEY` PEM's base64 body, or undefined when the armour or the base64 is not intact. */
function decodePemBody(pem: Buffer): Buffer | undefined {
  const begin = pem.indexOf(PKCS8_BEGIN);
  const start = begin + PKCS8_BEGIN.length;
  const stop = begin === -1 ? -1 : pem.indexOf(PKCS8_END, start);
  if (stop === -1) return undefined;
  return decodeBase64Bytes(pem.subarray(start, stop));
}
