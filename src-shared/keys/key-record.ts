import type { KeyAppleCheck } from '../apple-check/apple-check';
import type { KeyKind } from './key-kind';
import type { KeyReplacement } from './replacement';
import type { KeyUsedInEntry } from './used-in';

/**
 * What the renderer may know about a stored key. Names, IDs, the public key and its fingerprint only:
 * the private key and the imported file's bytes stay in main (see KeyService.readOriginalBytes).
 */

/** Which App Store Server API environment a key is meant for; a hint for the user, not enforced by Apple. */
export const KEY_ENVIRONMENTS = ['production', 'sandbox', 'both'] as const;
export type KeyEnvironment = (typeof KEY_ENVIRONMENTS)[number];

export const KEY_ENVIRONMENT_LABELS: Record<KeyEnvironment, string> = {
  production: 'Production',
  sandbox: 'Sandbox',
  both: 'Production and sandbox',
};

export const KEY_ENVIRONMENT_HINT = 'A reminder of where you use this key; Apple’s keys work in both environments.';

/** How the private key was armoured when imported: PKCS#8 (`BEGIN PRIVATE KEY`, Apple's form) or SEC1 (`BEGIN EC PRIVATE KEY`). */
export type KeySourceFormat = 'pkcs8' | 'sec1';

export interface KeyExportEntry {
  /** The export target's id, e.g. `revenuecat` or `fastlane`. */
  target: string;
  /** ISO 8601. */
  at: string;
  /** The folder (or bundle file) main wrote to; never key material. Absent on exports recorded before it was kept. */
  destination?: string;
}

export interface KeySummary {
  id: string;
  kind: KeyKind;
  name: string;
  keyId: string;
  /** Absent for individual App Store Connect API keys, which have none. */
  issuerId?: string;
  bundleIds: string[];
  /** The file name imported from; for pasted keys, the name Apple would have given the file. */
  originalFileName: string;
  /** The public half only (`BEGIN PUBLIC KEY`); safe to show and copy. */
  publicKeyPem: string;
  /** SHA-256 of the public key's SPKI DER, lower-case hex. */
  fingerprint: string;
  notes: string;
  tags: string[];
  environment?: KeyEnvironment;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  revoked: boolean;
  /** ISO 8601; present while `revoked` is true. */
  revokedAt?: string;
  sourceFormat: KeySourceFormat;
  exports: KeyExportEntry[];
  /** Where the user noted by hand that the key is used. */
  usedIn: KeyUsedInEntry[];
  /** The last check with Apple, when one was made. */
  appleCheck?: KeyAppleCheck;
  /** The guided replacement of this key, while it runs. */
  replacement?: KeyReplacement;
  /** ISO 8601; in lists only: when a token was last signed with the key or the key was last exported. */
  lastUsedAt?: string;
}

/**
 * Where main reads the key from. The renderer never carries key text: for the clipboard, main reads it itself.
 * `fileName` lets a pasted key be checked against the name of the file it was copied from.
 */
export type KeyImportSource = { type: 'file'; path: string } | { type: 'clipboard'; fileName?: string };

/**
 * A key file main chose in its dialog, found in Downloads or took from a drop, as the renderer knows it:
 * the id main issued for it (valid only for the window it was issued to) and the file's name.
 */
export interface KeyFileRef {
  fileId: string;
  fileName: string;
}

/** A key file the Downloads watch found; its name tells the kind and Key ID. */
export interface DownloadedKeyFile extends KeyFileRef {
  kind: 'in-app-purchase' | 'asc';
  keyId: string;
}

/** A key file that was already in Downloads when the watch started, written within the hour before. */
export interface RecentKeyFile extends DownloadedKeyFile {
  /** ISO 8601: when the file was last written, i.e. when the download finished. */
  downloadedAt: string;
}

export interface KeyImportRequest {
  source: KeyImportSource;
  /** Required when no file name tells it (pasted keys); otherwise it overrides the file name's default. */
  kind?: KeyKind;
  /** Required when no file name tells it; otherwise it must agree with the file name. */
  keyId?: string;
  /** Required for In-App Purchase and team keys; refused for individual keys. */
  issuerId?: string;
  bundleIds?: string[];
  /** Defaults to the kind and Key ID, e.g. "In-App Purchase key 2X9R4HXF34". */
  name?: string;
  notes?: string;
  tags?: string[];
  environment?: KeyEnvironment;
  /** The vault record id of a key being replaced: the new key becomes its replacement in the same write. */
  replaces?: string;
}

export interface KeyImportResult {
  key: KeySummary;
  /** Things the user should know about an accepted import (e.g. a SEC1 key is not Apple's original file). */
  notices: string[];
}

/** The editable fields; Key ID, kind and the key itself never change after import. */
export interface KeyUpdate {
  /** An empty name restores the default name. */
  name?: string;
  notes?: string;
  tags?: string[];
  bundleIds?: string[];
  /** Only for kinds that have an Issuer ID. */
  issuerId?: string;
  /** `null` clears the hint. */
  environment?: KeyEnvironment | null;
}

/** What a file or pasted key turned out to be, before anything is stored. */
export interface KeyInspection {
  fileName?: string;
  /** From the file name: `asc` names do not tell team keys from individual ones. */
  fileKind?: 'in-app-purchase' | 'asc';
  fileKeyId?: string;
  fingerprint: string;
  sourceFormat: KeySourceFormat;
  /** The record already holding this key, if any. */
  duplicateOf?: KeySummary;
}
