import { AppError } from '../errors';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, type KeyKind } from './key-kind';

const KEY_ID = /^[A-Z0-9]{10}$/;
// Apple's own example Issuer ID (57246542-96fe-1a63-e053-…) is not an RFC 4122 UUID, so only the shape is checked.
const ISSUER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BUNDLE_ID_SEGMENT = /^[A-Za-z0-9-]+$/;
const BUNDLE_ID_MAX_LENGTH = 155;
// Browsers add " (1)", "(1)" or "-1" when the same file is downloaded again.
const KEY_FILE_NAME = /^(SubscriptionKey|AuthKey)_([A-Z0-9]{10})(?: ?\(\d+\)|-\d+)?\.p8$/i;
// Quotes come along when an ID is copied from a chat, a JSON file or a shell line.
const PASTED_WRAPPING = /^[\s"'`\u2018\u2019\u201C\u201D]+|[\s"'`\u2018\u2019\u201C\u201D]+$/g;

const KEY_ID_SHAPE = 'A Key ID is exactly 10 letters and digits, like 2X9R4HXF34.';
const ISSUER_ID_SHAPE =
  'An Issuer ID is 32 hexadecimal digits in groups of 8-4-4-4-12, like 57246542-96fe-1a63-e053-0824d011072a.';
const BUNDLE_ID_SHAPE = 'A bundle ID is written in reverse-DNS style, like com.example.app.';

/** What the file name of a downloaded key says; `asc` names do not tell team keys from individual ones. */
export interface KeyFileName {
  kind: 'in-app-purchase' | 'asc';
  keyId: string;
}

export interface KeyIdentityInput {
  fileName?: string;
  chosenKind?: KeyKind;
  typedKeyId?: string;
}

export interface KeyIdentity {
  kind: KeyKind;
  keyId: string;
}

const DEFAULT_KIND_FOR_FILE: Record<KeyFileName['kind'], KeyKind> = {
  'in-app-purchase': 'in-app-purchase',
  asc: 'asc-team',
};

/** Removes the spaces, line ends and quotes that come along when text is copied. */
export function trimPasted(input: string): string {
  return input.replace(PASTED_WRAPPING, '');
}

/** Returns the Key ID in upper case, or throws BAD_KEY_ID saying what is wrong with it. */
export function normalizeKeyId(input: string): string {
  const keyId = trimPasted(input).toUpperCase();
  if (KEY_ID.test(keyId)) return keyId;
  throw new AppError('BAD_KEY_ID', describeBadKeyId(keyId));
}

function describeBadKeyId(keyId: string): string {
  if (keyId === '') return `Type the Key ID. ${KEY_ID_SHAPE} App Store Connect shows it next to the key.`;
  if (ISSUER_ID.test(keyId)) return `This looks like an Issuer ID, not a Key ID. ${KEY_ID_SHAPE}`;
  if (keyId.length !== 10) return `${KEY_ID_SHAPE} This one has ${keyId.length} characters.`;
  return `${KEY_ID_SHAPE} This one has characters other than the letters A to Z and the digits 0 to 9.`;
}

/** Returns the Issuer ID in lower case, or throws BAD_ISSUER_ID saying what is wrong with it. */
export function normalizeIssuerId(input: string): string {
  const issuerId = trimPasted(input);
  if (ISSUER_ID.test(issuerId)) return issuerId.toLowerCase();
  throw new AppError('BAD_ISSUER_ID', describeBadIssuerId(issuerId));
}

function describeBadIssuerId(issuerId: string): string {
  if (issuerId === '') {
    return `Type the Issuer ID. ${ISSUER_ID_SHAPE} App Store Connect shows it above the list of keys.`;
  }
  if (KEY_ID.test(issuerId.toUpperCase())) return `This looks like a Key ID, not an Issuer ID. ${ISSUER_ID_SHAPE}`;
  return `This is not an Issuer ID. ${ISSUER_ID_SHAPE}`;
}

/** Returns the bundle ID as typed (without surrounding spaces or quotes), or throws BAD_BUNDLE_ID. */
export function normalizeBundleId(input: string): string {
  const bundleId = trimPasted(input);
  const problem = findBundleIdProblem(bundleId);
  if (problem === undefined) return bundleId;
  throw new AppError('BAD_BUNDLE_ID', `${problem} ${BUNDLE_ID_SHAPE}`);
}

function findBundleIdProblem(bundleId: string): string | undefined {
  if (bundleId === '') return 'Type the bundle ID of the app.';
  if (bundleId.length > BUNDLE_ID_MAX_LENGTH) {
    return `This bundle ID has ${bundleId.length} characters; at most ${BUNDLE_ID_MAX_LENGTH} are allowed.`;
  }
  if (bundleId.includes('*')) {
    return 'A wildcard bundle ID cannot be used: tokens and offers are for one app, so type its exact bundle ID.';
  }
  const segments = bundleId.split('.');
  if (segments.length < 2) return 'A bundle ID has at least two parts separated by dots.';
  if (segments.includes('')) return 'This bundle ID has an empty part: two dots together, or a dot at the start or end.';
  if (!segments.every((segment) => BUNDLE_ID_SEGMENT.test(segment))) {
    return 'A bundle ID may contain only letters, digits, hyphens and dots.';
  }
  return undefined;
}

/** Reads the kind and Key ID from a name like `AuthKey_2X9R4HXF34.p8`; any folder path is ignored. */
export function parseKeyFileName(name: string): KeyFileName | null {
  const baseName = name.split(/[\\/]/).pop() ?? '';
  const match = KEY_FILE_NAME.exec(baseName);
  if (!match) return null;
  const [, prefix = '', keyId = ''] = match;
  return {
    kind: prefix.toLowerCase() === 'subscriptionkey' ? 'in-app-purchase' : 'asc',
    keyId: keyId.toUpperCase(),
  };
}

/**
 * Settles a key's kind and Key ID from its file name and what the user chose or typed.
 * The user's choice of kind wins over the default from the file name, unless the two cannot both be true.
 */
export function checkKeyIdentity({ fileName, chosenKind, typedKeyId }: KeyIdentityInput): KeyIdentity {
  const fromName = fileName === undefined ? null : parseKeyFileName(fileName);
  return {
    kind: resolveKind(fromName?.kind, chosenKind),
    keyId: resolveKeyId(fromName?.keyId, typedKeyId),
  };
}

function resolveKind(fileKind: KeyFileName['kind'] | undefined, chosenKind: KeyKind | undefined): KeyKind {
  if (chosenKind === undefined) {
    if (fileKind !== undefined) return DEFAULT_KIND_FOR_FILE[fileKind];
    throw new AppError(
      'KIND_REQUIRED',
      `Choose what kind of key this is: an ${KEY_KIND_LABELS['in-app-purchase']} (from ${KEY_KIND_SOURCES['in-app-purchase']}) ` +
        `or an App Store Connect API key (from ${KEY_KIND_SOURCES['asc-team']}, or from ${KEY_KIND_SOURCES['asc-individual']}).`,
    );
  }
  const chosenIsInAppPurchase = chosenKind === 'in-app-purchase';
  if (fileKind === 'in-app-purchase' && !chosenIsInAppPurchase) {
    throw new AppError(
      'KIND_MISMATCH',
      `Files named SubscriptionKey_… are In-App Purchase keys, from ${KEY_KIND_SOURCES['in-app-purchase']} in App Store Connect. ` +
        'App Store Connect API keys come from the App Store Connect API tab next to it and are named AuthKey_….p8. ' +
        `Choose ${KEY_KIND_LABELS['in-app-purchase']}, or pick the AuthKey_ file.`,
    );
  }
  if (fileKind === 'asc' && chosenIsInAppPurchase) {
    throw new AppError(
      'KIND_MISMATCH',
      'Files named AuthKey_… come from the App Store Connect API tab (or are APNs or Sign in with Apple keys) ' +
        'and cannot sign In-App Purchase requests. ' +
        `In-App Purchase keys come from ${KEY_KIND_SOURCES['in-app-purchase']} in App Store Connect and are named SubscriptionKey_….p8. ` +
        'Choose an App Store Connect API key kind, or pick the SubscriptionKey_ file.',
    );
  }
  return chosenKind;
}

function resolveKeyId(fileKeyId: string | undefined, typedKeyId: string | undefined): string {
  if (typedKeyId === undefined || trimPasted(typedKeyId) === '') {
    if (fileKeyId !== undefined) return fileKeyId;
    throw new AppError(
      'BAD_KEY_ID',
      `The file name does not include the Key ID, so type it. ${KEY_ID_SHAPE} App Store Connect shows it next to the key.`,
    );
  }
  const keyId = normalizeKeyId(typedKeyId);
  if (fileKeyId !== undefined && fileKeyId !== keyId) {
    throw new AppError(
      'KEY_ID_MISMATCH',
      `The Key ID you typed, ${keyId}, does not match the file name, which says ${fileKeyId}. ` +
        'Check that you picked the right file, or correct the Key ID.',
      { typedKeyId: keyId, fileKeyId },
    );
  }
  return keyId;
}
