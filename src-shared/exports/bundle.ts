import { z } from 'zod';
import type { ErrorInfo } from '../errors';
import type { KeyEnvironment, KeySummary } from '../keys/key-record';
import type { KeyKind } from '../keys/key-kind';
import { KeyIdSchema } from '../keys/key-requests';

/**
 * Encrypted bundles for teammates: chosen keys (record, PEM, chosen metadata) in one file encrypted
 * with the age format (passphrase, ASCII armour). What the renderer may see of one: never a PEM.
 */

/** The metadata a bundle may carry besides kind, name, Key ID, Issuer ID and the key itself. */
export const BUNDLE_METADATA_FIELDS = ['bundleIds', 'notes', 'tags', 'environment', 'revoked', 'usedIn'] as const;
export type BundleMetadataField = (typeof BUNDLE_METADATA_FIELDS)[number];

export const BUNDLE_METADATA_LABELS: Record<BundleMetadataField, string> = {
  bundleIds: 'Bundle IDs',
  notes: 'Notes',
  tags: 'Tags',
  environment: 'Environment',
  revoked: 'Revoked mark',
  usedIn: 'Where used (entries added by hand)',
};

/** A bundle is refused unread above this size: a bundle of a few hundred keys is well under 1 MiB. */
export const MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
/** The most keys one bundle may carry. */
export const MAX_BUNDLE_KEYS = 1000;
export const BUNDLE_FILE_EXTENSION = '.age';
/** The most age recipients one bundle is encrypted to: a team, not a mailing list. */
export const MAX_BUNDLE_RECIPIENTS = 20;

// Long enough for any diceware passphrase; a limit keeps a pasted file from reaching scrypt.
const passphrase = z.string().max(1024);

export const BundleExportRequestSchema = z
  .object({
    ids: z.array(KeyIdSchema).min(1).max(MAX_BUNDLE_KEYS),
    passphrase,
    metadata: z.array(z.enum(BUNDLE_METADATA_FIELDS)).max(BUNDLE_METADATA_FIELDS.length).default([...BUNDLE_METADATA_FIELDS]),
  })
  .strict();
export type BundleExportRequest = z.input<typeof BundleExportRequestSchema>;

/** An ssh-rsa line of a 16384-bit key is under 3 KiB; age recipients are 62 characters. */
const MAX_RECIPIENT_CHARS = 4096;

export const BundleRecipientsExportRequestSchema = z
  .object({
    ids: z.array(KeyIdSchema).min(1).max(MAX_BUNDLE_KEYS),
    recipients: z.array(z.string().max(MAX_RECIPIENT_CHARS)).min(1).max(MAX_BUNDLE_RECIPIENTS),
    metadata: z.array(z.enum(BUNDLE_METADATA_FIELDS)).max(BUNDLE_METADATA_FIELDS.length).default([...BUNDLE_METADATA_FIELDS]),
  })
  .strict();
export type BundleRecipientsExportRequest = z.input<typeof BundleRecipientsExportRequestSchema>;

/** Opening a bundle main read from a file the user picked. */
export const BundleOpenRequestSchema = z.object({ passphrase }).strict();

export interface BundlePreviewKey {
  /** Position in the bundle. */
  index: number;
  kind: KeyKind;
  name: string;
  keyId: string;
  issuerId?: string;
  /** As the bundle names it, or Apple's `AuthKey_<KEYID>.p8` / `SubscriptionKey_<KEYID>.p8` when it does not. */
  fileName: string;
  /** As the bundle states it, or computed from the key when it does not; always the key's own. */
  fingerprint: string;
  bundleIds: string[];
  tags: string[];
  notes: string;
  environment?: KeyEnvironment;
  revoked: boolean;
  /** The key already in this vault, which an import skips. */
  duplicateOf?: KeySummary;
  /** Why this key cannot be imported, as a normal import would say; an import of the bundle is then refused. */
  problem?: ErrorInfo;
}

export interface BundlePreview {
  formatVersion: number;
  /** The bundle's `createdAt` in UTC (`toISOString()` form), whatever offset it was written with. */
  createdAt: string;
  keys: BundlePreviewKey[];
  /** How many keys an import would add. */
  importable: number;
}

export interface BundleImportResult {
  imported: KeySummary[];
  /** Keys the vault already held (same public key), skipped. */
  duplicates: Array<{ keyId: string; name: string; existing: KeySummary }>;
}

export interface BundleWriteResult {
  path: string;
  /** The keys as now stored, with the export recorded on each. */
  exportedKeys: KeySummary[];
}
