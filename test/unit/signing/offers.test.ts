import { verify } from 'node:crypto';
import {
  AdvancedCommerceInAppSignatureCreator,
  IntroductoryOfferEligibilitySignatureCreator,
  PromotionalOfferSignatureCreator,
  PromotionalOfferV2SignatureCreator,
} from '@apple/app-store-server-library';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src-shared/errors';
import type { SigningKeyInfo } from '../../../src-shared/signing/signing-key';
import type { OfferRequest, StoreKitJwsClaims } from '../../../src-shared/signing/offer-request';
import { signLegacyPromotionalOffer } from '../../../src-main/signing/legacy-promotional-offer';
import { signOffer } from '../../../src-main/signing/offers';
import { verifyTokenSignature } from '../../../src-main/signing/inspect-token';
import {
  BUNDLE_ID,
  ISSUER_ID,
  NONCE,
  NOW,
  NOW_SECONDS,
  makeTestKey,
  rejectedAppError,
  splitJwt,
  verifiesWithNodeCrypto,
  type TestKey,
} from './signing-fixtures';

const inAppPurchase = makeTestKey('in-app-purchase');
const KEY_ID = inAppPurchase.info.keyId;
const UPPER_NONCE = NONCE.toUpperCase();
const APP_ACCOUNT_TOKEN = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
const SEPARATOR_BYTES = Buffer.from([0xe2, 0x81, 0xa3]);

/** Apple's message, written out here from apple-signing.md rather than taken from the code under test. */
function legacyMessage(productId: string, offerId: string, appAccountToken: string, nonce: string, timestamp: number): Buffer {
  const fields = [BUNDLE_ID, KEY_ID, productId, offerId, appAccountToken.toLowerCase(), nonce.toLowerCase(), String(timestamp)];
  return Buffer.from(fields.join('\u2063'), 'utf8');
}

const verifiesAsDer = (message: Buffer, signatureBase64: string, key: TestKey = inAppPurchase) =>
  verify('sha256', message, { key: key.publicKey, dsaEncoding: 'der' }, Buffer.from(signatureBase64, 'base64'));

describe('signLegacyPromotionalOffer', () => {
  const request = {
    kind: 'legacy',
    bundleId: BUNDLE_ID,
    productId: 'com.example.app.monthly',
    offerId: 'WINBACK50',
    appAccountToken: APP_ACCOUNT_TOKEN,
  } as const;

  it('returns the fields StoreKit needs, with the nonce and app account token in lower case and the time in milliseconds', () => {
    const offer = signLegacyPromotionalOffer({ ...inAppPurchase, key: inAppPurchase.info, request, now: NOW, nonce: UPPER_NONCE });
    expect({ ...offer, signature: '' }).toEqual({
      kind: 'legacy',
      keyId: KEY_ID,
      bundleId: BUNDLE_ID,
      productId: 'com.example.app.monthly',
      offerId: 'WINBACK50',
      appAccountToken: APP_ACCOUNT_TOKEN.toLowerCase(),
      nonce: NONCE,
      timestamp: NOW.getTime(),
      signature: '',
    });
  });

  it('signs the U+2063-separated message with a DER signature in standard base64', () => {
    const offer = signLegacyPromotionalOffer({ ...inAppPurchase, key: inAppPurchase.info, request, now: NOW, nonce: UPPER_NONCE });
    const message = legacyMessage(request.productId, request.offerId, APP_ACCOUNT_TOKEN, UPPER_NONCE, NOW.getTime());
    expect(message.includes(SEPARATOR_BYTES)).toBe(true);
    expect(offer.signature).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const der = Buffer.from(offer.signature, 'base64');
    expect(der[0]).toBe(0x30);
    expect(der[1]).toBe(der.length - 2);
    expect(verifiesAsDer(message, offer.signature)).toBe(true);
    expect(verifiesAsDer(message, offer.signature, makeTestKey('in-app-purchase'))).toBe(false);
  });

  it('signs an empty app account token when none is given', () => {
    const offer = signLegacyPromotionalOffer({
      ...inAppPurchase,
      key: inAppPurchase.info,
      request: { ...request, appAccountToken: undefined },
      now: NOW,
      nonce: NONCE,
    });
    expect(offer.appAccountToken).toBe('');
    expect(verifiesAsDer(legacyMessage(request.productId, request.offerId, '', NONCE, NOW.getTime()), offer.signature)).toBe(true);
  });

  it('signs the nonce the request gives, in lower case, instead of the fresh one', () => {
    const freshNonce = crypto.randomUUID();
    const offer = signLegacyPromotionalOffer({ ...inAppPurchase, key: inAppPurchase.info, request: { ...request, nonce: ` ${UPPER_NONCE} ` }, now: NOW, nonce: freshNonce });
    expect(offer.nonce).toBe(NONCE);
    const message = legacyMessage(request.productId, request.offerId, APP_ACCOUNT_TOKEN, NONCE, NOW.getTime());
    expect(verifiesAsDer(message, offer.signature)).toBe(true);
  });

  it('signs the fresh nonce when the request gives none or a blank one', () => {
    for (const given of [undefined, '', '  ']) {
      const offer = signLegacyPromotionalOffer({ ...inAppPurchase, key: inAppPurchase.info, request: { ...request, nonce: given }, now: NOW, nonce: NONCE });
      expect(offer.nonce).toBe(NONCE);
    }
  });

  it('signs the same message as Apple’s PromotionalOfferSignatureCreator', () => {
    const timestamp = NOW.getTime();
    const ours = signLegacyPromotionalOffer({ ...inAppPurchase, key: inAppPurchase.info, request, now: NOW, nonce: UPPER_NONCE });
    const apples = new PromotionalOfferSignatureCreator(inAppPurchase.pkcs8Pem, KEY_ID, BUNDLE_ID).createSignature(
      request.productId,
      request.offerId,
      APP_ACCOUNT_TOKEN,
      UPPER_NONCE,
      timestamp,
    );
    const message = legacyMessage(request.productId, request.offerId, APP_ACCOUNT_TOKEN, UPPER_NONCE, timestamp);
    expect(verifiesAsDer(message, apples)).toBe(true);
    expect(verifiesAsDer(message, ours.signature)).toBe(true);
  });
});

type JwsRequest = Exclude<OfferRequest, { kind: 'legacy' }>;

interface JwsCase {
  name: string;
  request: JwsRequest;
  claims: StoreKitJwsClaims;
  /** The same signature made by Apple's App Store Server Library. */
  oracle: () => string;
}

const appleArgs = [inAppPurchase.pkcs8Pem, KEY_ID, ISSUER_ID, BUNDLE_ID] as const;
const commerceObject = {
  operation: 'CREATE_SUBSCRIPTION',
  version: '1',
  requestInfo: { requestReferenceId: 'd1f2c3b4-a5e6-4f70-8a91-b2c3d4e5f607' },
  currency: 'EUR',
  taxCode: 'C003-00-1',
  descriptors: { description: 'Café ☕ premium', displayName: 'Premium' },
  items: [{ SKU: 'premium.monthly', price: 4990, displayName: 'Premium' }],
};
const base = { iss: ISSUER_ID, iat: NOW_SECONDS, bid: BUNDLE_ID, nonce: NONCE };

const jwsCases: JwsCase[] = [
  {
    name: 'a promotional offer (v2) with a transaction ID',
    request: { kind: 'promo-v2', bundleId: BUNDLE_ID, productId: 'com.example.app.monthly', offerIdentifier: 'WINBACK50', transactionId: '2000000123456789' },
    claims: { ...base, aud: 'promotional-offer', productId: 'com.example.app.monthly', offerIdentifier: 'WINBACK50', transactionId: '2000000123456789' },
    oracle: () => new PromotionalOfferV2SignatureCreator(...appleArgs).createSignature('com.example.app.monthly', 'WINBACK50', '2000000123456789'),
  },
  {
    name: 'a promotional offer (v2) without a transaction ID',
    request: { kind: 'promo-v2', bundleId: BUNDLE_ID, productId: 'com.example.app.monthly', offerIdentifier: 'WINBACK50' },
    claims: { ...base, aud: 'promotional-offer', productId: 'com.example.app.monthly', offerIdentifier: 'WINBACK50' },
    oracle: () => new PromotionalOfferV2SignatureCreator(...appleArgs).createSignature('com.example.app.monthly', 'WINBACK50'),
  },
  {
    name: 'an introductory offer eligibility signature',
    request: { kind: 'intro-eligibility', bundleId: BUNDLE_ID, productId: 'com.example.app.yearly', allowIntroductoryOffer: false, transactionId: '2000000987654321' },
    claims: { ...base, aud: 'introductory-offer-eligibility', productId: 'com.example.app.yearly', allowIntroductoryOffer: false, transactionId: '2000000987654321' },
    oracle: () => new IntroductoryOfferEligibilitySignatureCreator(...appleArgs).createSignature('com.example.app.yearly', false, '2000000987654321'),
  },
  {
    name: 'an Advanced Commerce request typed with spaces and line breaks',
    request: { kind: 'advanced-commerce', bundleId: BUNDLE_ID, requestJson: JSON.stringify(commerceObject, null, 2) },
    claims: { ...base, aud: 'advanced-commerce-api', request: Buffer.from(JSON.stringify(commerceObject), 'utf8').toString('base64') },
    oracle: () => new AdvancedCommerceInAppSignatureCreator(...appleArgs).createSignature(commerceObject),
  },
];

describe('StoreKit JWS signatures', () => {
  it.each(jwsCases)('signs $name with exactly Apple’s header and claims', async ({ request, claims }) => {
    const signed = await signOffer({ ...inAppPurchase, key: inAppPurchase.info, request, now: NOW, nonce: UPPER_NONCE });
    if (signed.kind === 'legacy') throw new Error('expected a JWS');
    const header = { alg: 'ES256', kid: KEY_ID, typ: 'JWT' };

    expect(signed.kind).toBe(request.kind);
    expect(signed.header).toEqual(header);
    expect(signed.payload).toEqual(claims);
    expect(signed.nonce).toBe(NONCE);
    expect(signed.issuedAt).toBe(new Date(NOW_SECONDS * 1000).toISOString());
    const decoded = splitJwt(signed.jws);
    expect(decoded.header).toEqual(header);
    expect(decoded.payload).toEqual(claims);
    expect(decoded.payload).not.toHaveProperty('exp');
    expect(decoded.payload).not.toHaveProperty('jti');
    expect(verifiesWithNodeCrypto(signed.jws, inAppPurchase.publicKey)).toBe(true);
    expect(verifiesWithNodeCrypto(signed.jws, makeTestKey('in-app-purchase').publicKey)).toBe(false);
  });

  it.each(jwsCases)('signs $name as Apple’s library does, apart from nonce and iat', async ({ request, oracle }) => {
    const now = new Date();
    const ours = await signOffer({ ...inAppPurchase, key: inAppPurchase.info, request, now, nonce: crypto.randomUUID() });
    if (ours.kind === 'legacy') throw new Error('expected a JWS');
    const apples = oracle();
    const { header: appleHeader, payload: applePayload } = splitJwt(apples);
    const { nonce: appleNonce, iat: appleIat, ...appleRest } = applePayload as Record<string, unknown>;
    const { nonce: ourNonce, iat: ourIat, ...ourRest } = ours.payload as unknown as Record<string, unknown>;

    expect(appleHeader).toEqual(ours.header);
    expect(appleRest).toEqual(ourRest);
    expect(ourNonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(appleNonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(appleIat) - Number(ourIat))).toBeLessThanOrEqual(2);
    // Both signatures verify with the same public key, by either verifier.
    expect(verifiesWithNodeCrypto(apples, inAppPurchase.publicKey)).toBe(true);
    expect(verifyTokenSignature(apples, inAppPurchase.publicKeyPem)).toBe(true);
    expect(verifyTokenSignature(ours.jws, inAppPurchase.publicKeyPem)).toBe(true);
  });

  it('puts the Advanced Commerce request in as padded standard base64 of its UTF-8 JSON', async () => {
    const signed = await signOffer({
      ...inAppPurchase,
      key: inAppPurchase.info,
      request: { kind: 'advanced-commerce', bundleId: BUNDLE_ID, requestJson: '{"a":"é?>>"}' },
      now: NOW,
      nonce: NONCE,
    });
    if (signed.kind !== 'advanced-commerce') throw new Error('expected an Advanced Commerce signature');
    // This text's base64 has a / (base64url would write _) and padding (base64url drops it).
    expect(signed.payload.request).toBe('eyJhIjoiw6k/Pj4ifQ==');
    expect(Buffer.from(signed.payload.request, 'base64').toString('utf8')).toBe('{"a":"é?>>"}');
    expect(signed.payload.request.length % 4).toBe(0);
  });
});

interface OfferRefusal {
  name: string;
  key?: TestKey;
  info?: Partial<SigningKeyInfo>;
  request: OfferRequest;
  nonce?: string;
  code: ErrorCode;
  says: string[];
}

const legacy: OfferRequest = { kind: 'legacy', bundleId: BUNDLE_ID, productId: 'monthly', offerId: 'WINBACK50' };
const promo: OfferRequest = { kind: 'promo-v2', bundleId: BUNDLE_ID, productId: 'monthly', offerIdentifier: 'WINBACK50' };
const intro: OfferRequest = { kind: 'intro-eligibility', bundleId: BUNDLE_ID, productId: 'yearly', allowIntroductoryOffer: true, transactionId: '2000000987654321' };
const commerce: OfferRequest = { kind: 'advanced-commerce', bundleId: BUNDLE_ID, requestJson: '{"operation":"CREATE_SUBSCRIPTION"}' };
const team = makeTestKey('asc-team');
const individual = makeTestKey('asc-individual');

const offerRefusals: OfferRefusal[] = [
  ...[legacy, promo, intro, commerce].flatMap((request): OfferRefusal[] => [
    { name: `a ${request.kind} signature from a team key`, key: team, request, code: 'WRONG_KEY_KIND', says: ['StoreKit offer signatures need an In-App Purchase key', 'Integrations > In-App Purchase'] },
    { name: `a ${request.kind} signature from an individual key`, key: individual, request, code: 'WRONG_KEY_KIND', says: ['In-App Purchase'] },
    { name: `a ${request.kind} signature from a revoked key`, info: { revoked: true }, request, code: 'KEY_REVOKED', says: ['revoked'] },
    { name: `a ${request.kind} signature for a bad bundle ID`, request: { ...request, bundleId: 'com.example..app' }, code: 'BAD_BUNDLE_ID', says: ['empty part'] },
    { name: `a ${request.kind} signature with a nonce that is not a UUID`, request, nonce: 'not-a-uuid', code: 'BAD_NONCE', says: ['UUID'] },
  ]),
  ...[promo, intro, commerce].map((request): OfferRefusal => ({
    name: `a ${request.kind} signature from a key without an Issuer ID`,
    info: { issuerId: undefined },
    request,
    code: 'ISSUER_ID_REQUIRED',
    says: ['Issuer ID'],
  })),
  { name: 'a legacy offer without a product ID', request: { ...legacy, productId: ' ' }, code: 'BAD_OFFER_FIELD', says: ['Type the product ID'] },
  { name: 'a legacy offer without an offer ID', request: { ...legacy, offerId: '' }, code: 'BAD_OFFER_FIELD', says: ['promotional offer ID'] },
  { name: 'a legacy offer field holding the U+2063 separator', request: { ...legacy, productId: 'monthly\u2063x' }, code: 'BAD_OFFER_FIELD', says: ['U+2063'] },
  { name: 'a legacy offer whose given nonce is not a UUID', request: { ...legacy, nonce: '5f1b2c3d-4e5f-4a6b-8c7d' }, code: 'BAD_NONCE', says: ['must be a UUID'] },
  { name: 'a legacy offer app account token holding the separator', request: { ...legacy, appAccountToken: 'a\u2063b' }, code: 'BAD_OFFER_FIELD', says: ['app account token'] },
  { name: 'a v2 offer without an offer identifier', request: { ...promo, offerIdentifier: '' }, code: 'BAD_OFFER_FIELD', says: ['promotional offer ID'] },
  { name: 'an eligibility signature without a transaction ID', request: { ...intro, transactionId: '' }, code: 'BAD_OFFER_FIELD', says: ['transaction ID'] },
  {
    name: 'an eligibility signature whose allowIntroductoryOffer is text',
    request: { ...intro, allowIntroductoryOffer: 'true' as unknown as boolean },
    code: 'BAD_OFFER_FIELD',
    says: ['introductory offer'],
  },
  { name: 'an Advanced Commerce request that is not JSON', request: { ...commerce, requestJson: '{operation: CREATE}' }, code: 'BAD_JSON', says: ['not valid JSON'] },
  { name: 'an empty Advanced Commerce request', request: { ...commerce, requestJson: '' }, code: 'BAD_JSON', says: ['not valid JSON'] },
  { name: 'an Advanced Commerce request that is a JSON array', request: { ...commerce, requestJson: '[1, 2]' }, code: 'BAD_JSON', says: ['JSON object'] },
  { name: 'an Advanced Commerce request that is a JSON string', request: { ...commerce, requestJson: '"CREATE"' }, code: 'BAD_JSON', says: ['JSON object'] },
];

describe('signOffer refuses', () => {
  it.each(offerRefusals)('$name', async ({ key = inAppPurchase, info = {}, request, nonce = NONCE, code, says }) => {
    const error = await rejectedAppError(() =>
      signOffer({ signingKey: key.signingKey, key: { ...key.info, ...info }, request, now: NOW, nonce }),
    );
    expect(error.code).toBe(code);
    for (const text of says) expect(error.message).toContain(text);
  });

  it('signs a legacy offer with a key that has no Issuer ID saved (the legacy message has none)', async () => {
    const offer = await signOffer({ ...inAppPurchase, key: { ...inAppPurchase.info, issuerId: null }, request: legacy, now: NOW, nonce: NONCE });
    expect(offer.kind).toBe('legacy');
  });
});
