import { webcrypto, type KeyObject } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { storedKeyUnreadable } from '../keys/stored-signing-key';
import type { Es256JwtHeader } from '../../src-shared/signing/token-request';

/** Apple's header for every JWT: ES256, the Key ID, and always `typ`. */
export function es256Header(keyId: string): Es256JwtHeader {
  return { alg: 'ES256', kid: keyId, typ: 'JWT' };
}

/**
 * Signs the payload exactly as given (jose adds no claims) with a raw 64-byte R||S signature, as Apple requires.
 * `signingKey` comes from loadSigningKey, the function import validated the key with.
 */
export async function signEs256Jwt(signingKey: KeyObject, header: Es256JwtHeader, payload: object): Promise<string> {
  const key = await joseSigningKey(signingKey);
  return new SignJWT({ ...payload } as JWTPayload).setProtectedHeader({ ...header }).sign(key);
}

/**
 * jose signs with WebCrypto. Where Node has KeyObject.toCryptoKey (22.10 and later, as in Electron 45) jose converts
 * the KeyObject itself without copying the key into JS; on older Node it would export it as a JWK, whose `d` is a JS
 * string, so there the key goes over as PKCS#8 DER in a Buffer that is wiped, into a non-extractable CryptoKey.
 */
async function joseSigningKey(signingKey: KeyObject): Promise<KeyObject | CryptoKey> {
  if (typeof (signingKey as { toCryptoKey?: unknown }).toCryptoKey === 'function') return signingKey;
  const der = signingKey.export({ type: 'pkcs8', format: 'der' });
  try {
    return await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  } catch {
    throw storedKeyUnreadable();
  } finally {
    der.fill(0);
  }
}

/** Whole seconds since the epoch, rounded down so `iat` is never in the future. */
export function unixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function isoFromUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
