import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ErrorCode } from '../../../src-shared/errors';
import type { KeyImportRequest } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, generateP256Key, generatePrivateKey, p8WithForeignPublicKey, pem, pemBody, selfSignedCertificatePem } from '../../helpers/keys';
import { ISSUER_ID, keyServiceFixture, refusal, vaultState } from './key-service-fixtures';

// Lets a row prove that a file was refused from its size alone, without being opened.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});

type KeySource = { file: string | Uint8Array } | { sparseFileOfBytes: number } | { folder: true } | { missing: true } | { pasted: string };

interface RefusalCase {
  name: string;
  source: KeySource;
  /** The key file's name; for files, by default a team key's download name for a Key ID not yet in the vault. */
  fileName?: string;
  /** Merged over `{ issuerId: ISSUER_ID }`. */
  request?: Partial<Omit<KeyImportRequest, 'source'>>;
  code: ErrorCode;
  /** Phrases the message must contain. */
  says?: string[];
  /** The file must be refused before it is opened. */
  notOpened?: true;
}

const EXISTING = { keyId: 'EXISTING01', name: 'Production API' };
const existingKey = generateP256Key();
const existingP8 = appStoreConnectP8(existingKey);

const p256 = generateP256Key();
const goodP8 = appStoreConnectP8(p256);
const p384 = generatePrivateKey({ type: 'ec', namedCurve: 'P-384' });
const rsa = generatePrivateKey({ type: 'rsa', modulusLength: 2048 });
const ed25519 = generatePrivateKey({ type: 'ed25519' });
const secp256k1 = generatePrivateKey({ type: 'ec', namedCurve: 'secp256k1' });
const goodDer = Buffer.from(pemBody(goodP8), 'base64');
const sec1Der = p256.export({ type: 'sec1', format: 'der' });

// A run this long of base64 letters in a message could only be copied out of a key.
const BASE64_RUN = /[A-Za-z0-9+/]{16,}/;

const catalogue: RefusalCase[] = [
  { name: 'a P-384 key', source: { file: p384.export({ type: 'pkcs8', format: 'pem' }).toString() }, code: 'WRONG_CURVE', says: ['P-256'] },
  { name: 'a P-384 key in SEC1', source: { file: p384.export({ type: 'sec1', format: 'pem' }).toString() }, code: 'WRONG_CURVE' },
  { name: 'a secp256k1 key', source: { file: secp256k1.export({ type: 'pkcs8', format: 'pem' }).toString() }, code: 'WRONG_CURVE', says: ['secp256k1', 'P-256'] },
  { name: 'an RSA key', source: { file: rsa.export({ type: 'pkcs8', format: 'pem' }).toString() }, code: 'RSA_KEY', says: ['RSA'] },
  { name: 'an RSA key in PKCS#1 form', source: { file: rsa.export({ type: 'pkcs1', format: 'pem' }).toString() }, code: 'RSA_KEY', says: ['RSA'] },
  { name: 'an Ed25519 key', source: { file: ed25519.export({ type: 'pkcs8', format: 'pem' }).toString() }, code: 'WRONG_KEY_TYPE' },
  {
    name: 'a password-protected PKCS#8 key',
    source: { file: p256.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString() },
    code: 'ENCRYPTED_KEY',
  },
  {
    name: 'a password-protected SEC1 key',
    source: { file: p256.export({ type: 'sec1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }).toString() },
    code: 'ENCRYPTED_KEY',
    says: ['password'],
  },
  { name: 'a certificate', source: { file: selfSignedCertificatePem(p256) }, code: 'IS_CERTIFICATE' },
  { name: 'a public key', source: { file: createPublicKey(p256).export({ type: 'spki', format: 'pem' }).toString() }, code: 'IS_PUBLIC_KEY' },
  { name: 'two PEM blocks', source: { file: goodP8 + appStoreConnectP8(generateP256Key()) }, code: 'MULTIPLE_PEM_BLOCKS' },
  { name: 'a file cut off half-way', source: { file: goodP8.slice(0, goodP8.length / 2) }, code: 'PEM_DAMAGED' },
  {
    name: 'intact armour around truncated DER',
    source: { file: pem('PRIVATE KEY', Buffer.from(pemBody(goodP8), 'base64').subarray(0, 100)) },
    code: 'PEM_DAMAGED',
  },
  {
    name: 'base64 broken by a character that is not base64',
    source: { file: goodP8.replace(/(\n[A-Za-z0-9+/]{10})./, '$1!') },
    code: 'PEM_DAMAGED',
    says: ['not valid base64'],
  },
  { name: 'a damaged BEGIN line', source: { file: goodP8.replace('-----BEGIN', '----BEGIN') }, code: 'PEM_DAMAGED', says: ['BEGIN line is broken'] },
  { name: 'text outside the PEM block', source: { file: `Key ID: NEWKEY1234\n${goodP8}` }, code: 'PEM_DAMAGED', says: ['other text before or after'] },
  {
    name: 'a PKCS#8 key with bytes appended after its DER structure',
    source: { file: pem('PRIVATE KEY', Buffer.concat([goodDer, randomBytes(8)])) },
    code: 'PEM_DAMAGED',
    says: ['extra bytes'],
  },
  {
    name: 'a SEC1 key with bytes appended after its DER structure',
    source: { file: pem('EC PRIVATE KEY', Buffer.concat([sec1Der, Buffer.from([0, 0])])) },
    code: 'PEM_DAMAGED',
    says: ['extra bytes'],
  },
  {
    name: 'a key that fails the sign/verify self-test',
    source: { file: p8WithForeignPublicKey(p256, generateP256Key()) },
    code: 'KEY_SELF_TEST_FAILED',
    says: ['could not sign and verify'],
  },
  { name: 'random bytes', source: { file: randomBytes(600) }, code: 'NOT_PEM' },
  { name: 'an empty file', source: { file: '' }, code: 'FILE_EMPTY' },
  { name: 'a 10 MB file', source: { sparseFileOfBytes: 10 * 1024 * 1024 }, code: 'FILE_TOO_LARGE', says: ['10.0 MB'], notOpened: true },
  { name: 'a file one byte over 64 KiB', source: { file: goodP8.padEnd(64 * 1024 + 1, '\n') }, code: 'FILE_TOO_LARGE', notOpened: true },
  { name: 'a file that is not there', source: { missing: true }, code: 'FILE_UNREADABLE' },
  { name: 'a folder', source: { folder: true }, code: 'FILE_UNREADABLE', notOpened: true },
  {
    name: 'a typed Key ID that disagrees with the file name',
    source: { file: goodP8 },
    fileName: 'AuthKey_NEWKEY1234.p8',
    request: { keyId: 'typed99999' },
    code: 'KEY_ID_MISMATCH',
    says: ['TYPED99999', 'NEWKEY1234'],
  },
  {
    name: 'an In-App Purchase file imported as an App Store Connect API key',
    source: { file: goodP8 },
    fileName: 'SubscriptionKey_NEWKEY1234.p8',
    request: { kind: 'asc-team' },
    code: 'KIND_MISMATCH',
  },
  {
    name: 'an App Store Connect API file imported as an In-App Purchase key',
    source: { file: goodP8 },
    request: { kind: 'in-app-purchase' },
    code: 'KIND_MISMATCH',
  },
  { name: 'a Key ID that is too short', source: { file: goodP8 }, fileName: 'key.p8', request: { kind: 'asc-team', keyId: 'ABC123' }, code: 'BAD_KEY_ID' },
  { name: 'no Key ID in the file name and none typed', source: { file: goodP8 }, fileName: 'key.p8', request: { kind: 'asc-team' }, code: 'BAD_KEY_ID' },
  {
    name: 'an Issuer ID typed as the Key ID',
    source: { file: goodP8 },
    fileName: 'key.p8',
    request: { kind: 'asc-team', keyId: ISSUER_ID },
    code: 'BAD_KEY_ID',
    says: ['looks like an Issuer ID'],
  },
  { name: 'no kind for a file whose name does not tell it', source: { file: goodP8 }, fileName: 'key.p8', request: { keyId: 'NEWKEY1234' }, code: 'KIND_REQUIRED' },
  {
    name: 'an In-App Purchase key without an Issuer ID',
    source: { file: goodP8 },
    fileName: 'SubscriptionKey_NEWKEY1234.p8',
    request: { issuerId: undefined },
    code: 'BAD_ISSUER_ID',
    says: ['Issuer ID', 'above the list of keys', 'Integrations > In-App Purchase'],
  },
  {
    name: 'a team key with a blank Issuer ID',
    source: { file: goodP8 },
    request: { issuerId: '   ' },
    code: 'BAD_ISSUER_ID',
    says: ['above the list of keys', 'Team Keys'],
  },
  { name: 'a Key ID pasted as the Issuer ID', source: { file: goodP8 }, request: { issuerId: 'NEWKEY1234' }, code: 'BAD_ISSUER_ID', says: ['looks like a Key ID'] },
  { name: 'an Issuer ID that is not a UUID', source: { file: goodP8 }, request: { issuerId: '57246542-96fe-1a63' }, code: 'BAD_ISSUER_ID' },
  {
    name: 'an Issuer ID given for an individual key',
    source: { file: goodP8 },
    request: { kind: 'asc-individual' },
    code: 'BAD_ISSUER_ID',
    says: ['Individual', 'no Issuer ID'],
  },
  { name: 'a wildcard bundle ID', source: { file: goodP8 }, request: { bundleIds: ['com.example.app', 'com.example.*'] }, code: 'BAD_BUNDLE_ID' },
  { name: 'a bundle ID with an empty part', source: { file: goodP8 }, request: { bundleIds: ['com..example'] }, code: 'BAD_BUNDLE_ID' },
  {
    name: 'the key already in the vault, under another file name',
    source: { file: existingP8 },
    code: 'DUPLICATE_KEY',
    says: [EXISTING.name, EXISTING.keyId],
  },
  {
    name: 'the key already in the vault, in SEC1 form',
    source: { file: existingKey.export({ type: 'sec1', format: 'pem' }).toString() },
    code: 'DUPLICATE_KEY',
    says: [EXISTING.name, EXISTING.keyId],
  },
  {
    name: 'the key already in the vault, pasted',
    source: { pasted: existingP8.replace(/\n/g, '\\n') },
    request: { kind: 'asc-team', keyId: EXISTING.keyId },
    code: 'DUPLICATE_KEY',
    says: [EXISTING.name],
  },
  {
    name: 'another key under a Key ID already in the vault',
    source: { file: goodP8 },
    fileName: `AuthKey_${EXISTING.keyId}.p8`,
    code: 'KEY_ID_IN_USE',
    says: [EXISTING.name, EXISTING.keyId],
  },
  { name: 'an empty clipboard', source: { pasted: '' }, request: { kind: 'asc-team', keyId: 'NEWKEY1234' }, code: 'NOT_PEM' },
  {
    name: 'a pasted key cut off half-way',
    source: { pasted: goodP8.slice(0, goodP8.length / 2) },
    request: { kind: 'asc-team', keyId: 'NEWKEY1234' },
    code: 'PEM_DAMAGED',
    says: ['The pasted key is damaged', 'copy the whole key again from the original .p8 file', 'choose the file'],
  },
  { name: 'a pasted key without its kind', source: { pasted: goodP8 }, request: { keyId: 'NEWKEY1234' }, code: 'KIND_REQUIRED' },
  { name: 'a pasted key without its Key ID', source: { pasted: goodP8 }, request: { kind: 'asc-team' }, code: 'BAD_KEY_ID' },
  {
    name: 'a pasted key whose Key ID disagrees with the named file',
    source: { pasted: goodP8 },
    fileName: 'AuthKey_NEWKEY1234.p8',
    request: { keyId: 'TYPED99999' },
    code: 'KEY_ID_MISMATCH',
    says: ['TYPED99999', 'NEWKEY1234'],
  },
];

describe('key import refusals', () => {
  it.each(catalogue)('refuses $name with $code and leaves the vault unchanged', async (row) => {
    const fixture = await keyServiceFixture();
    const { service, vault } = fixture;
    await service.importKey({
      source: { type: 'file', path: fixture.writeKeyFile(`AuthKey_${EXISTING.keyId}.p8`, existingP8) },
      issuerId: ISSUER_ID,
      name: EXISTING.name,
    });
    const before = vaultState(service, vault);
    const keyPath = path.join(fixture.folder, 'picked', row.fileName ?? 'AuthKey_NEWKEY1234.p8');
    mkdirSync(path.dirname(keyPath));
    const source = placeSource(row.source, keyPath);
    if ('pasted' in row.source) fixture.clipboard.text = row.source.pasted;
    vi.mocked(open).mockClear();

    const error = await refusal(() =>
      service.importKey({ source: source === 'clipboard' ? { type: 'clipboard', fileName: row.fileName } : { type: 'file', path: source }, issuerId: ISSUER_ID, ...row.request }),
    );

    expect(error.code).toBe(row.code);
    for (const phrase of row.says ?? []) expect(error.message).toContain(phrase);
    expect(error.message).not.toMatch(BASE64_RUN);
    expect(vaultState(service, vault)).toEqual(before);
    if (row.notOpened) expect(vi.mocked(open).mock.calls.map(([opened]) => opened)).not.toContain(keyPath);
  });

  it('reads a key of ordinary size through one open file handle (the check above is not vacuous)', async () => {
    const fixture = await keyServiceFixture();
    const keyPath = fixture.writeKeyFile('AuthKey_NEWKEY1234.p8', goodP8);
    vi.mocked(open).mockClear();
    await fixture.service.importKey({ source: { type: 'file', path: keyPath }, issuerId: ISSUER_ID });
    expect(vi.mocked(open).mock.calls.map(([opened]) => opened)).toEqual([keyPath]);
  });

  it('names only the key file in FILE_UNREADABLE, not the folders above it', async () => {
    const { service } = await keyServiceFixture();
    const error = await refusal(() => service.importKey({ source: { type: 'file', path: '/nowhere/secret-folder/AuthKey_NEWKEY1234.p8' }, issuerId: ISSUER_ID }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('AuthKey_NEWKEY1234.p8');
    expect(error.message).not.toContain('secret-folder');
  });
});

/** Puts the row's input where importKey will look: a file at `keyPath` (or a folder, or nothing), or the clipboard. */
function placeSource(source: KeySource, keyPath: string): string | 'clipboard' {
  if ('pasted' in source) return 'clipboard';
  if ('file' in source) writeFileSync(keyPath, source.file);
  if ('sparseFileOfBytes' in source) {
    writeFileSync(keyPath, '');
    truncateSync(keyPath, source.sparseFileOfBytes);
  }
  if ('folder' in source) mkdirSync(keyPath);
  return keyPath;
}
