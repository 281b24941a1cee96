import { AppError } from '../../src-shared/errors';
import { normalizeBundleId } from '../../src-shared/keys/identifiers';
import { STOREKIT_JWS_AUDIENCES } from '../../src-shared/signing/apple-token-rules';
import {
  normalizeNonce,
  optionalOfferField,
  parseAdvancedCommerceRequestJson,
  requireOfferField,
} from '../../src-shared/signing/offer-fields';
import type {
  AdvancedCommerceClaims,
  AdvancedCommerceRequest,
  AdvancedCommerceSignature,
  IntroductoryOfferEligibilityClaims,
  IntroductoryOfferEligibilityRequest,
  IntroductoryOfferEligibilitySignature,
  OfferKind,
  PromotionalOfferV2Claims,
  PromotionalOfferV2Request,
  PromotionalOfferV2Signature,
  SignedStoreKitJws,
  StoreKitJwsClaims,
} from '../../src-shared/signing/offer-request';
import { checkKeyCanSign, requireIssuerId, signingKeyId } from '../../src-shared/signing/signing-key';
import { es256Header, isoFromUnixSeconds, signEs256Jwt, unixSeconds } from './es256-jwt';
import type { OfferSigningInput } from './signing-input';

type JwsKind = Exclude<OfferKind, 'legacy'>;
type BaseClaims = Pick<StoreKitJwsClaims, 'iss' | 'iat' | 'bid' | 'nonce'>;

/** Signs a promotional offer (v2) JWS: `productId`, `offerIdentifier` and, when given, `transactionId`. */
export function signPromotionalOfferV2(input: OfferSigningInput<PromotionalOfferV2Request>): Promise<PromotionalOfferV2Signature> {
  return signStoreKitJws(input, 'promo-v2', (base): PromotionalOfferV2Claims => {
    const transactionId = optionalOfferField('transaction ID', input.request.transactionId);
    return {
      ...base,
      aud: STOREKIT_JWS_AUDIENCES['promo-v2'],
      productId: requireOfferField('product ID', input.request.productId),
      offerIdentifier: requireOfferField('promotional offer ID', input.request.offerIdentifier),
      ...(transactionId === undefined ? {} : { transactionId }),
    };
  });
}

/** Signs an introductory offer eligibility JWS: `productId`, `allowIntroductoryOffer` (a JSON boolean), `transactionId`. */
export function signIntroductoryOfferEligibility(
  input: OfferSigningInput<IntroductoryOfferEligibilityRequest>,
): Promise<IntroductoryOfferEligibilitySignature> {
  return signStoreKitJws(input, 'intro-eligibility', (base): IntroductoryOfferEligibilityClaims => {
    const { allowIntroductoryOffer } = input.request;
    // Apple wants a JSON boolean; the text "true" would be a different claim.
    if (typeof allowIntroductoryOffer !== 'boolean') {
      throw new AppError('BAD_OFFER_FIELD', 'Choose whether the customer may have the introductory offer (yes or no).', {
        field: 'allowIntroductoryOffer',
      });
    }
    return {
      ...base,
      aud: STOREKIT_JWS_AUDIENCES['intro-eligibility'],
      productId: requireOfferField('product ID', input.request.productId),
      allowIntroductoryOffer,
      transactionId: requireOfferField('transaction ID', input.request.transactionId),
    };
  });
}

/**
 * Signs an Advanced Commerce in-app request: `request` is the padded standard base64 of the request's UTF-8 JSON,
 * written compactly as Apple's library does (`JSON.stringify`), whatever spacing the user typed.
 */
export function signAdvancedCommerceRequest(
  input: OfferSigningInput<AdvancedCommerceRequest>,
): Promise<AdvancedCommerceSignature> {
  return signStoreKitJws(input, 'advanced-commerce', (base): AdvancedCommerceClaims => ({
    ...base,
    aud: STOREKIT_JWS_AUDIENCES['advanced-commerce'],
    request: encodeAdvancedCommerceRequest(input.request.requestJson),
  }));
}

/** Padded standard base64 of the compact UTF-8 JSON; throws BAD_JSON for text that is not a JSON object. */
export function encodeAdvancedCommerceRequest(requestJson: string): string {
  const request = parseAdvancedCommerceRequestJson(requestJson);
  return Buffer.from(JSON.stringify(request), 'utf8').toString('base64');
}

/**
 * The part every StoreKit JWS shares: In-App Purchase key, `iss`, `iat`, `bid`, a fresh lower-case `nonce`, and
 * nothing else (Apple asks for exactly these fields plus the feature claims: no `exp`, no `jti`).
 */
async function signStoreKitJws<Kind extends JwsKind, Claims extends StoreKitJwsClaims>(
  { signingKey, key, request, now, nonce }: OfferSigningInput<{ bundleId: string }>,
  kind: Kind,
  addFeatureClaims: (base: BaseClaims) => Claims,
): Promise<SignedStoreKitJws<Kind, Claims>> {
  checkKeyCanSign(key, 'offer');
  const base: BaseClaims = {
    iss: requireIssuerId(key, 'offer'),
    iat: unixSeconds(now),
    bid: normalizeBundleId(request.bundleId),
    nonce: normalizeNonce(nonce),
  };
  const payload = addFeatureClaims(base);
  const header = es256Header(signingKeyId(key));
  const jws = await signEs256Jwt(signingKey, header, payload);
  return { kind, jws, header, payload, nonce: payload.nonce, issuedAt: isoFromUnixSeconds(payload.iat) };
}
