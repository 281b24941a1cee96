import { sign } from 'node:crypto';
import { normalizeBundleId } from '../../src-shared/keys/identifiers';
import { LEGACY_OFFER_SEPARATOR } from '../../src-shared/signing/apple-token-rules';
import { normalizeAppAccountToken, normalizeNonce, optionalNonce, requireOfferField } from '../../src-shared/signing/offer-fields';
import type { LegacyPromotionalOfferRequest, LegacyPromotionalOfferSignature } from '../../src-shared/signing/offer-request';
import { checkKeyCanSign, signingKeyId } from '../../src-shared/signing/signing-key';
import type { OfferSigningInput } from './signing-input';

export interface LegacyPromotionalOfferFields {
  bundleId: string;
  keyId: string;
  productId: string;
  offerId: string;
  appAccountToken: string;
  nonce: string;
  timestamp: number;
}

/**
 * Apple's message for a legacy promotional offer: the fields joined by U+2063, with only the app account token and
 * the nonce lower-cased, and the timestamp in UNIX milliseconds.
 */
export function buildLegacyPromotionalOfferMessage(fields: LegacyPromotionalOfferFields): string {
  return [
    fields.bundleId,
    fields.keyId,
    fields.productId,
    fields.offerId,
    fields.appAccountToken.toLowerCase(),
    fields.nonce.toLowerCase(),
    String(fields.timestamp),
  ].join(LEGACY_OFFER_SEPARATOR);
}

/**
 * Signs a legacy promotional offer, with the request's nonce when it gives one and the fresh `nonce` otherwise.
 * Unlike a JWT, StoreKit expects a DER ECDSA signature in standard base64 here
 * (a raw R||S one is refused with invalidOfferSignature).
 */
export function signLegacyPromotionalOffer({
  signingKey,
  key,
  request,
  now,
  nonce,
}: OfferSigningInput<LegacyPromotionalOfferRequest>): LegacyPromotionalOfferSignature {
  checkKeyCanSign(key, 'offer');
  const fields: LegacyPromotionalOfferFields = {
    bundleId: normalizeBundleId(request.bundleId),
    keyId: signingKeyId(key),
    productId: requireOfferField('product ID', request.productId),
    offerId: requireOfferField('promotional offer ID', request.offerId),
    appAccountToken: normalizeAppAccountToken(request.appAccountToken),
    nonce: optionalNonce(request.nonce) ?? normalizeNonce(nonce),
    timestamp: now.getTime(),
  };
  const message = Buffer.from(buildLegacyPromotionalOfferMessage(fields), 'utf8');
  const signature = sign('sha256', message, { key: signingKey, dsaEncoding: 'der' });
  return { kind: 'legacy', ...fields, signature: signature.toString('base64') };
}
