import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { KeyReplacement } from '../../../src-shared/keys/replacement';
import type { WalkthroughDraft, WalkthroughSession } from '../walkthrough/WalkthroughSession';

/** How many of the places the old key is used have the new key, e.g. "3 of 5 done". */
export function placesDone(replacement: KeyReplacement): { done: number; total: number; text: string } {
  const total = replacement.places.length;
  const done = replacement.places.filter((place) => place.doneAt !== undefined).length;
  return { done, total, text: `${done} of ${total} done` };
}

/** Where the job stands, in a few words, for the key list and the banner. */
export function replacementStatus(replacement: KeyReplacement): string {
  if (replacement.stage === 'new-key') return 'add the new key';
  if (replacement.stage === 'revoke') return 'revoke the old key';
  const { done, total } = placesDone(replacement);
  return `${done} of ${total} places done`;
}

/** Keys in the vault that can take `old`'s place: same kind and account, not revoked, not itself (main checks again). */
export function replacementCandidates(old: KeySummary, keys: KeySummary[]): KeySummary[] {
  return keys.filter(
    (key) => key.id !== old.id && key.kind === old.kind && !key.revoked && (old.issuerId === undefined || key.issuerId === undefined || key.issuerId === old.issuerId),
  );
}

/**
 * How guided setup opens for `old`'s new key: its own unsaved setup resumes; another one the user started (a kind
 * or a file chosen, not saved) is only dropped after asking; otherwise a fresh one starts.
 */
export function replacementSetupStart(old: KeySummary, draft: WalkthroughDraft | null): 'resume' | 'ask' | 'fresh' {
  if (draft === null || draft.saved !== null) return 'fresh';
  if (draft.replaces?.id === old.id) return 'resume';
  return draft.kind !== null || draft.file !== null ? 'ask' : 'fresh';
}

/** Guided setup for the new key: the old key's kind (purpose already chosen), Issuer ID and bundle IDs filled in. */
export function replacementDraft(old: KeySummary): NonNullable<Parameters<WalkthroughSession['show']>[0]> {
  return { kind: old.kind, step: 'role', issuerId: old.issuerId ?? '', bundleIds: old.bundleIds.join(', '), replaces: { id: old.id, name: old.name } };
}
