import { z } from 'zod';
import type { Es256JwtHeader } from './token-request';

/** The StoreKit signatures the app makes; all four are signed by In-App Purchase keys. */
export const OFFER_KINDS = ['legacy', 'promo-v2', 'intro-eligibility', 'advanced-commerce'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

// Shape only; field rules live in offer-fields.ts and the signing code.
export const legacyPromotionalOfferRequestSchema = z
  .object({
    kind: z.literal('legacy'),
    bundleId: z.string(),
    productId: z.string(),
    /** The promotional offer's identifier in App Store Connect. */
    offerId: z.string(),
    /** Optional; the signature uses it lower-cased. */
    appAccountToken: z.string().optional(),
    /** Optional UUID, signed lower-cased; a fresh one when absent or blank. */
    nonce: z.string().optional(),
  })
  .strict();

export const promotionalOfferV2RequestSchema = z
  .object({
    kind: z.literal('promo-v2'),
    bundleId: z.string(),
    productId: z.string(),
    offerIdentifier: z.string(),
    /** Optional but recommended by Apple: any transaction ID (or appTransactionId) of the customer. */
    transactionId: z.string().optional(),
  })
  .strict();

export const introductoryOfferEligibilityRequestSchema = z
  .object({
    kind: z.literal('intro-eligibility'),
    bundleId: z.string(),
    productId: z.string(),
    allowIntroductoryOffer: z.boolean(),
    /** Required: any transaction ID (or appTransactionId) of the customer. */
    transactionId: z.string(),
  })
  .strict();

export const advancedCommerceRequestSchema = z
  .object({
    kind: z.literal('advanced-commerce'),
    bundleId: z.string(),
    /** The Advanced Commerce request as JSON text; it must parse as a JSON object. */
    requestJson: z.string(),
  })
  .strict();

export const offerRequestSchema = z.discriminatedUnion('kind', [
  legacyPromotionalOfferRequestSchema,
  promotionalOfferV2RequestSchema,
  introductoryOfferEligibilityRequestSchema,
  advancedCommerceRequestSchema,
]);

export type LegacyPromotionalOfferRequest = z.infer<typeof legacyPromotionalOfferRequestSchema>;
export type PromotionalOfferV2Request = z.infer<typeof promotionalOfferV2RequestSchema>;
export type IntroductoryOfferEligibilityRequest = z.infer<typeof introductoryOfferEligibilityRequestSchema>;
export type AdvancedCommerceRequest = z.infer<typeof advancedCommerceRequestSchema>;
export type OfferRequest = z.infer<typeof offerRequestSchema>;

/** What StoreKit needs for a legacy promotional offer (`SKPaymentDiscount` / `Product.PurchaseOption.promotionalOffer`). */
export interface LegacyPromotionalOfferSignature {
  kind: 'legacy';
  keyId: string;
  bundleId: string;
  productId: string;
  offerId: string;
  /** Lower-cased, as signed. */
  appAccountToken: string;
  /** Lower-case UUID, as signed; serves one purchase. */
  nonce: string;
  /** UNIX time in milliseconds; the offer stays valid for 24 hours from it. */
  timestamp: number;
  /** DER ECDSA signature, standard base64. */
  signature: string;
}

/** The claims every StoreKit in-app JWS carries; Apple asks for exactly these plus the feature claims (no exp, no jti). */
interface StoreKitJwsBaseClaims {
  iss: string;
  iat: number;
  bid: string;
  nonce: string;
}

export interface PromotionalOfferV2Claims extends StoreKitJwsBaseClaims {
  aud: 'promotional-offer';
  productId: string;
  offerIdentifier: string;
  transactionId?: string;
}

export interface IntroductoryOfferEligibilityClaims extends StoreKitJwsBaseClaims {
  aud: 'introductory-offer-eligibility';
  productId: string;
  allowIntroductoryOffer: boolean;
  transactionId: string;
}

export interface AdvancedCommerceClaims extends StoreKitJwsBaseClaims {
  aud: 'advanced-commerce-api';
  /** Padded standard base64 of the request's UTF-8 JSON. */
  request: string;
}

export type StoreKitJwsClaims = PromotionalOfferV2Claims | IntroductoryOfferEligibilityClaims | AdvancedCommerceClaims;

export interface SignedStoreKitJws<Kind extends Exclude<OfferKind, 'legacy'>, Claims extends StoreKitJwsClaims> {
  kind: Kind;
  jws: string;
  header: Es256JwtHeader;
  payload: Claims;
  nonce: string;
  /** `iat` as an ISO 8601 time. */
  issuedAt: string;
}

export type PromotionalOfferV2Signature = SignedStoreKitJws<'promo-v2', PromotionalOfferV2Claims>;
export type IntroductoryOfferEligibilitySignature = SignedStoreKitJws<'intro-eligibility', IntroductoryOfferEligibilityClaims>;
export type AdvancedCommerceSignature = SignedStoreKitJws<'advanced-commerce', AdvancedCommerceClaims>;

export type OfferSignature =
  | LegacyPromotionalOfferSignature
  | PromotionalOfferV2Signature
  | IntroductoryOfferEligibilitySignature
  | AdvancedCommerceSignature;
