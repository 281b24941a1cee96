import { armor, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundlePayload, createBundle, readBundle, type BundleKeyInput } from '../../../src-main/exports/bundle/bundle-crypto';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from '../../../src-main/exports/bundle/bundle-format';
import { AppError, type ErrorCode } from '../../../src-shared/errors';
import { BUNDLE_METADATA_FIELDS, MAX_BUNDLE_BYTES } from '../../../src-shared/exports/bundle';
import { expectSameKey, fixtureKey } from './export-fixtures';

const PASSPHRASE = 'marble-otter-quilt-sunny-anchor-thorn';
// Cheap scrypt for tests; the app uses age's default of 18.
const WORK_FACTOR = 10;
const CREATED_AT = new Date('2025-06-01T10:00:00.000Z');

const team = fixtureKey('asc-team', { bundleIds: ['com.example.app'], tags: ['ci'], notes: 'Uploads', environment: 'production' });
const iap = fixtureKey('in-app-purchase', { revoked: true, revokedAt: '2025-06-02T00:00:00.000Z' });
const inputs: BundleKeyInput[] = [team, iap].map(({ record, material }) => ({ record, originalBytes: material.p8Bytes, pkcs8Pem: material.pkcs8Pem }));

/** Any plaintext, encrypted the way a bundle is, to build payload-level bad cases. */
async function encryptText(plaintext: string, passphrase = PASSPHRASE): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.setScryptWorkFactor(WORK_FACTOR);
  encrypter.setPassphrase(passphrase);
  return armor.encode(await encrypter.encrypt(plaintext));
}

const validPayload = () => buildBundlePayload(inputs, BUNDLE_METADATA_FIELDS, CREATED_AT);

/** Where the payload (nonce and STREAM chunks) starts, after the header's `--- <MAC>` line. */
function payloadStart(binary: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(binary);
  const macLine = text.indexOf('\n--- ');
  return text.indexOf('\n', macLine + 1) + 1;
}

function withByteFlipped(armoured: string, at: (binary: Uint8Array) => number): string {
  const binary = armor.decode(armoured);
  const index = at(binary);
  binary[index] = (binary[index] ?? 0) ^ 0x01;
  return armor.encode(binary);
}

interface BadBundleCase {
  name: string;
  make: () => Promise<string | Uint8Array> | string | Uint8Array;
  code: ErrorCode;
  passphrase?: string;
}

let good = '';
let x25519Bundle = '';
beforeAll(async () => {
  good = await createBundle(inputs, PASSPHRASE, { metadata: BUNDLE_METADATA_FIELDS, createdAt: CREATED_AT, scryptWorkFactor: WORK_FACTOR });
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(await generateIdentity()));
  x25519Bundle = armor.encode(await encrypter.encrypt(JSON.stringify(validPayload())));
});

// One row per way a bundle can be bad, in the spirit of age's testkit: a new case is a new row.
const catalogue: BadBundleCase[] = [
  { name: 'wrong_passphrase', make: () => good, passphrase: 'marble-otter-quilt-sunny-anchor-thorns', code: 'BUNDLE_WRONG_PASSPHRASE' },
  { name: 'payload_last_byte_flipped', make: () => withByteFlipped(good, (binary) => binary.length - 1), code: 'BUNDLE_DAMAGED' },
  { name: 'payload_middle_byte_flipped', make: () => withByteFlipped(good, (binary) => payloadStart(binary) + 40), code: 'BUNDLE_DAMAGED' },
  { name: 'payload_nonce_byte_flipped', make: () => withByteFlipped(good, (binary) => payloadStart(binary) + 3), code: 'BUNDLE_DAMAGED' },
  {
    name: 'header_mac_changed',
    make: () => {
      const text = new TextDecoder('latin1').decode(armor.decode(good));
      const mac = text.indexOf('\n--- ') + 5;
      const changed = text.slice(0, mac) + (text[mac] === 'A' ? 'B' : 'A') + text.slice(mac + 1);
      return armor.encode(Uint8Array.from(changed, (character) => character.charCodeAt(0)));
    },
    code: 'BUNDLE_DAMAGED',
  },
  { name: 'stream_cut_short_then_rearmoured', make: () => armor.encode(armor.decode(good).subarray(0, -17)), code: 'BUNDLE_DAMAGED' },
  { name: 'armor_cut_in_half', make: () => good.slice(0, Math.floor(good.length / 2)), code: 'BUNDLE_TRUNCATED' },
  { name: 'armor_no_end_line', make: () => good.trimEnd().split('\n').slice(0, -1).join('\n'), code: 'BUNDLE_TRUNCATED' },
  { name: 'armor_rewrapped_76_columns', make: () => rewrap(good, 76), code: 'BUNDLE_MALFORMED' },
  { name: 'armor_missing', make: () => JSON.stringify(validPayload()), code: 'BUNDLE_MALFORMED' },
  { name: 'empty_file', make: () => '', code: 'BUNDLE_MALFORMED' },
  { name: 'over_8_mib', make: () => `${good}${' '.repeat(MAX_BUNDLE_BYTES)}`, code: 'BUNDLE_TOO_LARGE' },
  { name: 'x25519_recipient_not_passphrase', make: () => x25519Bundle, code: 'BUNDLE_MALFORMED' },
  // Refused from the header alone: deriving 2^20 would take a gigabyte and seconds before the MAC could fail.
  { name: 'scrypt_work_factor_20', make: () => withScryptWorkFactor(good, 20), code: 'BUNDLE_MALFORMED' },
  { name: 'payload_not_json', make: () => encryptText('these are not the keys you are looking for'), code: 'BUNDLE_MALFORMED' },
  { name: 'payload_other_format', make: () => encryptText(JSON.stringify({ ...validPayload(), format: 'someone-elses-keys' })), code: 'BUNDLE_MALFORMED' },
  { name: 'payload_newer_version', make: () => encryptText(JSON.stringify({ ...validPayload(), version: BUNDLE_FORMAT_VERSION + 1, extra: true })), code: 'BUNDLE_TOO_NEW' },
  { name: 'payload_unknown_field', make: () => encryptText(JSON.stringify({ ...validPayload(), signedBy: 'mallory' })), code: 'BUNDLE_MALFORMED' },
  { name: 'payload_no_keys', make: () => encryptText(JSON.stringify({ ...validPayload(), keys: [] })), code: 'BUNDLE_MALFORMED' },
  {
    name: 'payload_key_fingerprint_not_hex',
    make: () => {
      const payload = validPayload();
      return encryptText(JSON.stringify({ ...payload, keys: payload.keys.map((key) => ({ ...key, fingerprint: 'not-a-fingerprint' })) }));
    },
    code: 'BUNDLE_MALFORMED',
  },
];

function withScryptWorkFactor(armoured: string, workFactor: number): string {
  const text = new TextDecoder('latin1').decode(armor.decode(armoured));
  const changed = text.replace(/(\n-> scrypt \S+ )\d+\n/, `$1${workFactor}\n`);
  expect(changed).not.toBe(text);
  return armor.encode(Uint8Array.from(changed, (character) => character.charCodeAt(0)));
}

function rewrap(armoured: string, width: number): string {
  const lines = armoured.trim().split('\n');
  const body = lines.slice(1, -1).join('');
  return [lines[0], ...(body.match(new RegExp(`.{1,${width}}`, 'g')) ?? []), lines.at(-1)].join('\n');
}

// A run this long of base64 letters in a message could only be copied out of a key or the file.
const BASE64_RUN = /[A-Za-z0-9+/]{24,}/;

describe('reading bundles', () => {
  it('says why a bundle asking for more scrypt work than age writes is not tried', async () => {
    await expect(readBundle(withScryptWorkFactor(good, 22), PASSPHRASE)).rejects.toMatchObject({
      code: 'BUNDLE_MALFORMED',
      message: expect.stringContaining('asks for far more work (scrypt 2^22) than any bundle this app or age writes (2^18)'),
    });
  });

  it.each(catalogue)('refuses $name with $code', async ({ make, code, passphrase }) => {
    const bundle = await make();
    const error = await readBundle(bundle, passphrase ?? PASSPHRASE).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).not.toMatch(BASE64_RUN);
    expect((error as AppError).message).not.toContain(PASSPHRASE);
  });

  it('reads back exactly the payload it wrote, armoured or not', async () => {
    expect(good.startsWith('-----BEGIN AGE ENCRYPTED FILE-----\n')).toBe(true);
    expect(good.trimEnd().endsWith('-----END AGE ENCRYPTED FILE-----')).toBe(true);
    expect(await readBundle(good, PASSPHRASE)).toEqual(validPayload());
    expect(await readBundle(armor.decode(good), PASSPHRASE)).toEqual(validPayload());
    expect(await readBundle(new TextEncoder().encode(good.replace(/\n/g, '\r\n')), PASSPHRASE)).toEqual(validPayload());
  });

  it('holds each key as a PEM and as the file imported, both the same key as the record', async () => {
    const payload = await readBundle(good, PASSPHRASE);
    expect(payload).toMatchObject({ format: BUNDLE_FORMAT, version: 1, createdAt: CREATED_AT.toISOString() });
    for (const [index, entry] of payload.keys.entries()) {
      const { record, material } = [team, iap][index] ?? team;
      expectSameKey(entry.privateKeyPem, record);
      expect(Buffer.from(entry.p8Base64, 'base64').equals(Buffer.from(material.p8Bytes))).toBe(true);
      expect(entry).toMatchObject({ kind: record.kind, keyId: record.keyId, name: record.name, fingerprint: record.fingerprint, fileName: record.originalFileName });
    }
    expect(payload.keys[0]).toMatchObject({ bundleIds: ['com.example.app'], tags: ['ci'], notes: 'Uploads', environment: 'production' });
    expect(payload.keys[1]).toMatchObject({ revoked: true, revokedAt: '2025-06-02T00:00:00.000Z' });
  });

  it('carries only the metadata chosen', () => {
    const [withTags, revoked] = buildBundlePayload(inputs, ['tags'], CREATED_AT).keys;
    expect(withTags).toHaveProperty('tags', ['ci']);
    for (const field of ['bundleIds', 'notes', 'environment', 'revoked', 'revokedAt']) expect(withTags).not.toHaveProperty(field);
    expect(revoked).not.toHaveProperty('revoked');
  });

  it('refuses an empty passphrase when creating', async () => {
    await expect(createBundle(inputs, '', { metadata: [], createdAt: CREATED_AT, scryptWorkFactor: WORK_FACTOR })).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
  });
});
