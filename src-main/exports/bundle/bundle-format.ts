import { z } from 'zod';
import { KEY_ENVIRONMENTS, type KeyEnvironment } from '../../../src-shared/keys/key-record';
import { KEY_KINDS, type KeyKind } from '../../../src-shared/keys/key-kind';
import { MAX_BUNDLE_KEYS } from '../../../src-shared/exports/bundle';
import { MAX_USED_IN_ENTRIES, MAX_USED_IN_LABEL } from '../../../src-shared/keys/used-in';

/**
 * The plaintext inside a bundle: versioned JSON anyone can read after `age --decrypt`, and write by
 * hand. The README's "Bundle format" documents every field below; a unit test holds the two together.
 *
 * This schema is what a reader accepts. What it leaves open (a missing `fileName`, `fingerprint`,
 * `privateKeyPem` or `p8Base64`, `issuerId: null`, an offset in a date) is settled by
 * settleBundlePayload into a BundlePayload, in which every one of those is present and normal.
 * Readers refuse a higher `version`; fields a reader does not know within its version are refused too.
 */
export const BUNDLE_FORMAT = 'asc-key-vault-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

const text = (max: number) => z.string().max(max);

// ISO 8601 date and time with Z or a ±hh:mm offset; seconds and their fraction may be left out. No
// offset is refused: the same wall-clock time is a different moment on the sender's machine.
const ISO_DATE_TIME =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

/** An ISO 8601 date-time as UTC `toISOString()` text, or undefined when it is not one (or not a real date). */
export function toUtcIsoString(value: string): string | undefined {
  const match = ISO_DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const dayStart = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (dayStart.getUTCDate() !== Number(day)) return undefined;
  const offset = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), milliseconds);
  return new Date(local - offset * 60_000).toISOString();
}

const dateTime = () =>
  z
    .string()
    .max(40)
    .refine((value) => toUtcIsoString(value) !== undefined, {
      error: 'should be an ISO 8601 date and time with Z or an offset, like 2025-06-01T10:00:00Z or 2025-06-01T12:00:00+02:00',
    });

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
// Standard base64; line breaks and spaces (from `base64`'s wrapping) are ignored.
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]*$/;

export const BundleKeySchema = z
  .object({
    kind: z.enum(KEY_KINDS),
    name: text(200),
    keyId: text(100),
    // Individual keys have none: null or absent. Team and In-App Purchase keys need one (checked as an import checks it).
    issuerId: text(100).nullable().optional(),
    fileName: text(255).optional(),
    fingerprint: z
      .string()
      .regex(SHA256_HEX, { error: 'should be 64 hexadecimal digits (SHA-256 of the public key), or be left out to be computed' })
      .optional(),
    privateKeyPem: text(64 * 1024).optional(),
    p8Base64: z
      .string()
      .max(90 * 1024)
      .regex(BASE64_TEXT, { error: 'should be base64 (letters, digits, +, / and = only)' })
      .optional(),
    bundleIds: z.array(text(200)).max(50).optional(),
    notes: text(10_000).optional(),
    tags: z.array(text(64)).max(50).optional(),
    environment: z.enum(KEY_ENVIRONMENTS).optional(),
    revoked: z.boolean().optional(),
    revokedAt: dateTime().optional(),
    usedIn: z
      .array(z.object({ label: text(MAX_USED_IN_LABEL), addedAt: dateTime().optional() }).strict())
      .max(MAX_USED_IN_ENTRIES)
      .optional(),
  })
  .strict()
  .refine((entry) => entry.privateKeyPem !== undefined || entry.p8Base64 !== undefined, {
    error: 'holds no key: give privateKeyPem (the .p8 file’s text), p8Base64 (the .p8 file in base64), or both',
  });
/** One entry of `keys` as written in a bundle. */
export type WrittenBundleKey = z.infer<typeof BundleKeySchema>;

export const BundlePayloadSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_FORMAT_VERSION),
    createdAt: dateTime(),
    keys: z.array(BundleKeySchema).min(1).max(MAX_BUNDLE_KEYS),
  })
  .strict();
/** A bundle's JSON as written. */
export type WrittenBundlePayload = z.infer<typeof BundlePayloadSchema>;

/** One key as read: everything a bundle may leave out is filled in, and the key material agrees with itself. */
export interface BundleKey {
  kind: KeyKind;
  name: string;
  keyId: string;
  issuerId?: string;
  fileName: string;
  /** Lower-case hex SHA-256 of the public key's SPKI DER. */
  fingerprint: string;
  privateKeyPem: string;
  p8Base64: string;
  bundleIds?: string[];
  notes?: string;
  tags?: string[];
  environment?: KeyEnvironment;
  revoked?: boolean;
  revokedAt?: string;
  /** Places the key is used, added by hand; `addedAt` in UTC. */
  usedIn?: Array<{ label: string; addedAt?: string }>;
}

/** A bundle as read (and as this app writes it). */
export interface BundlePayload {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_FORMAT_VERSION;
  /** UTC, as `Date.toISOString()` writes it. */
  createdAt: string;
  keys: BundleKey[];
}

/** Read first, before the strict schema, so a newer bundle is told apart from a damaged one. */
export const BundleEnvelopeSchema = z.object({ format: z.string(), version: z.number().int() }).loose();

const SHOWN_FIELD_NAME = 40;

/**
 * What a refused field is told, for the messages the schema does not word itself. Never quotes a
 * value (it may be key material); only names a field the reader does not know.
 */
export const describeBundleIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `should be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected}`;
    case 'unrecognized_keys': {
      const names = issue.keys.map((key) => JSON.stringify(key.length > SHOWN_FIELD_NAME ? `${key.slice(0, SHOWN_FIELD_NAME)}…` : key));
      return `has ${names.length === 1 ? 'a field' : 'fields'} this version of the format does not have: ${names.join(', ')}`;
    }
    case 'too_big':
      return `is too long: at most ${String(issue.maximum)} ${issue.origin === 'array' ? 'entries' : 'characters'}`;
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${String(issue.minimum)} ${issue.minimum === 1 ? 'entry' : 'entries'}` : 'is too short';
    case 'invalid_value':
      return `should be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    default:
      return undefined;
  }
};
