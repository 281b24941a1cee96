import { z } from 'zod';
import { KEY_ENVIRONMENTS } from './key-record';
import { KEY_KINDS } from './key-kind';

/**
 * Shapes and sizes of key requests as they cross IPC. Content rules (Key ID, Issuer ID, bundle ID
 * formats) are checked by the service with the shared validators, so each failure gets its own code.
 */
const filePath = z.string().min(1).max(4096);
const shortText = z.string().max(200);
const idText = z.string().max(100);
const list = (item: z.ZodString, max: number) => z.array(item).max(max);

export const KeyIdSchema = z.string().uuid();

export const KeyImportSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('file'), path: filePath }).strict(),
  z.object({ type: z.literal('clipboard'), fileName: shortText.optional() }).strict(),
]);

export const KeyImportRequestSchema = z
  .object({
    source: KeyImportSourceSchema,
    kind: z.enum(KEY_KINDS).optional(),
    keyId: idText.optional(),
    issuerId: idText.optional(),
    bundleIds: list(shortText, 50).optional(),
    name: shortText.optional(),
    notes: z.string().max(10_000).optional(),
    tags: list(z.string().max(64), 50).optional(),
    environment: z.enum(KEY_ENVIRONMENTS).optional(),
  })
  .strict();

export const KeyUpdateSchema = z
  .object({
    name: shortText.optional(),
    notes: z.string().max(10_000).optional(),
    tags: list(z.string().max(64), 50).optional(),
    bundleIds: list(shortText, 50).optional(),
    issuerId: idText.optional(),
    environment: z.enum(KEY_ENVIRONMENTS).nullable().optional(),
  })
  .strict();

export const COPYABLE_KEY_FIELDS = ['keyId', 'issuerId', 'fingerprint', 'publicKeyPem'] as const;
export type CopyableKeyField = (typeof COPYABLE_KEY_FIELDS)[number];
