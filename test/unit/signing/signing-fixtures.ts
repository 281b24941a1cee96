import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { SigningKeyInfo } from '../../../src-shared/signing/signing-key';
import { loadStoredSigningKey } from '../../../src-main/keys/stored-signing-key';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';

/** Apple's own example Issuer ID (not an RFC 4122 UUID, so it must pass as a shape only). */
export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const BUNDLE_ID = 'com.example.app';
export const NOW = new Date('2025-03-14T15:09:26.535Z');
export const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);
export const NONCE = '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** A fresh P-256 key, its .p8 (App Store Connect's `MIGTAgEA…` form) and the metadata the vault keeps. */
export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  pkcs8Pem: string;
  /** The key as the signing service hands it to a signer: the .p8 loaded by loadStoredSigningKey. */
  signingKey: KeyObject;
  info: SigningKeyInfo;
}

export function makeTestKey(kind: KeyKind, info: Partial<SigningKeyInfo> = {}): TestKey {
  const privateKey = generateP256Key();
  const publicKey = createPublicKey(privateKey);
  const pkcs8Pem = appStoreConnectP8(privateKey);
  return {
    privateKey,
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    pkcs8Pem,
    signingKey: loadStoredSigningKey(Buffer.from(pkcs8Pem)),
    info: {
      kind,
      keyId: { 'asc-team': 'TEAM2X9R4H', 'asc-individual': 'USER7Q3K8M', 'in-app-purchase': 'IAP5K8W2ZQ' }[kind],
      issuerId: kind === 'asc-individual' ? null : ISSUER_ID,
      ...info,
    },
  };
}

export interface JwtParts {
  header: unknown;
  payload: unknown;
  signature: Buffer;
}

/** Decodes a compact JWT with nothing but Buffer and JSON, independently of the code under test. */
export function splitJwt(token: string): JwtParts {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  const [header = '', payload = '', signature = ''] = parts;
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** A second verifier: Node's crypto over `header.payload`, expecting the raw 64-byte R||S form. */
export function verifiesWithNodeCrypto(token: string, publicKey: KeyObject): boolean {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const rawSignature = Buffer.from(signature, 'base64url');
  if (rawSignature.length !== 64) return false;
  return verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, rawSignature);
}

/** Signs any header and payload by hand, to build the malformed tokens the inspector must explain. */
export function handMadeJwt(
  header: object,
  payload: object,
  key: KeyObject,
  signatureForm: 'raw' | 'der' | 'none' = 'raw',
): string {
  const signingInput = `${base64urlJson(header)}.${base64urlJson(payload)}`;
  if (signatureForm === 'none') return `${signingInput}.`;
  const signature = sign('sha256', Buffer.from(signingInput), {
    key,
    dsaEncoding: signatureForm === 'der' ? 'der' : 'ieee-p1363',
  });
  return `${signingInput}.${signature.toString('base64url')}`;
}

export function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The AppError a promise rejects with (or a function throws); fails the test otherwise. */
export async function rejectedAppError(action: () => unknown): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}
