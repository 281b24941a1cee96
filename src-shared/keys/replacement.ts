import { z } from 'zod';
import type { KeySummary } from './key-record';
import { whereUsed } from './used-in';

/**
 * Replacing a key, as a job kept on the old key's record (so it survives lock and restart): add a new key of
 * the same kind, bring it to every place the old key is used, then revoke the old one in App Store Connect.
 */

/** Where the old key is used, to be ticked off once the new key is there. */
export interface ReplacementPlace {
  /** Stable while the job runs: `added:<entry id>`, or `export:<target>` plus the folder written to. */
  id: string;
  type: 'added' | 'export';
  /** The hand-added entry's text, or the export target's name. */
  label: string;
  /** For exports: the target id, so the new key's matching export can be opened. */
  target?: string;
  /** For exports: the folder (or bundle file) the old key was written to, when it was kept. */
  destination?: string;
  /** ISO 8601: when it was ticked off, by hand or by exporting the new key to the same target. */
  doneAt?: string;
}

/** `new-key` until the new key is chosen, `places` while a place is not ticked off, then `revoke`. */
export type ReplacementStage = 'new-key' | 'places' | 'revoke';

export const REPLACEMENT_STAGE_TEXT: Record<ReplacementStage, string> = {
  'new-key': 'waiting for the new key',
  places: 'bringing the new key to where the old one is used',
  revoke: 'ready to revoke the old key in App Store Connect',
};

/** What is stored on the old key. */
export interface StoredReplacement {
  /** ISO 8601. */
  startedAt: string;
  /** The new key's vault record id, once added or chosen. */
  newKeyId?: string;
  /** Place ids ticked off, with when. */
  done: Array<{ placeId: string; at: string }>;
}

/** The stored job's shape, checked as it is read: a record written by another program must not stop the key list. */
export const StoredReplacementSchema = z.object({
  startedAt: z.string(),
  newKeyId: z.string().optional(),
  done: z.array(z.object({ placeId: z.string(), at: z.string() })),
}) satisfies z.ZodType<StoredReplacement>;

/** What the renderer sees on the old key's summary. */
export interface KeyReplacement {
  startedAt: string;
  newKeyId?: string;
  places: ReplacementPlace[];
  stage: ReplacementStage;
}

const keyId = z.string().uuid();
// A place id carries the export folder, which can be a long path.
const placeId = z.string().min(1).max(8192);

export const ReplacementRequestSchema = z.object({ id: keyId }).strict();
export const ReplacementKeyRequestSchema = z.object({ id: keyId, newKeyId: keyId }).strict();
export const ReplacementTickRequestSchema = z.object({ id: keyId, placeId, done: z.boolean() }).strict();

/**
 * Every place the old key is used, each once: hand-added entries, then each export target and folder
 * (two exports to the same target and folder are one place to update).
 */
export function replacementPlaces(key: Pick<KeySummary, 'exports' | 'usedIn'>, done: StoredReplacement['done']): ReplacementPlace[] {
  const doneAt = new Map(done.map((entry) => [entry.placeId, entry.at]));
  const places = new Map<string, ReplacementPlace>();
  for (const line of whereUsed(key)) {
    const id = line.type === 'added' ? `added:${line.entryId ?? ''}` : `export:${line.target ?? ''}${line.destination === undefined ? '' : `:${line.destination}`}`;
    if (places.has(id)) continue;
    const at = doneAt.get(id);
    places.set(id, {
      id,
      type: line.type,
      label: line.label,
      ...(line.target === undefined ? {} : { target: line.target }),
      ...(line.destination === undefined ? {} : { destination: line.destination }),
      ...(at === undefined ? {} : { doneAt: at }),
    });
  }
  return [...places.values()];
}

export function describeReplacement(key: Pick<KeySummary, 'exports' | 'usedIn'>, stored: StoredReplacement): KeyReplacement {
  const places = replacementPlaces(key, stored.done);
  const stage: ReplacementStage = stored.newKeyId === undefined ? 'new-key' : places.some((place) => place.doneAt === undefined) ? 'places' : 'revoke';
  return { startedAt: stored.startedAt, ...(stored.newKeyId === undefined ? {} : { newKeyId: stored.newKeyId }), places, stage };
}
