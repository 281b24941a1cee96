import { z } from 'zod';
import { exportTargetLabel } from '../exports/export-targets';
import type { KeySummary } from './key-record';

/** A place the user noted by hand that a key is used ("RevenueCat project Fitness"). */
export interface KeyUsedInEntry {
  id: string;
  label: string;
  /** ISO 8601. */
  addedAt: string;
}

export const MAX_USED_IN_LABEL = 200;
/** Far more places than one key goes to; a bound keeps one record small. */
export const MAX_USED_IN_ENTRIES = 100;

const label = z.string().max(MAX_USED_IN_LABEL);
const keyId = z.string().uuid();

export const UsedInAddRequestSchema = z.object({ id: keyId, label }).strict();
export const UsedInEditRequestSchema = z.object({ id: keyId, entryId: z.string().uuid(), label }).strict();
export const UsedInRemoveRequestSchema = z.object({ id: keyId, entryId: z.string().uuid() }).strict();

/** One line of a key's "Where used": an export main wrote, or an entry the user added. */
export interface WhereUsedLine {
  type: 'export' | 'added';
  /** The hand-added entry's id; absent for exports. */
  entryId?: string;
  label: string;
  /** The export target's id, for exports. */
  target?: string;
  /** The folder (or bundle file) main wrote to, for exports recorded since it was kept. */
  destination?: string;
  /** ISO 8601: when it was exported or added. */
  at: string;
}

/** Hand-added entries first (the ones the user edits), then exports, each oldest first. */
export function whereUsed(key: Pick<KeySummary, 'exports' | 'usedIn'>): WhereUsedLine[] {
  return [
    ...key.usedIn.map((entry): WhereUsedLine => ({ type: 'added', entryId: entry.id, label: entry.label, at: entry.addedAt })),
    ...key.exports.map(
      (entry): WhereUsedLine => ({
        type: 'export',
        label: exportTargetLabel(entry.target),
        target: entry.target,
        ...(entry.destination === undefined ? {} : { destination: entry.destination }),
        at: entry.at,
      }),
    ),
  ];
}
