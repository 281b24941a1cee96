import { AppError } from '../../src-shared/errors';
import { KEY_KIND_LABELS } from '../../src-shared/keys/key-kind';
import type { KeyReplacement, ReplacementPlace } from '../../src-shared/keys/replacement';
import type { StoredKeyData } from './key-service';

type KeyFacts = Pick<StoredKeyData, 'kind' | 'name' | 'keyId' | 'issuerId' | 'revoked' | 'fingerprint'>;

/** Whether `candidate` can take `old`'s place: same kind, same App Store Connect team, not revoked, not the same key. */
export function checkReplacementKey(old: KeyFacts, candidate: KeyFacts): void {
  const nothingChanged = 'Nothing was changed.';
  if (candidate.fingerprint === old.fingerprint) {
    throw new AppError('BAD_REQUEST', `This is "${old.name}" itself. A key cannot replace itself: add the new key you generated in App Store Connect. ${nothingChanged}`);
  }
  if (candidate.kind !== old.kind) {
    throw new AppError(
      'KIND_MISMATCH',
      `"${candidate.name}" is an ${KEY_KIND_LABELS[candidate.kind]} and "${old.name}" is an ${KEY_KIND_LABELS[old.kind]}: keys of different kinds are not interchangeable. ` +
        `Generate a new ${KEY_KIND_LABELS[old.kind]} to replace it. ${nothingChanged}`,
    );
  }
  if (candidate.revoked) {
    throw new AppError('KEY_REVOKED', `"${candidate.name}" is marked as revoked, so it cannot replace another key. Choose or add a key that works. ${nothingChanged}`);
  }
  if (old.issuerId !== undefined && candidate.issuerId !== undefined && candidate.issuerId !== old.issuerId) {
    throw new AppError(
      'BAD_ISSUER_ID',
      `"${candidate.name}" has the Issuer ID ${candidate.issuerId}, and "${old.name}" has ${old.issuerId}: they belong to different App Store Connect accounts. ` +
        `Use a key from the same account, or correct the Issuer ID if one was mistyped. ${nothingChanged}`,
    );
  }
}

/** The place an export of the new key ticks off: not yet done, same target, the same folder first. */
export function placeForExport(places: ReplacementPlace[], target: string, destination: string | undefined): ReplacementPlace | undefined {
  const open = places.filter((place) => place.type === 'export' && place.target === target && place.doneAt === undefined);
  return open.find((place) => place.destination === destination) ?? open[0];
}

export function replacementNotStarted(name: string): AppError {
  return new AppError('NOT_FOUND', `"${name}" is not being replaced (it may have been finished or stopped elsewhere). Start from the key's page. Nothing was changed.`);
}

export function replacementUnfinished(name: string, replacement: KeyReplacement | undefined): AppError {
  if (replacement?.newKeyId === undefined) {
    return new AppError('REPLACEMENT_INCOMPLETE', `Add the key that replaces "${name}" first. Nothing was changed.`);
  }
  const open = replacement.places.filter((place) => place.doneAt === undefined).map((place) => place.label);
  return new AppError(
    'REPLACEMENT_INCOMPLETE',
    `"${name}" is still used in ${open.length === 1 ? 'one place' : `${open.length} places`} not ticked off: ${open.join(', ')}. ` +
      'Put the new key there and tick each off (or remove it from where the key is used), then finish. Nothing was changed.',
  );
}
