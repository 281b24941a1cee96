import { createPublicKey, randomBytes } from 'node:crypto';
import { compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadStoredSigningKey } from '../../../src-main/keys/stored-signing-key';
import { es256Header, signEs256Jwt } from '../../../src-main/signing/es256-jwt';
import type { ErrorCode } from '../../../src-shared/errors';
import {
  appStoreConnectP8,
  generateP256Key,
  generatePrivateKey,
  p256KeyWithScalar,
  p8WithForeignPublicKey,
  p8WithScalar,
  parseP8Input,
  pem,
  pemBody,
  selfSignedCertificatePem,
  thrownAppError,
  utf8,
  type P8Input,
} from '../../helpers/keys';

interface BadP8Case {
  name: string;
  input: () => P8Input;
  code: ErrorCode;
}

const p256 = generateP256Key();
const goodPem = appStoreConnectP8(p256);
const goodDer = Buffer.from(pemBody(goodPem), 'base64');
const sec1Der = p256.export({ type: 'sec1', format: 'der' });
const rsa = generatePrivateKey({ type: 'rsa', modulusLength: 2048 });
const p384 = generatePrivateKey({ type: 'ec', namedCurve: 'P-384' });
const secp256k1 = generatePrivateKey({ type: 'ec', namedCurve: 'secp256k1' });
const ed25519 = generatePrivateKey({ type: 'ed25519' });
const x25519 = generatePrivateKey({ type: 'x25519' });

// The order n of P-256 (SEC 2): private numbers run from 1 to n - 1.
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const keyOfOne = p256KeyWithScalar(1n);

const file = (text: string | Uint8Array) => () => ({ file: typeof text === 'string' ? utf8(text) : text });
const pasted = (text: string) => () => ({ pasted: text });

// A run this long of base64 letters in a message could only be copied out of a key.
const BASE64_RUN = /[A-Za-z0-9+/]{16,}/;

const catalogue: BadP8Case[] = [
  { name: 'an empty file', input: file(''), code: 'FILE_EMPTY' },
  { name: 'a file of only white space and a byte order mark', input: file('\uFEFF \r\n\t\n'), code: 'FILE_EMPTY' },
  { name: 'a valid key padded past 64 KiB', input: file(goodPem.padEnd(64 * 1024 + 1, '\n')), code: 'FILE_TOO_LARGE' },
  { name: 'a 10 MB file', input: file(new Uint8Array(10 * 1024 * 1024).fill(0x41)), code: 'FILE_TOO_LARGE' },
  { name: 'random bytes', input: file(randomBytes(512)), code: 'NOT_PEM' },
  { name: 'plain text', input: file('Key ID: 2X9R4HXF34\nIssuer: see App Store Connect\n'), code: 'NOT_PEM' },
  { name: 'two private keys in one file', input: file(goodPem + appStoreConnectP8(generateP256Key())), code: 'MULTIPLE_PEM_BLOCKS' },
  { name: 'a key followed by its certificate', input: file(goodPem + selfSignedCertificatePem(p256)), code: 'MULTIPLE_PEM_BLOCKS' },
  { name: 'a self-signed certificate', input: file(selfSignedCertificatePem(p256)), code: 'IS_CERTIFICATE' },
  { name: 'the public key', input: file(createPublicKey(p256).export({ type: 'spki', format: 'pem' }).toString()), code: 'IS_PUBLIC_KEY' },
  // n + 1 signs like 1 in OpenSSL and passes a sign-and-verify test with the point of 1, but WebCrypto refuses it.
  { name: 'a private number of n + 1 beside the public point of 1', input: file(p8WithScalar(P256_ORDER + 1n, keyOfOne)), code: 'KEY_OUT_OF_RANGE' },
  { name: 'a private number of n, the curve order', input: file(p8WithScalar(P256_ORDER, p256)), code: 'KEY_OUT_OF_RANGE' },
  { name: 'a private number of 0', input: file(p8WithScalar(0n, p256)), code: 'KEY_OUT_OF_RANGE' },
  { name: 'a private number of 2^256 - 1', input: file(p8WithScalar((1n << 256n) - 1n, keyOfOne)), code: 'KEY_OUT_OF_RANGE' },
  {
    name: 'a password-protected PKCS#8 key',
    input: file(p256.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString()),
    code: 'ENCRYPTED_KEY',
  },
  {
    name: 'a password-protected SEC1 key (Proc-Type header)',
    input: file(p256.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString()),
    code: 'ENCRYPTED_KEY',
  },
  { name: 'an RSA key in PKCS#8', input: file(rsa.export({ type: 'pkcs8', format: 'pem' }).toString()), code: 'RSA_KEY' },
  { name: 'an RSA key in PKCS#1', input: file(rsa.export({ type: 'pkcs1', format: 'pem' }).toString()), code: 'RSA_KEY' },
  { name: 'an Ed25519 key', input: file(ed25519.export({ type: 'pkcs8', format: 'pem' }).toString()), code: 'WRONG_KEY_TYPE' },
  { name: 'an X25519 key', input: file(x25519.export({ type: 'pkcs8', format: 'pem' }).toString()), code: 'WRONG_KEY_TYPE' },
  { name: 'an OpenSSH private key', input: file(pem('OPENSSH PRIVATE KEY', randomBytes(200))), code: 'WRONG_KEY_TYPE' },
  { name: 'a P-384 key', input: file(p384.export({ type: 'pkcs8', format: 'pem' }).toString()), code: 'WRONG_CURVE' },
  { name: 'a secp256k1 key', input: file(secp256k1.export({ type: 'pkcs8', format: 'pem' }).toString()), code: 'WRONG_CURVE' },
  { name: 'a P-384 key in SEC1', input: file(p384.export({ type: 'sec1', format: 'pem' }).toString()), code: 'WRONG_CURVE' },
  { name: 'a file cut off half-way', input: file(goodPem.slice(0, goodPem.length / 2)), code: 'PEM_DAMAGED' },
  { name: 'intact armour around truncated DER', input: file(pem('PRIVATE KEY', goodDer.subarray(0, 100))), code: 'PEM_DAMAGED' },
  { name: 'a character that is not base64', input: file(goodPem.replace(/(\n[A-Za-z0-9+/]{10})./, '$1!')), code: 'PEM_DAMAGED' },
  { name: 'base64 with a character missing', input: file(goodPem.replace(/(\n[A-Za-z0-9+/]{10})./, '$1')), code: 'PEM_DAMAGED' },
  { name: 'a BEGIN line with a dash missing', input: file(goodPem.replace('-----BEGIN', '----BEGIN')), code: 'PEM_DAMAGED' },
  { name: 'an END line for another label', input: file(goodPem.replace('END PRIVATE', 'END EC PRIVATE')), code: 'PEM_DAMAGED' },
  { name: 'text after the END line', input: file(`${goodPem}Key ID 2X9R4HXF34\n`), code: 'PEM_DAMAGED' },
  { name: 'a PKCS#8 key with bytes after its DER structure', input: file(pem('PRIVATE KEY', Buffer.concat([goodDer, randomBytes(8)]))), code: 'PEM_DAMAGED' },
  { name: 'a SEC1 key with bytes after its DER structure', input: file(pem('EC PRIVATE KEY', Buffer.concat([sec1Der, Buffer.from([0, 0])]))), code: 'PEM_DAMAGED' },
  {
    name: 'a private key whose embedded public key is another key’s',
    input: file(p8WithForeignPublicKey(p256, generateP256Key())),
    code: 'KEY_SELF_TEST_FAILED',
  },
  { name: 'pasted text with nothing key-like in it', input: pasted('"see the 1Password entry"'), code: 'NOT_PEM' },
  { name: 'pasted base64 that is not DER', input: pasted(Buffer.from('not a key at all').toString('base64')), code: 'NOT_PEM' },
  { name: 'nothing pasted', input: pasted('  '), code: 'NOT_PEM' },
  { name: 'a pasted bare body cut off half-way', input: pasted(pemBody(goodPem).slice(0, 100)), code: 'PEM_DAMAGED' },
  { name: 'a pasted bare RSA key body (PKCS#1)', input: pasted(pemBody(rsa.export({ type: 'pkcs1', format: 'pem' }).toString())), code: 'RSA_KEY' },
  { name: 'a pasted bare public key body', input: pasted(pemBody(createPublicKey(p256).export({ type: 'spki', format: 'pem' }).toString())), code: 'IS_PUBLIC_KEY' },
  { name: 'a pasted bare certificate body', input: pasted(pemBody(selfSignedCertificatePem(p256))), code: 'IS_CERTIFICATE' },
  {
    name: 'a pasted bare password-protected PKCS#8 body',
    input: pasted(pemBody(p256.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString())),
    code: 'ENCRYPTED_KEY',
  },
  { name: 'a pasted bare P-384 SEC1 body', input: pasted(pemBody(p384.export({ type: 'sec1', format: 'pem' }).toString())), code: 'WRONG_CURVE' },
  { name: 'a pasted key missing its END line and cut short', input: pasted(goodPem.slice(0, goodPem.length / 2)), code: 'PEM_DAMAGED' },
  { name: 'a pasted key whose BEGIN line lost a dash', input: pasted(goodPem.replace('-----BEGIN', '----BEGIN')), code: 'PEM_DAMAGED' },
  { name: 'a pasted certificate', input: pasted(selfSignedCertificatePem(p256).replace(/\n/g, '\\n')), code: 'IS_CERTIFICATE' },
  { name: 'two pasted keys on one line', input: pasted((goodPem + goodPem).replace(/\n/g, ' ')), code: 'MULTIPLE_PEM_BLOCKS' },
  {
    name: 'a pasted P-384 key with escaped line ends',
    input: pasted(p384.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n')),
    code: 'WRONG_CURVE',
  },
];

describe('bad .p8 catalogue', () => {
  it.each(catalogue)('refuses $name with $code and a message free of key text', ({ input, code }) => {
    const error = thrownAppError(() => parseP8Input(input()));

    expect(error.code).toBe(code);
    expect(error.message).not.toMatch(BASE64_RUN);
  });
});

// The same damage, pasted: a copy that lost part of the key is far likelier than a damaged original.
const damages: Array<{ name: string; text: string; says: string }> = [
  { name: 'cut off half-way', text: goodPem.slice(0, goodPem.length / 2), says: 'copy the whole key again from the original .p8 file' },
  { name: 'a character that is not base64', text: goodPem.replace(/(\n[A-Za-z0-9+/]{10})./, '$1!'), says: 'copy the whole key again from the original .p8 file' },
  { name: 'text after the END line', text: `${goodPem}Key ID 2X9R4HXF34\n`, says: 'Copy only the key from the original .p8 file' },
  { name: 'a key that fails its self-test', text: p8WithForeignPublicKey(p256, generateP256Key()), says: 'copy the whole key again from the original .p8 file' },
];

describe('damaged key text', () => {
  it.each(damages)('tells a user who pasted a key $name to copy it again or choose the file, not to revoke it', ({ text, says }) => {
    const error = thrownAppError(() => parseP8Input({ pasted: text }));

    expect(error.message).toMatch(/^The pasted (key|text)/);
    expect(error.message).toContain(says);
    expect(error.message).toContain('choose the file');
    expect(error.message).not.toMatch(/file is damaged|revoke/i);
  });

  it.each(damages)('tells a user who picked a file $name what is wrong with the file', ({ text }) => {
    const error = thrownAppError(() => parseP8Input({ file: utf8(text) }));

    expect(error.message).toMatch(/^This (key )?file|^This key could not/);
    expect(error.message).not.toContain('pasted');
  });
});

describe('the range of a private number', () => {
  it.each([
    ['1', 1n],
    ['n - 1', P256_ORDER - 1n],
  ])('imports the edge key %s, and the JWT signer (jose, over WebCrypto) signs with what was imported', async (_name, scalar) => {
    const key = p256KeyWithScalar(scalar);
    const parsed = parseP8Input({ file: utf8(appStoreConnectP8(key)) });

    const token = await signEs256Jwt(loadStoredSigningKey(Buffer.from(parsed.parsed.pkcs8Pem)), es256Header('TEAM2X9R4H'), { aud: 'appstoreconnect-v1' });
    await expect(compactVerify(token, createPublicKey(key))).resolves.toBeDefined();
  });
});
