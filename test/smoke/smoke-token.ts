import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';

export interface ExpectedToken {
  keyId: string;
  issuerId: string;
}

// Apple refuses App Store Connect API tokens that live longer than 20 minutes.
const APPLE_MAX_LIFETIME_SECONDS = 20 * 60;

/**
 * What is wrong with an App Store Connect API team token the app issued, checked with the key's public key
 * alone (as Apple checks it); an empty list when nothing is.
 */
export async function tokenProblems(token: string, publicKey: KeyObject, expected: ExpectedToken): Promise<string[]> {
  let header;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return ['The text the app showed is not a JWT.'];
  }
  const problems: string[] = [];
  if (header.kid !== expected.keyId) problems.push(`kid is ${String(header.kid)}, not the imported key's ${expected.keyId}.`);
  if (header.typ !== 'JWT') problems.push(`typ is ${String(header.typ)}, not JWT.`);
  try {
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['ES256'], audience: 'appstoreconnect-v1', issuer: expected.issuerId });
    const lifetime = (payload.exp ?? 0) - (payload.iat ?? 0);
    if (lifetime <= 0 || lifetime > APPLE_MAX_LIFETIME_SECONDS) problems.push(`it lives ${lifetime} s; Apple accepts at most ${APPLE_MAX_LIFETIME_SECONDS} s.`);
  } catch (error) {
    problems.push(`it does not verify with the imported key's public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}
