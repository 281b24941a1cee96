import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSigningKey, SigningKeyRefused, type SigningKeyFault } from '../../../src-main/keys/load-signing-key';
import { loadStoredSigningKey } from '../../../src-main/keys/stored-signing-key';
import {
  appStoreConnectP8,
  generateP256Key,
  generatePrivateKey,
  p256KeyWithScalar,
  p8WithScalar,
  pemBody,
  thrownAppError,
} from '../../helpers/keys';

// The order n of P-256 (SEC 2): private numbers run from 1 to n - 1.
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const p256 = generateP256Key();
const nodePem = p256.export({ type: 'pkcs8', format: 'pem' }).toString();
const derOf = (pemText: string) => Buffer.from(pemBody(pemText), 'base64');

function faultOf(action: () => unknown): SigningKeyFault {
  try {
    action();
  } catch (error) {
    if (error instanceof SigningKeyRefused) return error.fault;
    throw error;
  }
  throw new Error('expected loadSigningKey to refuse the key');
}

describe('loadSigningKey', () => {
  it.each([
    ['PKCS#8 as Node writes it', () => derOf(nodePem), 'pkcs8'],
    ['PKCS#8 as App Store Connect writes it', () => derOf(appStoreConnectP8(p256)), 'pkcs8'],
    ['SEC1', () => p256.export({ type: 'sec1', format: 'der' }), 'sec1'],
  ] as const)('loads %s as the same key', (_name, der, format) => {
    expect(loadSigningKey(der(), format).equals(p256)).toBe(true);
  });

  it.each([
    ['1', 1n],
    ['n - 1', P256_ORDER - 1n],
  ])('loads the edge key %s', (_name, scalar) => {
    expect(() => loadSigningKey(derOf(appStoreConnectP8(p256KeyWithScalar(scalar))))).not.toThrow();
  });

  const keyOfOne = p256KeyWithScalar(1n);
  it.each<[string, () => Buffer, SigningKeyFault['reason']]>([
    ['a private number of n + 1', () => derOf(p8WithScalar(P256_ORDER + 1n, keyOfOne)), 'out-of-range'],
    ['a private number of n', () => derOf(p8WithScalar(P256_ORDER, p256)), 'out-of-range'],
    ['a private number of 0', () => derOf(p8WithScalar(0n, p256)), 'out-of-range'],
    ['bytes after the key', () => Buffer.concat([derOf(nodePem), Buffer.from([0])]), 'trailing-bytes'],
    ['half a key', () => derOf(nodePem).subarray(0, 60), 'unreadable'],
    ['an RSA key', () => generatePrivateKey({ type: 'rsa', modulusLength: 2048 }).export({ type: 'pkcs8', format: 'der' }), 'rsa'],
    ['an Ed25519 key', () => generatePrivateKey({ type: 'ed25519' }).export({ type: 'pkcs8', format: 'der' }), 'not-ec'],
    ['a P-384 key', () => generatePrivateKey({ type: 'ec', namedCurve: 'P-384' }).export({ type: 'pkcs8', format: 'der' }), 'wrong-curve'],
  ])('refuses %s', (_name, der, reason) => {
    expect(faultOf(() => loadSigningKey(der())).reason).toBe(reason);
  });
});

describe('loadStoredSigningKey', () => {
  it.each([
    ['the PEM Node writes, which the vault stores', nodePem],
    ['the App Store Connect form', appStoreConnectP8(p256)],
    ['CRLF line ends', nodePem.replace(/\n/g, '\r\n')],
  ])('reads %s as the same key', (_name, text) => {
    const key = loadStoredSigningKey(Buffer.from(text));
    expect(key.equals(p256)).toBe(true);
    expect(createPublicKey(key).equals(createPublicKey(p256))).toBe(true);
  });

  it.each([
    ['a PEM that is not a key', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
    ['no armour', pemBody(nodePem)],
    ['no END line', nodePem.slice(0, nodePem.indexOf('-----END'))],
    ['a character outside base64', nodePem.replace(/(\n[A-Za-z0-9+/]{10})./, '$1!')],
    ['base64 after padding', nodePem.replace('-----END', '=AAAA\n-----END')],
    ['three padding characters', nodePem.replace('-----END', '===\n-----END')],
    ['a public key', createPublicKey(p256).export({ type: 'spki', format: 'pem' }).toString()],
    ['an out-of-range key', p8WithScalar(P256_ORDER, p256)],
    ['an RSA key', generatePrivateKey({ type: 'rsa', modulusLength: 2048 }).export({ type: 'pkcs8', format: 'pem' }).toString()],
  ])('refuses %s with KEY_UNREADABLE and no key text', (_name, text) => {
    const error = thrownAppError(() => loadStoredSigningKey(Buffer.from(text)));
    expect(error.code).toBe('KEY_UNREADABLE');
    expect(error.message).toContain('Import the .p8 file again');
    expect(error.message).not.toMatch(/[A-Za-z0-9+/]{16,}/);
  });
});
