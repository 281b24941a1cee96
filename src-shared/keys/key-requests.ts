import { z } from 'zod';
import { KEY_ENVIRONMENTS } from './key-record';
import { KEY_KINDS } from './key-kind';

/**
 * Shapes and sizes of key requests as they cross IPC. Content rules (Key ID, Issuer ID, bundle ID
 * formats) are checked by the service with the shared validators, so each failure gets its own code.
 */
const shortText = z.string().max(200);
const idText = z.string().max(100);
const list = (item: z.ZodString, max: number) => z.array(item).max(max);

export const KeyIdSchema = z.string().uuid();

/** An id main issued for a file it chose in its dialog, found in Downloads, or took from a drop; never a path. */
export const KeyFileIdSchema = z.string().min(1).max(100);

const NOT_A_PATH = 'the app reads only a file chosen in its Choose file dialog, dropped on its window or found in Downloads, never a path';

export const KeyImportSourceSchema = z.discriminatedUnion('type', [
  z
    .object({
      // First, so a renderer that sends a path is told where files come from rather than that fileId is missing.
      path: z.never({ error: NOT_A_PATH }).optional(),
      type: z.literal('file'),
      fileId: KeyFileIdSchema,
    })
    .strict(),
  z.object({ type: z.literal('clipboard'), fileName: shortText.optional() }).strict(),
]);

export type KeySourceRequest = z.infer<typeof KeyImportSourceSchema>;

/** The one-time handle the preload got for a dropped file, exchanged once for a file id. */
export const DropHandleSchema = z.string().min(1).max(100);

const keyImportFields = {
  kind: z.enum(KEY_KINDS).optional(),
  keyId: idText.optional(),
  issuerId: idText.optional(),
  bundleIds: list(shortText, 50).optional(),
  name: shortText.optional(),
  notes: z.string().max(10_000).optional(),
  tags: list(z.string().max(64), 50).optional(),
  environment: z.enum(KEY_ENVIRONMENTS).optional(),
  replaces: z.string().uuid().optional(),
};

/** An import's fields besides its source: what the CLI, which reads the files it is given itself, checks. */
export const KeyImportFieldsSchema = z.object(keyImportFields).strict();

export const KeyImportRequestSchema = z.object({ source: KeyImportSourceSchema, ...keyImportFields }).strict();

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
