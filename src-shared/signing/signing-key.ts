import { AppError } from '../errors';
import { normalizeIssuerId, normalizeKeyId } from '../keys/identifiers';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, type KeyKind } from '../keys/key-kind';
import type { TokenTemplate } from './token-request';

/** What signing needs to know about a stored key, besides its PEM. */
export interface SigningKeyInfo {
  kind: KeyKind;
  keyId: string;
  /** Team and In-App Purchase keys have one; individual keys do not. */
  issuerId?: string | null;
  revoked?: boolean;
}

/** A token template, or any StoreKit offer signature. */
export type SigningPurpose = TokenTemplate | 'offer';

// Apple: the App Store Server API and StoreKit take only In-App Purchase keys; each App Store Connect API key kind
// signs only its own token shape.
export const KEY_KIND_FOR_PURPOSE: Record<SigningPurpose, KeyKind> = {
  'asc-team': 'asc-team',
  'asc-individual': 'asc-individual',
  'app-store-server': 'in-app-purchase',
  offer: 'in-app-purchase',
};

const PURPOSE_LABELS: Record<SigningPurpose, string> = {
  'asc-team': 'App Store Connect API team tokens',
  'asc-individual': 'App Store Connect API individual tokens',
  'app-store-server': 'App Store Server API tokens',
  offer: 'StoreKit offer signatures',
};

const WHAT_EACH_KIND_SIGNS: Record<KeyKind, string> = {
  'in-app-purchase': 'App Store Server API tokens and StoreKit offer signatures',
  'asc-team': 'App Store Connect API team tokens',
  'asc-individual': 'App Store Connect API tokens for one user',
};

/** True when a key of this kind can sign for this purpose; lets the screen offer only what will work. */
export function canKeySign(kind: KeyKind, purpose: SigningPurpose): boolean {
  return KEY_KIND_FOR_PURPOSE[purpose] === kind;
}

/** Throws KEY_REVOKED or WRONG_KEY_KIND, naming the App Store Connect tab the right key comes from. */
export function checkKeyCanSign(key: SigningKeyInfo, purpose: SigningPurpose): void {
  if (key.revoked === true) {
    throw new AppError(
      'KEY_REVOKED',
      `This key is marked as revoked, and Apple refuses everything a revoked key signs. ` +
        `Create a new key in App Store Connect (${KEY_KIND_SOURCES[key.kind]}) and import it.`,
    );
  }
  const needed = KEY_KIND_FOR_PURPOSE[purpose];
  if (key.kind === needed) return;
  throw new AppError(
    'WRONG_KEY_KIND',
    `This is an ${KEY_KIND_LABELS[key.kind]}, which signs ${WHAT_EACH_KIND_SIGNS[key.kind]}. ` +
      `${PURPOSE_LABELS[purpose]} need an ${KEY_KIND_LABELS[needed]}, from ${KEY_KIND_SOURCES[needed]} in App Store Connect.`,
    { keyKind: key.kind, neededKind: needed },
  );
}

/** The key's Key ID as it goes into `kid`; throws BAD_KEY_ID if the stored one is malformed. */
export function signingKeyId(key: SigningKeyInfo): string {
  return normalizeKeyId(key.keyId);
}

/** The Issuer ID for `iss`; throws ISSUER_ID_REQUIRED when the key has none saved. */
export function requireIssuerId(key: SigningKeyInfo, purpose: SigningPurpose): string {
  if (key.issuerId === undefined || key.issuerId === null || key.issuerId.trim() === '') {
    throw new AppError(
      'ISSUER_ID_REQUIRED',
      `${PURPOSE_LABELS[purpose]} carry your team's Issuer ID, and this key has none saved. ` +
        `Copy it from ${KEY_KIND_SOURCES[key.kind]} in App Store Connect, where it is shown above the list of keys, and add it to this key.`,
    );
  }
  return normalizeIssuerId(key.issuerId);
}
