import { createPrivateKey } from 'node:crypto';
import { armor, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildBundlePayload, createBundle, readBundle, type BundleKeyInput } from '../../../src-main/exports/bundle/bundle-crypto';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  BundlePayloadSchema,
  toUtcIsoString,
  type BundlePayload,
} from '../../../src-main/exports/bundle/bundle-format';
import { AppError, type ErrorCode } from '../../../src-shared/errors';
import { BUNDLE_METADATA_FIELDS, MAX_BUNDLE_BYTES } from '../../../src-shared/exports/bundle';
import { appStoreConnectP8, fingerprintOf, generateP256Key, generatePrivateKey } from '../../helpers/keys';
import { readmeBundleFormat, readmeExampleWithFreshKeys } from './bundle-readme';
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

type WrittenKey = Record<string, unknown>;

/** The valid payload as JSON a person could have written, with its keys changed. */
function writtenPayload(change: (keys: WrittenKey[], payload: Record<string, unknown>) => void): Record<string, unknown> {
  const payload = structuredClone(validPayload()) as unknown as Record<string, unknown> & { keys: WrittenKey[] };
  change(payload.keys, payload);
  return payload;
}

function withTeamKey(change: (key: WrittenKey) => void): Record<string, unknown> {
  return writtenPayload(([team]) => change(team ?? {}));
}

/** A catalogue row: the valid payload, changed as a person writing it by hand might have, is refused as malformed. */
function payloadCase(name: string, change: Parameters<typeof writtenPayload>[0]): BadBundleCase {
  return { name, make: () => encryptText(JSON.stringify(writtenPayload(change))), code: 'BUNDLE_MALFORMED' };
}

function teamKeyCase(name: string, change: (key: WrittenKey) => void): BadBundleCase {
  return payloadCase(name, ([key]) => change(key ?? {}));
}

const otherKeyP8 = () => appStoreConnectP8(generateP256Key());
const p384Pem = () => generatePrivateKey({ type: 'ec', namedCurve: 'P-384' }).export({ type: 'pkcs8', format: 'pem' }).toString();

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
  teamKeyCase('payload_key_unknown_field', (key) => (key.issuerID = key.issuerId)),
  teamKeyCase('payload_key_issuer_id_a_number', (key) => (key.issuerId = 57246542)),
  teamKeyCase('payload_key_kind_unknown', (key) => (key.kind = 'apns')),
  teamKeyCase('payload_key_name_missing', (key) => delete key.name),
  teamKeyCase('payload_key_without_key_material', (key) => Object.assign(key, { privateKeyPem: undefined, p8Base64: undefined })),
  teamKeyCase('payload_key_fingerprint_of_another_key', (key) => (key.fingerprint = iap.record.fingerprint)),
  teamKeyCase('payload_key_pem_not_the_file', (key) => (key.privateKeyPem = otherKeyP8())),
  teamKeyCase('payload_key_file_not_the_pem', (key) => (key.p8Base64 = Buffer.from(otherKeyP8()).toString('base64'))),
  teamKeyCase('payload_key_p384_pem_only', (key) => Object.assign(key, { privateKeyPem: p384Pem(), p8Base64: undefined, fingerprint: undefined })),
  teamKeyCase('payload_key_pem_not_pem', (key) => (key.privateKeyPem = 'not a key')),
  teamKeyCase('payload_key_file_not_base64', (key) => (key.p8Base64 = 'p8 file, base64?')),
  teamKeyCase('payload_key_file_base64_cut_short', (key) => (key.p8Base64 = String(key.p8Base64).slice(0, -3))),
  teamKeyCase('payload_key_file_empty', (key) => (key.p8Base64 = '')),
  teamKeyCase('payload_key_pem_over_64_kib', (key) => (key.privateKeyPem = `${String(key.privateKeyPem)}${' '.repeat(64 * 1024)}`)),
  teamKeyCase('payload_key_revoked_at_without_offset', (key) => Object.assign(key, { revoked: true, revokedAt: '2025-06-02T00:00:00' })),
  payloadCase('payload_created_at_missing', (_keys, payload) => delete payload.createdAt),
  payloadCase('payload_created_at_without_offset', (_keys, payload) => (payload.createdAt = '2025-06-01T12:00:00')),
  payloadCase('payload_created_at_30_february', (_keys, payload) => (payload.createdAt = '2025-02-30T12:00:00Z')),
  payloadCase('payload_created_at_date_only', (_keys, payload) => (payload.createdAt = '2025-06-01')),
  payloadCase('payload_too_many_keys', (keys) => keys.push(...Array.from({ length: 1000 }, () => keys[1] ?? {}))),
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

  it('leaves the event loop free through age’s full scrypt cost, writing and reading: a 1 ms timer keeps firing', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const started = performance.now();
    try {
      const bundle = await createBundle(inputs, PASSPHRASE, { metadata: [], createdAt: CREATED_AT });
      expect(new TextDecoder().decode(armor.decode(bundle).subarray(0, 200))).toMatch(/\n-> scrypt [A-Za-z0-9+/]{22} 18\n/);
      await readBundle(bundle, PASSPHRASE);
    } finally {
      clearInterval(timer);
    }
    const tookMs = performance.now() - started;

    // age-encryption's own scrypt runs on the calling thread: the timer would not fire until each ended.
    expect(ticks, `${ticks} ticks in ${tookMs.toFixed(0)} ms`).toBeGreaterThanOrEqual(Math.min(20, Math.floor(tookMs / 20)));
  });

  it('refuses an empty passphrase when creating', async () => {
    await expect(createBundle(inputs, '', { metadata: [], createdAt: CREATED_AT, scryptWorkFactor: WORK_FACTOR })).rejects.toMatchObject({ code: 'WEAK_PASSPHRASE' });
  });
});

const individual = fixtureKey('asc-individual', { keyId: 'INDVKEY001' });
const individualInput: BundleKeyInput = { record: individual.record, originalBytes: individual.material.p8Bytes, pkcs8Pem: individual.material.pkcs8Pem };

interface AcceptedCase {
  name: string;
  written: () => Record<string, unknown>;
  reads: (payload: BundlePayload) => void;
}

// What a bundle written by hand may leave out or write its own way, and what the reader makes of it: one row each.
const accepted: AcceptedCase[] = [
  {
    name: 'a key without fileName gets the name App Store Connect gives its download',
    written: () => writtenPayload((keys) => keys.forEach((key) => delete key.fileName)),
    reads: ({ keys }) => expect(keys.map((key) => key.fileName)).toEqual(['AuthKey_TEAMKEY001.p8', 'SubscriptionKey_IAPKEY0001.p8']),
  },
  {
    name: 'a lower-case Key ID gives an upper-case file name',
    written: () =>
      withTeamKey((key) => {
        key.keyId = 'teamkey001';
        delete key.fileName;
      }),
    reads: ({ keys }) => expect(keys[0]).toMatchObject({ keyId: 'teamkey001', fileName: 'AuthKey_TEAMKEY001.p8' }),
  },
  {
    name: 'a key without fingerprint has it computed from the key',
    written: () => writtenPayload((keys) => keys.forEach((key) => delete key.fingerprint)),
    reads: ({ keys }) => expect(keys.map((key) => key.fingerprint)).toEqual([team.record.fingerprint, iap.record.fingerprint]),
  },
  {
    name: 'an upper-case fingerprint is the same fingerprint',
    written: () => withTeamKey((key) => (key.fingerprint = String(key.fingerprint).toUpperCase())),
    reads: ({ keys }) => expect(keys[0]?.fingerprint).toBe(team.record.fingerprint),
  },
  {
    name: 'a key without p8Base64 is stored as its PEM text',
    written: () => withTeamKey((key) => delete key.p8Base64),
    reads: ({ keys }) => expect(keys[0]?.p8Base64).toBe(Buffer.from(team.material.pkcs8Pem).toString('base64')),
  },
  {
    name: 'a key without privateKeyPem gets it from p8Base64, in PKCS#8 form',
    written: () => withTeamKey((key) => delete key.privateKeyPem),
    reads: ({ keys }) => {
      expect(keys[0]?.privateKeyPem).toBe(team.material.pkcs8Pem);
      expect(keys[0]?.p8Base64).toBe(Buffer.from(team.material.p8Bytes).toString('base64'));
    },
  },
  {
    name: 'a p8Base64 wrapped at 76 columns, as base64 writes it',
    written: () => withTeamKey((key) => (key.p8Base64 = `${(String(key.p8Base64).match(/.{1,76}/g) ?? []).join('\n')}\n`)),
    reads: ({ keys }) => expect(keys[0]?.p8Base64).toBe(Buffer.from(team.material.p8Bytes).toString('base64')),
  },
  {
    name: 'an individual key with issuerId null has none',
    written: () => {
      const payload = buildBundlePayload([individualInput], [], CREATED_AT);
      return { ...payload, keys: payload.keys.map((key) => ({ ...key, issuerId: null })) };
    },
    reads: ({ keys }) => expect(keys[0]).not.toHaveProperty('issuerId'),
  },
  {
    name: 'an empty issuerId is no Issuer ID',
    written: () => withTeamKey((key) => (key.issuerId = '  ')),
    reads: ({ keys }) => expect(keys[0]).not.toHaveProperty('issuerId'),
  },
  {
    name: 'createdAt with a +02:00 offset, read as UTC',
    written: () => writtenPayload((_keys, payload) => (payload.createdAt = '2025-06-01T12:00:00+02:00')),
    reads: ({ createdAt }) => expect(createdAt).toBe('2025-06-01T10:00:00.000Z'),
  },
  {
    name: 'createdAt with a -05:30 offset, minutes only',
    written: () => writtenPayload((_keys, payload) => (payload.createdAt = '2025-05-31T23:00-05:30')),
    reads: ({ createdAt }) => expect(createdAt).toBe('2025-06-01T04:30:00.000Z'),
  },
  {
    name: 'createdAt with microseconds',
    written: () => writtenPayload((_keys, payload) => (payload.createdAt = '2025-06-01T10:00:00.123456Z')),
    reads: ({ createdAt }) => expect(createdAt).toBe('2025-06-01T10:00:00.123Z'),
  },
  {
    name: 'revokedAt with an offset, read as UTC',
    written: () => writtenPayload((keys) => (keys[1] = { ...keys[1], revokedAt: '2025-06-02T02:00:00+02:00' })),
    reads: ({ keys }) => expect(keys[1]).toMatchObject({ revoked: true, revokedAt: '2025-06-02T00:00:00.000Z' }),
  },
];

describe('reading bundles written by hand', () => {
  it.each(accepted)('accepts $name', async ({ written, reads }) => {
    reads(await readBundle(await encryptText(JSON.stringify(written())), PASSPHRASE));
  });

  it('fills in nothing and changes nothing in a bundle this app wrote', async () => {
    expect(await readBundle(await encryptText(JSON.stringify(validPayload())), PASSPHRASE)).toEqual(validPayload());
  });

  const short = (fingerprint: string) => `${fingerprint.slice(0, 12)}…`;
  const refusals: Array<[what: string, written: () => unknown, says: string]> = [
    [
      'a fingerprint that is not the key’s',
      () => withTeamKey((key) => (key.fingerprint = iap.record.fingerprint)),
      `Key 1 of 2 (TEAMKEY001): its fingerprint (${short(iap.record.fingerprint)}) is not its key’s (${short(team.record.fingerprint)})`,
    ],
    [
      'a PEM and a file of two keys',
      () => withTeamKey((key) => (key.privateKeyPem = otherKeyP8())),
      'Key 1 of 2 (TEAMKEY001): its privateKeyPem and p8Base64 are two different keys',
    ],
    [
      'a P-384 key',
      () => withTeamKey((key) => (key.p8Base64 = Buffer.from(p384Pem()).toString('base64'))),
      'Key 1 of 2 (TEAMKEY001): its p8Base64 is not an App Store Connect private key (WRONG_CURVE)',
    ],
    ['a misspelt field', () => withTeamKey((key) => (key.issuerID = key.issuerId)), 'keys[0] has a field this version of the format does not have: "issuerID"'],
    ['an unknown top-level field', () => ({ ...validPayload(), signedBy: 'mallory' }), 'its JSON has a field this version of the format does not have: "signedBy"'],
    ['no createdAt', () => writtenPayload((_keys, payload) => delete payload.createdAt), 'createdAt is missing'],
    ['a createdAt without an offset', () => ({ ...validPayload(), createdAt: '2025-06-01T12:00:00' }), 'createdAt should be an ISO 8601 date and time with Z or an offset'],
    ['no key material', () => withTeamKey((key) => Object.assign(key, { privateKeyPem: undefined, p8Base64: undefined })), 'keys[0] holds no key: give privateKeyPem'],
    ['an unknown kind', () => withTeamKey((key) => (key.kind = 'apns')), 'keys[0].kind should be "in-app-purchase" or "asc-team" or "asc-individual"'],
  ];

  it.each(refusals)('says which field or key is wrong: %s', async (_what, written, says) => {
    const error = await readBundle(await encryptText(JSON.stringify(written())), PASSPHRASE).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringContaining(says) });
    expect((error as AppError).message).toMatch(/Nothing was imported\.$/);
    expect((error as AppError).message).not.toMatch(BASE64_RUN);
  });
});

describe('ISO 8601 dates in bundles', () => {
  it.each([
    ['2025-06-01T10:00:00Z', '2025-06-01T10:00:00.000Z'],
    ['2025-06-01T10:00:00.000Z', '2025-06-01T10:00:00.000Z'],
    ['2025-06-01T12:00:00+02:00', '2025-06-01T10:00:00.000Z'],
    ['2025-06-01T00:30:00-01:00', '2025-06-01T01:30:00.000Z'],
    ['2025-06-01T10:00Z', '2025-06-01T10:00:00.000Z'],
    ['2024-02-29T23:59:59.999999999+00:00', '2024-02-29T23:59:59.999Z'],
    ['2025-01-01T00:15:00+01:00', '2024-12-31T23:15:00.000Z'],
  ])('reads %s as %s', (written, read) => {
    expect(toUtcIsoString(written)).toBe(read);
  });

  const notIso8601WithOffset = [
    '2025-06-01T10:00:00',
    '2025-06-01',
    '2025-06-01 10:00:00Z',
    '2025-02-29T10:00:00Z',
    '2025-06-01T24:00:00Z',
    '2025-06-01T10:00:00+0200',
    '2025-06-01T10:00:00+02',
    'June 1, 2025',
  ];

  it.each(notIso8601WithOffset)('refuses %s', (written) => {
    expect(toUtcIsoString(written)).toBeUndefined();
  });
});

/** The parts of a JSON Schema the README's table describes. */
interface FieldSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: FieldSchema[];
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

/** The README's words for a JSON type. */
function typeWords(schema: FieldSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeWords).join(' or ');
  if (schema.type === 'array') return schema.items?.type === 'string' ? 'array of strings' : 'array';
  return schema.type ?? 'any';
}

describe('the README’s “Bundle format”', () => {
  // The reader's own schema, as JSON Schema: what a bundle may be as written, before anything is filled in.
  const payload = z.toJSONSchema(BundlePayloadSchema, { io: 'input' }) as FieldSchema;
  const entry = payload.properties?.keys?.items ?? {};
  const schemaFields = [
    ...Object.entries(payload.properties ?? {}).map(([field, schema]) => ({ field, schema, required: payload.required?.includes(field) === true })),
    ...Object.entries(entry.properties ?? {}).map(([field, schema]) => ({ field: `keys[].${field}`, schema, required: entry.required?.includes(field) === true })),
  ];

  it('has one row for every field the schema reads, in its order, and none for a field it does not', () => {
    expect(readmeBundleFormat().rows.map((row) => row.field)).toEqual(schemaFields.map(({ field }) => field));
  });

  it('gives each field the schema’s type and required mark, and every value the schema allows', () => {
    const rows = new Map(readmeBundleFormat().rows.map((row) => [row.field, row]));
    for (const { field, schema, required } of schemaFields) {
      const row = rows.get(field);
      expect({ field, type: row?.type, required: row?.required === 'yes' }).toEqual({ field, type: typeWords(schema), required });
      for (const value of [...(schema.enum ?? []), ...(schema.const === undefined ? [] : [schema.const])]) {
        expect(row?.description, `${field} lists ${JSON.stringify(value)}`).toContain(`\`${JSON.stringify(value)}\``);
      }
    }
  });

  it('gives an example the schema accepts as written', () => {
    const parsed = BundlePayloadSchema.safeParse(readmeBundleFormat().example);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('gives an example that, with real keys in it, reads as the README says', async () => {
    const { payload, p8s } = readmeExampleWithFreshKeys();

    const read = await readBundle(await encryptText(JSON.stringify(payload)), PASSPHRASE);

    expect(read.createdAt).toBe('2025-06-01T10:00:00.000Z');
    expect(read.keys.map(({ kind, keyId, fileName }) => ({ kind, keyId, fileName }))).toEqual([
      { kind: 'asc-team', keyId: '2X9R4HXF34', fileName: 'AuthKey_2X9R4HXF34.p8' },
      { kind: 'asc-individual', keyId: '8KQ3M7ZP2D', fileName: 'AuthKey_8KQ3M7ZP2D.p8' },
      { kind: 'in-app-purchase', keyId: 'ZT6N4C9V1B', fileName: 'SubscriptionKey_ZT6N4C9V1B.p8' },
    ]);
    expect(read.keys[1]).not.toHaveProperty('issuerId');
    for (const [index, entry] of read.keys.entries()) {
      const p8 = p8s[index] ?? '';
      expect(entry.p8Base64).toBe(Buffer.from(p8).toString('base64'));
      expect(entry.fingerprint).toBe(fingerprintOf(createPrivateKey(p8)));
    }
  });
});
