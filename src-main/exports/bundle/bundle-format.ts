import { z } from 'zod';
import { KEY_ENVIRONMENTS } from '../../../src-shared/keys/key-record';
import { KEY_KINDS } from '../../../src-shared/keys/key-kind';
import { MAX_BUNDLE_KEYS } from '../../../src-shared/exports/bundle';

/**
 * The plaintext inside a bundle: versioned JSON anyone can read after `age --decrypt`. Version 1:
 *
 *   { "format": "asc-key-vault-bundle", "version": 1, "createdAt": "<ISO 8601>",
 *     "keys": [ { "kind", "name", "keyId", "issuerId"?, "fileName", "fingerprint",
 *                 "privateKeyPem", "p8Base64", "bundleIds"?, "notes"?, "tags"?, "environment"?,
 *                 "revoked"?, "revokedAt"? } ] }
 *
 * `privateKeyPem` is the key in PKCS#8 PEM, ready to save as a .p8; `p8Base64` is the file exactly
 * as it was imported, which the importing vault stores so its exports stay byte-identical.
 * Readers refuse a higher `version`; fields a reader does not know within its version are refused too.
 */
export const BUNDLE_FORMAT = 'asc-key-vault-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

const text = (max: number) => z.string().max(max);

export const BundleKeySchema = z
  .object({
    kind: z.enum(KEY_KINDS),
    name: text(200),
    keyId: text(100),
    issuerId: text(100).optional(),
    fileName: text(255),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    privateKeyPem: text(64 * 1024),
    p8Base64: z.string().max(90 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/),
    bundleIds: z.array(text(200)).max(50).optional(),
    notes: text(10_000).optional(),
    tags: z.array(text(64)).max(50).optional(),
    environment: z.enum(KEY_ENVIRONMENTS).optional(),
    revoked: z.boolean().optional(),
    revokedAt: text(40).optional(),
  })
  .strict();
export type BundleKey = z.infer<typeof BundleKeySchema>;

export const BundlePayloadSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.literal(BUNDLE_FORMAT_VERSION),
    createdAt: z.iso.datetime(),
    keys: z.array(BundleKeySchema).min(1).max(MAX_BUNDLE_KEYS),
  })
  .strict();
export type BundlePayload = z.infer<typeof BundlePayloadSchema>;

/** Read first, before the strict schema, so a newer bundle is told apart from a damaged one. */
export const BundleEnvelopeSchema = z.object({ format: z.string(), version: z.number().int() }).loose();
