import { createPublicKey } from 'node:crypto';
import { generatePrivateKey } from '../../helpers/keys';
import { describe, expect, it } from 'vitest';
import type { ExpectedTokenKind, FindingSeverity, InspectedTokenKind } from '../../../src-shared/signing/token-inspection';
import { inspectToken, verifyTokenSignature } from '../../../src-main/signing/inspect-token';
import { signOffer } from '../../../src-main/signing/offers';
import { issueToken } from '../../../src-main/signing/tokens';
import type { OfferRequest } from '../../../src-shared/signing/offer-request';
import type { TokenRequest } from '../../../src-shared/signing/token-request';
import {
  BUNDLE_ID,
  ISSUER_ID,
  NONCE,
  NOW,
  NOW_SECONDS,
  base64urlJson,
  handMadeJwt,
  makeTestKey,
  rejectedAppError,
} from './signing-fixtures';

const team = makeTestKey('asc-team');
const individual = makeTestKey('asc-individual');
const inAppPurchase = makeTestKey('in-app-purchase');

const HEADER = { alg: 'ES256', kid: 'TEAM2X9R4H', typ: 'JWT' };
const AUD = 'appstoreconnect-v1';
const teamClaims = { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 900, aud: AUD };
const serverClaims = { ...teamClaims, bid: BUNDLE_ID };
const promoClaims = {
  iss: ISSUER_ID,
  iat: NOW_SECONDS,
  aud: 'promotional-offer',
  bid: BUNDLE_ID,
  nonce: NONCE,
  productId: 'monthly',
  offerIdentifier: 'WINBACK50',
  transactionId: '2000000123456789',
};

describe('inspectToken on tokens the app signs', () => {
  const tokenRequests: [InspectedTokenKind, TokenRequest, typeof team][] = [
    ['asc-team', { template: 'asc-team', scope: ['GET /v1/apps'] }, team],
    ['asc-team', { template: 'asc-team', ttlSeconds: 90 * 86_400, scope: ['GET /v1/ciBuildRuns/1/actions'] }, team],
    ['asc-individual', { template: 'asc-individual' }, individual],
    ['app-store-server', { template: 'app-store-server', bundleId: BUNDLE_ID, ttlSeconds: 3000 }, inAppPurchase],
  ];
  it.each(tokenRequests)('finds nothing wrong with a %s token', async (kind, request, key) => {
    const { token } = await issueToken({ signingKey: key.signingKey, key: key.info, request, now: NOW });
    const inspection = inspectToken(token, { now: NOW });
    expect(inspection.kind).toBe(kind);
    expect(inspection.findings.filter((finding) => finding.severity !== 'ok')).toEqual([]);
    expect(inspection.signatureBytes).toBe(64);
    expect(inspection.issuedAt).toBe(new Date(NOW_SECONDS * 1000).toISOString());
  });

  const offerRequests: OfferRequest[] = [
    { kind: 'promo-v2', bundleId: BUNDLE_ID, productId: 'monthly', offerIdentifier: 'WINBACK50', transactionId: '2000000123456789' },
    { kind: 'intro-eligibility', bundleId: BUNDLE_ID, productId: 'yearly', allowIntroductoryOffer: true, transactionId: '2000000123456789' },
    { kind: 'advanced-commerce', bundleId: BUNDLE_ID, requestJson: '{"operation":"CREATE_SUBSCRIPTION"}' },
  ];
  it.each(offerRequests)('finds nothing wrong with a $kind signature', async (request) => {
    const signed = await signOffer({ signingKey: inAppPurchase.signingKey, key: inAppPurchase.info, request, now: NOW, nonce: NONCE });
    if (signed.kind === 'legacy') throw new Error('expected a JWS');
    const inspection = inspectToken(signed.jws, { now: NOW });
    expect(inspection.kind).toBe(request.kind);
    expect(inspection.findings.filter((finding) => finding.severity !== 'ok')).toEqual([]);
  });

  it('explains every header field and claim of a good token', async () => {
    const { token } = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now: NOW });
    const claims = inspectToken(token, { now: NOW, expected: 'app-store-connect' }).findings.map((finding) => finding.claim);
    expect(claims).toEqual(['alg', 'typ', 'kid', 'signature', 'aud', 'iss', 'iat', 'exp', 'exp - iat']);
    // Not told what it is for, the inspector also says what the same token would lack for the App Store Server API.
    const inferred = inspectToken(token, { now: NOW }).findings.map((finding) => finding.claim);
    expect(inferred).toEqual(['alg', 'typ', 'kid', 'signature', 'aud', 'iss', 'iat', 'exp', 'exp - iat', 'bid']);
  });

  it('writes every time in one format, to the second in UTC, naming the zone', async () => {
    const { token, issuedAt, expiresAt } = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now: NOW });
    const messages = Object.fromEntries(inspectToken(token, { now: NOW }).findings.map((finding) => [finding.claim, finding.message]));
    const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
    expect(messages.iat).toBe(`Issued ${utc(issuedAt)}, 0 seconds ago.`);
    expect(messages.exp).toMatch(new RegExp(`^Expires ${utc(expiresAt)}, in `));
  });
});

describe('inspectToken told what the token is meant for', () => {
  const problemsOf = (token: string, expected?: ExpectedTokenKind) =>
    inspectToken(token, { now: NOW, ...(expected === undefined ? {} : { expected }) }).findings.filter((finding) => finding.severity !== 'ok');

  it('says plainly that App Store Server API calls need bid when it does not know what an unscoped token without bid is for', () => {
    const token = handMadeJwt(HEADER, teamClaims, team.privateKey);
    const inspection = inspectToken(token, { now: NOW });
    expect(inspection.kind).toBe('asc-team');
    expect(problemsOf(token)).toEqual([
      { severity: 'warning', claim: 'bid', message: expect.stringContaining('App Store Server API calls need bid (the app’s bundle ID)') },
    ]);
  });

  it('says nothing about bid for a scoped token, which only the App Store Connect API takes', () => {
    const token = handMadeJwt(HEADER, { ...teamClaims, scope: ['GET /v1/apps'] }, team.privateKey);
    expect(problemsOf(token)).toEqual([]);
  });

  it('finds the same token good for the App Store Connect API and missing bid for the App Store Server API', () => {
    const token = handMadeJwt(HEADER, teamClaims, team.privateKey);
    expect(problemsOf(token, 'app-store-connect')).toEqual([]);
    expect(inspectToken(token, { now: NOW, expected: 'app-store-connect' }).kind).toBe('asc-team');
    const forServer = inspectToken(token, { now: NOW, expected: 'app-store-server' });
    expect(forServer.kind).toBe('app-store-server');
    expect(forServer.findings.filter((finding) => finding.severity === 'error')).toEqual([
      { severity: 'error', claim: 'bid', message: expect.stringContaining('No bid') },
    ]);
  });

  it('reads "App Store Connect API" as an individual key’s token when sub is "user"', async () => {
    const { token } = await issueToken({ signingKey: individual.signingKey, key: individual.info, request: { template: 'asc-individual' }, now: NOW });
    expect(inspectToken(token, { now: NOW, expected: 'app-store-connect' }).kind).toBe('asc-individual');
    expect(problemsOf(token, 'app-store-connect')).toEqual([]);
  });

  it('flags bid in a token meant for the App Store Connect API', () => {
    const token = handMadeJwt(HEADER, serverClaims, team.privateKey);
    expect(problemsOf(token, 'app-store-connect')).toEqual([
      { severity: 'warning', claim: 'bid', message: expect.stringContaining('belongs in App Store Server API tokens') },
    ]);
  });
});

interface FindingCase {
  name: string;
  header?: object;
  payload: object;
  signature?: 'raw' | 'der' | 'none';
  expected?: Exclude<InspectedTokenKind, 'unknown'>;
  severity: FindingSeverity;
  claim: string;
  says: string;
}

const findingCases: FindingCase[] = [
  // Lifetimes (exp - iat)
  { name: 'a team token living 21 minutes', payload: { ...teamClaims, exp: NOW_SECONDS + 1260 }, severity: 'error', claim: 'exp - iat', says: 'at most 20 minutes' },
  { name: 'a team token of 21 minutes that may be a server token without bid', payload: { ...teamClaims, exp: NOW_SECONDS + 1260 }, severity: 'error', claim: 'exp - iat', says: 'it needs bid' },
  { name: 'a long-lived token whose scope has a POST', payload: { ...teamClaims, exp: NOW_SECONDS + 86_400, scope: ['POST /v1/ciBuildRuns'] }, severity: 'error', claim: 'exp - iat', says: 'is a POST request' },
  { name: 'a long-lived token over 180 days', payload: { ...teamClaims, exp: NOW_SECONDS + 200 * 86_400, scope: ['GET /v1/ciProducts'] }, severity: 'error', claim: 'exp - iat', says: 'at most 6 months' },
  { name: 'a team token of exactly 20 minutes', payload: { ...teamClaims, exp: NOW_SECONDS + 1200 }, severity: 'warning', claim: 'exp - iat', says: 'runs a little fast' },
  { name: 'a server token living 61 minutes', payload: { ...serverClaims, exp: NOW_SECONDS + 3660 }, severity: 'error', claim: 'exp - iat', says: 'at most 60 minutes' },
  { name: 'a server token living 56 minutes', payload: { ...serverClaims, exp: NOW_SECONDS + 3360 }, severity: 'warning', claim: 'exp - iat', says: '55 minutes or less' },
  { name: 'exp before iat', payload: { ...teamClaims, iat: NOW_SECONDS - 10, exp: NOW_SECONDS - 20 }, severity: 'error', claim: 'exp - iat', says: 'not after iat' },
  // Times
  { name: 'iat in the future', payload: { ...teamClaims, iat: NOW_SECONDS + 30 }, severity: 'error', claim: 'iat', says: '30 seconds in the future' },
  { name: 'iat in milliseconds', payload: { ...teamClaims, iat: NOW.getTime() }, severity: 'error', claim: 'iat', says: 'milliseconds' },
  { name: 'a fractional iat', payload: { ...teamClaims, iat: NOW_SECONDS + 0.5 }, severity: 'error', claim: 'iat', says: 'whole number' },
  { name: 'no iat', payload: { iss: ISSUER_ID, exp: NOW_SECONDS + 600, aud: AUD }, severity: 'error', claim: 'iat', says: 'No iat' },
  { name: 'an expired token', payload: { ...teamClaims, iat: NOW_SECONDS - 1000, exp: NOW_SECONDS - 100 }, severity: 'error', claim: 'exp', says: 'Expired' },
  { name: 'no exp', payload: { iss: ISSUER_ID, iat: NOW_SECONDS, aud: AUD }, severity: 'error', claim: 'exp', says: 'No exp' },
  // Audience and kind
  { name: 'an unknown aud', payload: { ...teamClaims, aud: 'appstoreconnect-v2' }, severity: 'error', claim: 'aud', says: 'is not one Apple uses' },
  { name: 'no aud', payload: { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 600 }, severity: 'error', claim: 'aud', says: 'No aud' },
  { name: 'a StoreKit aud on a token meant for the server API', payload: { ...serverClaims, aud: 'promotional-offer' }, expected: 'app-store-server', severity: 'error', claim: 'aud', says: 'need aud "appstoreconnect-v1"' },
  { name: 'a server token without bid', payload: teamClaims, expected: 'app-store-server', severity: 'error', claim: 'bid', says: 'No bid' },
  { name: 'a server token with a malformed bid', payload: { ...serverClaims, bid: 'com.example.*' }, severity: 'error', claim: 'bid', says: 'wildcard' },
  { name: 'a server token with a scope', payload: { ...serverClaims, scope: ['GET /v1/apps'] }, severity: 'error', claim: 'scope', says: 'take no scope' },
  { name: 'a server token with a nonce', payload: { ...serverClaims, nonce: NONCE }, severity: 'warning', claim: 'nonce', says: 'no nonce' },
  { name: 'bid in a token meant for the App Store Connect API', payload: serverClaims, expected: 'asc-team', severity: 'warning', claim: 'bid', says: 'belongs in App Store Server API tokens' },
  // Issuer and subject
  { name: 'iss together with sub "user"', payload: { ...teamClaims, sub: 'user' }, severity: 'error', claim: 'iss', says: 'Individual keys must not send iss' },
  { name: 'a team token without iss', payload: { iat: NOW_SECONDS, exp: NOW_SECONDS + 600, aud: AUD }, severity: 'error', claim: 'iss', says: 'Team keys must send the Issuer ID' },
  { name: 'an iss that is not an Issuer ID', payload: { ...teamClaims, iss: 'my-team' }, severity: 'error', claim: 'iss', says: '8-4-4-4-12' },
  { name: 'sub "user" in a token meant for a team key', payload: { ...teamClaims, sub: 'user' }, expected: 'asc-team', severity: 'error', claim: 'sub', says: 'individual key' },
  { name: 'an individual token without sub', payload: { iat: NOW_SECONDS, exp: NOW_SECONDS + 600, aud: AUD }, expected: 'asc-individual', severity: 'error', claim: 'sub', says: 'sub "user"' },
  // Scope
  { name: 'a malformed scope entry', payload: { ...teamClaims, scope: ['GET https://api.appstoreconnect.apple.com/v1/apps'] }, severity: 'error', claim: 'scope', says: 'Leave the host out' },
  { name: 'a scope that is not a list', payload: { ...teamClaims, scope: 'GET /v1/apps' }, severity: 'error', claim: 'scope', says: 'list of entries' },
  // Header
  { name: 'a missing typ', header: { alg: 'ES256', kid: 'TEAM2X9R4H' }, payload: teamClaims, severity: 'warning', claim: 'typ', says: 'always send it' },
  { name: 'a wrong typ', header: { ...HEADER, typ: 'JWS' }, payload: teamClaims, severity: 'error', claim: 'typ', says: 'must be "JWT"' },
  { name: 'a wrong alg', header: { ...HEADER, alg: 'ES384' }, payload: teamClaims, severity: 'error', claim: 'alg', says: 'only ES256' },
  { name: 'alg none', header: { ...HEADER, alg: 'none' }, payload: teamClaims, signature: 'none', severity: 'error', claim: 'alg', says: 'only ES256' },
  { name: 'a lower-case kid', header: { ...HEADER, kid: 'team2x9r4h' }, payload: teamClaims, severity: 'error', claim: 'kid', says: 'upper case' },
  { name: 'no kid', header: { alg: 'ES256', typ: 'JWT' }, payload: teamClaims, severity: 'error', claim: 'kid', says: 'No kid' },
  { name: 'an extra header field', header: { ...HEADER, x5c: ['MII…'] }, payload: teamClaims, severity: 'warning', claim: 'x5c', says: 'only alg, kid and typ' },
  // Signature
  { name: 'a DER signature inside a JWT', payload: teamClaims, signature: 'der', severity: 'error', claim: 'signature', says: 'DER-encoded' },
  { name: 'an unsigned token', payload: teamClaims, signature: 'none', severity: 'error', claim: 'signature', says: 'not signed' },
  // StoreKit JWS
  { name: 'exp in a StoreKit signature', payload: { ...promoClaims, exp: NOW_SECONDS + 600 }, severity: 'warning', claim: 'exp', says: 'no exp, no jti' },
  { name: 'jti in a StoreKit signature', payload: { ...promoClaims, jti: 'abc' }, severity: 'warning', claim: 'jti', says: 'no exp, no jti' },
  { name: 'an upper-case nonce', payload: { ...promoClaims, nonce: NONCE.toUpperCase() }, severity: 'warning', claim: 'nonce', says: 'lower-case UUID' },
  { name: 'a nonce that is not a UUID', payload: { ...promoClaims, nonce: '12345' }, severity: 'error', claim: 'nonce', says: 'must be a UUID' },
  { name: 'a StoreKit signature without bid', payload: { ...promoClaims, bid: undefined }, severity: 'error', claim: 'bid', says: 'No bid' },
  { name: 'a v2 offer without transactionId', payload: { ...promoClaims, transactionId: undefined }, severity: 'warning', claim: 'transactionId', says: 'recommends' },
  { name: 'a v2 offer without offerIdentifier', payload: { ...promoClaims, offerIdentifier: undefined }, severity: 'error', claim: 'offerIdentifier', says: 'promotional offer identifier' },
  {
    name: 'allowIntroductoryOffer as text',
    payload: { ...promoClaims, aud: 'introductory-offer-eligibility', offerIdentifier: undefined, allowIntroductoryOffer: 'true' },
    severity: 'error',
    claim: 'allowIntroductoryOffer',
    says: 'JSON boolean',
  },
  {
    name: 'an eligibility signature without transactionId',
    payload: { ...promoClaims, aud: 'introductory-offer-eligibility', offerIdentifier: undefined, allowIntroductoryOffer: true, transactionId: undefined },
    severity: 'error',
    claim: 'transactionId',
    says: 'required here',
  },
  {
    name: 'an Advanced Commerce request in base64url',
    payload: { iss: ISSUER_ID, iat: NOW_SECONDS, aud: 'advanced-commerce-api', bid: BUNDLE_ID, nonce: NONCE, request: 'eyJhIjoiw6k_Pj4ifQ' },
    severity: 'error',
    claim: 'request',
    says: 'padded standard base64',
  },
  {
    name: 'an Advanced Commerce request that holds no JSON',
    payload: { iss: ISSUER_ID, iat: NOW_SECONDS, aud: 'advanced-commerce-api', bid: BUNDLE_ID, nonce: NONCE, request: 'aGVsbG8=' },
    severity: 'error',
    claim: 'request',
    says: 'not a JSON object',
  },
];

describe('inspectToken flags', () => {
  it.each(findingCases)('$name', ({ header = HEADER, payload, signature = 'raw', expected, severity, claim, says }) => {
    const token = handMadeJwt(header, payload, team.privateKey, signature);
    const { findings } = inspectToken(token, { now: NOW, ...(expected === undefined ? {} : { expected }) });
    const matching = findings.filter((finding) => finding.claim === claim && finding.severity === severity);
    expect(matching, JSON.stringify(findings, null, 2)).not.toEqual([]);
    expect(matching.map((finding) => finding.message).join('\n')).toContain(says);
  });
});

describe('inspectToken refuses text that is not a JWT', () => {
  const goodHeader = base64urlJson(HEADER);
  const goodPayload = base64urlJson(teamClaims);
  const cases: [string, string, string][] = [
    ['empty text', '  ', 'Paste a token'],
    ['a single word', 'hello', '1 part separated by dots'],
    ['two parts', `${goodHeader}.${goodPayload}`, '2 parts'],
    ['an encrypted token (five parts)', 'a.b.c.d.e', 'encrypted token'],
    ['standard base64 in the header', `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: '??>>??>>??' })).toString('base64')}.${goodPayload}.sig`, 'standard base64'],
    ['a line break inside', `${goodHeader}.${goodPayload}\n.abc`, 'characters that base64url does not use'],
    ['a header that is not JSON', `${Buffer.from('not json').toString('base64url')}.${goodPayload}.abc`, 'header does not decode to JSON'],
    ['a payload that is a JSON array', `${goodHeader}.${base64urlJson([1, 2])}.abc`, 'not to an object'],
    ['an empty payload', `${goodHeader}..abc`, 'payload is empty'],
    ['a pasted file of 100 KB', 'a'.repeat(100_000), 'characters long'],
  ];
  it.each(cases)('%s', async (_name, text, says) => {
    const error = await rejectedAppError(() => inspectToken(text, { now: NOW }));
    expect(error.code).toBe('BAD_TOKEN');
    expect(error.message).toContain(says);
  });

  it('reads a token pasted with its Authorization header and quotes', async () => {
    const { token } = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now: NOW });
    const inspection = inspectToken(`"Authorization: Bearer ${token}"\n`, { now: NOW });
    expect(inspection.kind).toBe('asc-team');
  });
});

describe('verifyTokenSignature', () => {
  const other = makeTestKey('asc-team');

  it('accepts a token signed by the key and refuses one signed by another key', async () => {
    const { token } = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now: NOW });
    expect(verifyTokenSignature(token, team.publicKeyPem)).toBe(true);
    expect(verifyTokenSignature(token, team.pkcs8Pem)).toBe(true);
    expect(verifyTokenSignature(token, other.publicKeyPem)).toBe(false);
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const { token } = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now: NOW });
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${base64urlJson({ ...teamClaims, exp: NOW_SECONDS + 7200 })}.${signature}`;
    expect(verifyTokenSignature(tampered, team.publicKeyPem)).toBe(false);
  });

  it('refuses a DER signature and an unsigned token', () => {
    expect(verifyTokenSignature(handMadeJwt(HEADER, teamClaims, team.privateKey, 'der'), team.publicKeyPem)).toBe(false);
    expect(verifyTokenSignature(handMadeJwt({ ...HEADER, alg: 'none' }, teamClaims, team.privateKey, 'none'), team.publicKeyPem)).toBe(false);
  });

  it('refuses a correct signature under a header that names another algorithm', () => {
    expect(verifyTokenSignature(handMadeJwt({ ...HEADER, alg: 'ES384' }, teamClaims, team.privateKey), team.publicKeyPem)).toBe(false);
  });

  it('reports text that is not a JWT, and a key that is not P-256', async () => {
    expect((await rejectedAppError(() => verifyTokenSignature('nope', team.publicKeyPem))).code).toBe('BAD_TOKEN');
    const token = handMadeJwt(HEADER, teamClaims, team.privateKey);
    expect((await rejectedAppError(() => verifyTokenSignature(token, 'not a key'))).code).toBe('BAD_PUBLIC_KEY');
    const p384 = createPublicKey(generatePrivateKey({ type: 'ec', namedCurve: 'P-384' })).export({ type: 'spki', format: 'pem' }).toString();
    expect((await rejectedAppError(() => verifyTokenSignature(token, p384))).code).toBe('BAD_PUBLIC_KEY');
  });
});
