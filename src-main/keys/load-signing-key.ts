import { createPrivateKey, type KeyObject } from 'node:crypto';
import { DER_TAG, readDerElement } from './der';

/** Why bytes are not a key this app can sign with; import words each for the user, signing reports them all as one. */
export type SigningKeyFault =
  | { reason: 'trailing-bytes' }
  | { reason: 'unreadable' }
  | { reason: 'rsa' }
  | { reason: 'not-ec'; keyType: string | undefined }
  | { reason: 'wrong-curve'; curve: string | undefined }
  | { reason: 'out-of-range' };

export class SigningKeyRefused extends Error {
  constructor(readonly fault: SigningKeyFault) {
    super(`Not a P-256 signing key: ${fault.reason}`);
    this.name = 'SigningKeyRefused';
  }
}

// The order n of P-256's base point (SEC 2, secp256r1), big-endian: a private key is a number from 1 to n - 1.
const P256_ORDER = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');

/**
 * The one way private key bytes become a key to sign with: import validates a .p8 with it and every signer
 * loads the stored key with it, so a key that imports is a key that signs. Reads DER (PKCS#8, or SEC1 as some
 * tools write), and takes only an EC P-256 key whose private number is 1..n-1. The caller owns `der` and wipes it.
 */
export function loadSigningKey(der: Buffer, format: 'pkcs8' | 'sec1' = 'pkcs8'): KeyObject {
  // Node ignores bytes after the key's structure; a key with more bytes than its structure holds is not intact.
  const outer = readDerElement(der);
  if (outer !== undefined && outer.end < der.length) throw new SigningKeyRefused({ reason: 'trailing-bytes' });
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: der, format: 'der', type: format });
  } catch {
    throw new SigningKeyRefused({ reason: 'unreadable' });
  }
  const keyType = privateKey.asymmetricKeyType;
  if (keyType === 'rsa' || keyType === 'rsa-pss') throw new SigningKeyRefused({ reason: 'rsa' });
  if (keyType !== 'ec') throw new SigningKeyRefused({ reason: 'not-ec', keyType });
  const curve = privateKey.asymmetricKeyDetails?.namedCurve;
  if (curve !== 'prime256v1') throw new SigningKeyRefused({ reason: 'wrong-curve', curve });
  if (!privateNumberInRange(privateKey)) throw new SigningKeyRefused({ reason: 'out-of-range' });
  return privateKey;
}

/**
 * OpenSSL reduces a private number modulo n, so n + 1 signs like 1 with Node's crypto, but WebCrypto (which jose
 * signs with) refuses it: only 1..n-1 is a key that every signer takes. Read from a SEC1 export, a Buffer wiped
 * here, rather than from a JWK, whose `d` would be a JS string of the private key.
 */
function privateNumberInRange(privateKey: KeyObject): boolean {
  const sec1 = privateKey.export({ type: 'sec1', format: 'der' });
  try {
    // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, ... } (RFC 5915)
    const outer = readDerElement(sec1);
    const version = outer && readDerElement(sec1, outer.contentStart);
    const octets = version && readDerElement(sec1, version.end);
    if (octets?.tag !== DER_TAG.octetString) return false;
    let start = octets.contentStart;
    while (start < octets.end && sec1[start] === 0) start += 1;
    const number = sec1.subarray(start, octets.end);
    if (number.length === 0 || number.length > P256_ORDER.length) return false;
    return number.length < P256_ORDER.length || Buffer.compare(number, P256_ORDER) < 0;
  } finally {
    sec1.fill(0);
  }
}
