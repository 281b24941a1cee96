import { importPKCS8, SignJWT, type JWTPayload } from 'jose';
import { AppError } from '../../src-shared/errors';
import type { Es256JwtHeader } from '../../src-shared/signing/token-request';

/** Apple's header for every JWT: ES256, the Key ID, and always `typ`. */
export function es256Header(keyId: string): Es256JwtHeader {
  return { alg: 'ES256', kid: keyId, typ: 'JWT' };
}

/** Signs the payload exactly as given (jose adds no claims) with a raw 64-byte R||S signature, as Apple requires. */
export async function signEs256Jwt(pkcs8Pem: string, header: Es256JwtHeader, payload: object): Promise<string> {
  const signingKey = await importSigningKey(pkcs8Pem);
  return new SignJWT({ ...payload } as JWTPayload).setProtectedHeader({ ...header }).sign(signingKey);
}

async function importSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  try {
    return await importPKCS8(pkcs8Pem, 'ES256');
  } catch {
    throw new AppError(
      'KEY_UNREADABLE',
      'The stored key could not be read as an EC P-256 private key, so nothing was signed. Import the .p8 file again.',
    );
  }
}

/** Whole seconds since the epoch, rounded down so `iat` is never in the future. */
export function unixSeconds(now: Date): number {
  return Math.floor(now.getTime() / 1000);
}

export function isoFromUnixSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
