import { AppError } from '../errors';
import { LEGACY_OFFER_SEPARATOR } from './apple-token-rules';

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A required text field of an offer (product ID, offer ID, transaction ID), trimmed; throws BAD_OFFER_FIELD when
 * it is empty or holds the invisible separator that joins the legacy signature's fields.
 */
export function requireOfferField(label: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new AppError('BAD_OFFER_FIELD', `Type the ${label}.`, { field: label });
  refuseSeparator(label, trimmed);
  return trimmed;
}

/** An optional text field: undefined when absent or blank, otherwise as `requireOfferField`. */
export function optionalOfferField(label: string, value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return requireOfferField(label, value);
}

/** The legacy offer's app account token, lower-cased as Apple signs it; empty when none. */
export function normalizeAppAccountToken(value: string | undefined): string {
  const token = (value ?? '').trim().toLowerCase();
  refuseSeparator('app account token', token);
  return token;
}

/** A nonce as Apple wants it: a UUID in lower case (an upper-case nonce makes StoreKit report invalidOfferSignature). */
export function normalizeNonce(nonce: string): string {
  if (!UUID_SHAPE.test(nonce)) {
    throw new AppError('BAD_NONCE', 'The nonce must be a UUID, like 3f2b8c4e-1d2a-4b6c-9e8f-0a1b2c3d4e5f.');
  }
  return nonce.toLowerCase();
}

/** A nonce the user typed, normalized as `normalizeNonce`; undefined when absent or blank (a fresh one is used). */
export function optionalNonce(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return normalizeNonce(value.trim());
}

/** Reads the Advanced Commerce request text as a JSON object, or throws BAD_JSON saying what is wrong with it. */
export function parseAdvancedCommerceRequestJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? ` (${error.message})` : '';
    throw new AppError('BAD_JSON', `The Advanced Commerce request is not valid JSON${detail}. Paste the request object, starting with {.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('BAD_JSON', 'The Advanced Commerce request must be a JSON object, starting with {.');
  }
  return value as Record<string, unknown>;
}

function refuseSeparator(label: string, value: string): void {
  if (value.includes(LEGACY_OFFER_SEPARATOR)) {
    throw new AppError(
      'BAD_OFFER_FIELD',
      `The ${label} contains an invisible separator character (U+2063); retype it without copying from the signature.`,
      { field: label },
    );
  }
}
