import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src-shared/errors';
import type { SigningKeyInfo } from '../../../src-shared/signing/signing-key';
import type { TokenClaims, TokenRequest } from '../../../src-shared/signing/token-request';
import { loadStoredSigningKey } from '../../../src-main/keys/stored-signing-key';
import { issueToken } from '../../../src-main/signing/tokens';
import { generateP256Pem } from '../../helpers/keys';
import {
  BUNDLE_ID,
  ISSUER_ID,
  NOW,
  NOW_SECONDS,
  makeTestKey,
  rejectedAppError,
  splitJwt,
  verifiesWithNodeCrypto,
  type TestKey,
} from './signing-fixtures';

const team = makeTestKey('asc-team');
const individual = makeTestKey('asc-individual');
const inAppPurchase = makeTestKey('in-app-purchase');
const otherKey = makeTestKey('asc-team');

const AUD = 'appstoreconnect-v1';
const MINUTE = 60;
const DAY = 86_400;
const ASC_APPS = 'https://api.appstoreconnect.apple.com/v1/apps';

interface IssueCase {
  name: string;
  key: TestKey;
  request: TokenRequest;
  claims: TokenClaims;
  curl: (token: string) => string;
  warnings?: string[];
}

const issueCases: IssueCase[] = [
  {
    name: 'signs a team token with the 15-minute default',
    key: team,
    request: { template: 'asc-team' },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 15 * MINUTE, aud: AUD },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" ${ASC_APPS}`,
  },
  {
    name: 'signs a team token with a scope, calling the scoped request in the curl line',
    key: team,
    request: { template: 'asc-team', ttlSeconds: 10 * MINUTE, scope: ['GET /v1/apps?filter[platform]=IOS'] },
    claims: {
      iss: ISSUER_ID,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 10 * MINUTE,
      aud: AUD,
      scope: ['GET /v1/apps?filter[platform]=IOS'],
    },
    curl: (token) => `curl -g -H "Authorization: Bearer ${token}" '${ASC_APPS}?filter[platform]=IOS'`,
  },
  {
    name: 'sets iat back by the backdate and keeps exp - iat equal to the lifetime',
    key: team,
    request: { template: 'asc-team', backdateSeconds: 30, ttlSeconds: 5 * MINUTE },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS - 30, exp: NOW_SECONDS - 30 + 5 * MINUTE, aud: AUD },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" ${ASC_APPS}`,
  },
  {
    name: 'signs a 180-day team token whose scope lists only GET requests for long-lived resources',
    key: team,
    request: {
      template: 'asc-team',
      ttlSeconds: 180 * DAY,
      scope: ['GET /v1/ciProducts', 'get /v1/ciBuildRuns/8c1f/actions', 'GET /v1/apps/123/perfPowerMetrics'],
    },
    claims: {
      iss: ISSUER_ID,
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 180 * DAY,
      aud: AUD,
      scope: ['GET /v1/ciProducts', 'GET /v1/ciBuildRuns/8c1f/actions', 'GET /v1/apps/123/perfPowerMetrics'],
    },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" https://api.appstoreconnect.apple.com/v1/ciProducts`,
  },
  {
    name: 'warns about a team token of the full 20 minutes',
    key: team,
    request: { template: 'asc-team', ttlSeconds: 20 * MINUTE },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 20 * MINUTE, aud: AUD },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" ${ASC_APPS}`,
    warnings: ['19 minutes or less is safer'],
  },
  {
    name: 'signs an individual token with sub "user" and no iss',
    key: individual,
    request: { template: 'asc-individual' },
    claims: { sub: 'user', iat: NOW_SECONDS, exp: NOW_SECONDS + 15 * MINUTE, aud: AUD },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" ${ASC_APPS}`,
  },
  {
    name: 'leaves iss out of an individual token even when an Issuer ID is saved with the key',
    key: { ...individual, info: { ...individual.info, issuerId: ISSUER_ID } },
    request: { template: 'asc-individual', scope: ['GET /v1/builds'] },
    claims: { sub: 'user', iat: NOW_SECONDS, exp: NOW_SECONDS + 15 * MINUTE, aud: AUD, scope: ['GET /v1/builds'] },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" https://api.appstoreconnect.apple.com/v1/builds`,
  },
  {
    name: 'signs an App Store Server API token with the 20-minute default and the sandbox curl line',
    key: inAppPurchase,
    request: { template: 'app-store-server', bundleId: BUNDLE_ID },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 20 * MINUTE, aud: AUD, bid: BUNDLE_ID },
    curl: (token) =>
      `curl -H "Authorization: Bearer ${token}" https://api.storekit-sandbox.apple.com/inApps/v1/history/{transactionId}`,
  },
  {
    name: 'signs a 55-minute App Store Server API token for production without a warning',
    key: inAppPurchase,
    request: { template: 'app-store-server', bundleId: ' com.example.app ', ttlSeconds: 55 * MINUTE, environment: 'production' },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS, exp: NOW_SECONDS + 55 * MINUTE, aud: AUD, bid: BUNDLE_ID },
    curl: (token) => `curl -H "Authorization: Bearer ${token}" https://api.storekit.apple.com/inApps/v1/history/{transactionId}`,
  },
  {
    name: 'signs a 60-minute App Store Server API token, warning that it is close to the limit',
    key: inAppPurchase,
    request: { template: 'app-store-server', bundleId: BUNDLE_ID, ttlSeconds: 60 * MINUTE, backdateSeconds: 60 },
    claims: { iss: ISSUER_ID, iat: NOW_SECONDS - 60, exp: NOW_SECONDS - 60 + 60 * MINUTE, aud: AUD, bid: BUNDLE_ID },
    curl: (token) =>
      `curl -H "Authorization: Bearer ${token}" https://api.storekit-sandbox.apple.com/inApps/v1/history/{transactionId}`,
    warnings: ['55 minutes or less is safer'],
  },
];

describe('issueToken', () => {
  it.each(issueCases)('$name', async ({ key, request, claims, curl, warnings = [] }) => {
    const issued = await issueToken({ signingKey: key.signingKey, key: key.info, request, now: NOW });
    const header = { alg: 'ES256', kid: key.info.keyId, typ: 'JWT' };

    expect(issued.header).toEqual(header);
    expect(issued.payload).toEqual(claims);
    const decoded = splitJwt(issued.token);
    expect(decoded.header).toEqual(header);
    expect(decoded.payload).toEqual(claims);
    expect(decoded.signature).toHaveLength(64);
    expect(verifiesWithNodeCrypto(issued.token, key.publicKey)).toBe(true);
    expect(verifiesWithNodeCrypto(issued.token, otherKey.publicKey)).toBe(false);

    expect(issued.template).toBe(request.template);
    expect(issued.issuedAt).toBe(new Date(claims.iat * 1000).toISOString());
    expect(issued.expiresAt).toBe(new Date(claims.exp * 1000).toISOString());
    expect(issued.lifetimeSeconds).toBe(claims.exp - claims.iat);
    expect(claims.iat * 1000).toBeLessThanOrEqual(NOW.getTime());
    expect(issued.curl).toBe(curl(issued.token));
    expect(issued.warnings).toHaveLength(warnings.length);
    warnings.forEach((text, index) => expect(issued.warnings[index]).toContain(text));
  });

  it('signs with a key in the PEM form Node writes (MIGHAgEA…) as well as the App Store Connect form', async () => {
    const pkcs8Pem = generateP256Pem();
    const issued = await issueToken({ signingKey: loadStoredSigningKey(Buffer.from(pkcs8Pem)), key: team.info, request: { template: 'asc-team' }, now: NOW });
    expect(verifiesWithNodeCrypto(issued.token, createPublicKey(pkcs8Pem))).toBe(true);
  });

  it('never puts iat in the future, even part-way through a second', async () => {
    const now = new Date(NOW_SECONDS * 1000 + 999);
    const issued = await issueToken({ signingKey: team.signingKey, key: team.info, request: { template: 'asc-team' }, now });
    expect(issued.payload.iat).toBe(NOW_SECONDS);
  });
});

interface RefusalCase {
  name: string;
  key?: TestKey;
  info?: Partial<SigningKeyInfo>;
  request: TokenRequest;
  code: ErrorCode;
  says: string[];
}

const refusals: RefusalCase[] = [
  // Lifetimes
  { name: 'a team token of 20 minutes and 1 second without a scope', request: { template: 'asc-team', ttlSeconds: 1201 }, code: 'LIFETIME_TOO_LONG', says: ['at most 20 minutes', 'the token has no scope'] },
  { name: 'an individual token over 20 minutes', key: individual, request: { template: 'asc-individual', ttlSeconds: 21 * MINUTE }, code: 'LIFETIME_TOO_LONG', says: ['at most 20 minutes'] },
  { name: 'a server token of 60 minutes and 1 second', key: inAppPurchase, request: { template: 'app-store-server', bundleId: BUNDLE_ID, ttlSeconds: 3601 }, code: 'LIFETIME_TOO_LONG', says: ['at most 60 minutes'] },
  { name: 'a lifetime of 0 seconds', request: { template: 'asc-team', ttlSeconds: 0 }, code: 'BAD_LIFETIME', says: ['whole number of seconds'] },
  { name: 'a fractional lifetime', request: { template: 'asc-team', ttlSeconds: 90.5 }, code: 'BAD_LIFETIME', says: ['whole number'] },
  { name: 'a negative lifetime', key: inAppPurchase, request: { template: 'app-store-server', bundleId: BUNDLE_ID, ttlSeconds: -60 }, code: 'BAD_LIFETIME', says: ['at least 1'] },
  { name: 'a long-lived token whose scope has a POST request', request: { template: 'asc-team', ttlSeconds: DAY, scope: ['GET /v1/ciProducts', 'POST /v1/ciBuildRuns'] }, code: 'LIFETIME_TOO_LONG', says: ['"POST /v1/ciBuildRuns" is a POST request'] },
  { name: 'a long-lived token whose scope reads a resource off Apple’s list', request: { template: 'asc-team', ttlSeconds: DAY, scope: ['GET /v1/ciProducts', 'GET /v1/apps'] }, code: 'LIFETIME_TOO_LONG', says: ['"GET /v1/apps" reads apps', 'not on Apple'] },
  { name: 'a long-lived token reading a non-listed resource under a listed one', request: { template: 'asc-team', ttlSeconds: DAY, scope: ['GET /v1/ciProducts/1/app'] }, code: 'LIFETIME_TOO_LONG', says: ['reads app,'] },
  { name: 'a long-lived token over 180 days', request: { template: 'asc-team', ttlSeconds: 181 * DAY, scope: ['GET /v1/ciProducts'] }, code: 'LIFETIME_TOO_LONG', says: ['at most 180 days'] },
  // Backdating
  { name: 'a backdate of 61 seconds', request: { template: 'asc-team', backdateSeconds: 61 }, code: 'BAD_BACKDATE', says: ['from 0 to 60'] },
  { name: 'a negative backdate, which would put iat in the future', request: { template: 'asc-team', backdateSeconds: -5 }, code: 'BAD_BACKDATE', says: ['from 0 to 60'] },
  { name: 'a fractional backdate', key: inAppPurchase, request: { template: 'app-store-server', bundleId: BUNDLE_ID, backdateSeconds: 1.5 }, code: 'BAD_BACKDATE', says: ['whole number'] },
  // Key kinds
  { name: 'a team token from an individual key', key: individual, request: { template: 'asc-team' }, code: 'WRONG_KEY_KIND', says: ['individual key', 'App Store Connect API > Team Keys'] },
  { name: 'a team token from an In-App Purchase key', key: inAppPurchase, request: { template: 'asc-team' }, code: 'WRONG_KEY_KIND', says: ['In-App Purchase key', 'Team Keys'] },
  { name: 'an individual token from a team key', request: { template: 'asc-individual' }, code: 'WRONG_KEY_KIND', says: ['team key', 'Edit Profile > Individual API Key'] },
  { name: 'an individual token from an In-App Purchase key', key: inAppPurchase, request: { template: 'asc-individual' }, code: 'WRONG_KEY_KIND', says: ['Individual API Key'] },
  { name: 'a server token from a team key', request: { template: 'app-store-server', bundleId: BUNDLE_ID }, code: 'WRONG_KEY_KIND', says: ['App Store Server API tokens need an In-App Purchase key', 'Integrations > In-App Purchase'] },
  { name: 'a server token from an individual key', key: individual, request: { template: 'app-store-server', bundleId: BUNDLE_ID }, code: 'WRONG_KEY_KIND', says: ['In-App Purchase'] },
  { name: 'a token from a revoked key', info: { revoked: true }, request: { template: 'asc-team' }, code: 'KEY_REVOKED', says: ['revoked', 'Team Keys'] },
  { name: 'a server token from a revoked In-App Purchase key', key: inAppPurchase, info: { revoked: true }, request: { template: 'app-store-server', bundleId: BUNDLE_ID }, code: 'KEY_REVOKED', says: ['revoked'] },
  // Identifiers
  { name: 'a team token from a key without an Issuer ID', info: { issuerId: null }, request: { template: 'asc-team' }, code: 'ISSUER_ID_REQUIRED', says: ['Issuer ID', 'Team Keys'] },
  { name: 'a server token from a key without an Issuer ID', key: inAppPurchase, info: { issuerId: '' }, request: { template: 'app-store-server', bundleId: BUNDLE_ID }, code: 'ISSUER_ID_REQUIRED', says: ['Integrations > In-App Purchase'] },
  { name: 'a key whose stored Issuer ID is malformed', info: { issuerId: 'not-an-issuer' }, request: { template: 'asc-team' }, code: 'BAD_ISSUER_ID', says: ['8-4-4-4-12'] },
  { name: 'a key whose stored Key ID is malformed', info: { keyId: 'ABC' }, request: { template: 'asc-team' }, code: 'BAD_KEY_ID', says: ['10 letters and digits'] },
  { name: 'a server token without a bundle ID', key: inAppPurchase, request: { template: 'app-store-server', bundleId: '' }, code: 'BAD_BUNDLE_ID', says: ['Type the bundle ID'] },
  { name: 'a server token for a wildcard bundle ID', key: inAppPurchase, request: { template: 'app-store-server', bundleId: 'com.example.*' }, code: 'BAD_BUNDLE_ID', says: ['wildcard'] },
  { name: 'a server token for a one-part bundle ID', key: inAppPurchase, request: { template: 'app-store-server', bundleId: 'example' }, code: 'BAD_BUNDLE_ID', says: ['at least two parts'] },
  // Scope entries
  { name: 'a scope entry without a method', request: { template: 'asc-team', scope: ['/v1/apps'] }, code: 'BAD_SCOPE', says: ['"/v1/apps" has no method or no path'] },
  { name: 'a scope entry with an unknown method', request: { template: 'asc-team', scope: ['FETCH /v1/apps'] }, code: 'BAD_SCOPE', says: ['"FETCH"', 'GET, POST, PATCH, PUT, DELETE'] },
  { name: 'a scope entry with the host', request: { template: 'asc-team', scope: ['GET https://api.appstoreconnect.apple.com/v1/apps'] }, code: 'BAD_SCOPE', says: ['Leave the host out'] },
  { name: 'a scope entry without the API version', key: individual, request: { template: 'asc-individual', scope: ['GET /apps'] }, code: 'BAD_SCOPE', says: ['start with the API version'] },
  { name: 'a scope entry with a placeholder', request: { template: 'asc-team', scope: ['GET /v1/apps/{id}/builds'] }, code: 'BAD_SCOPE', says: ['placeholder'] },
];

describe('issueToken refuses', () => {
  it.each(refusals)('$name', async ({ key = team, info = {}, request, code, says }) => {
    const error = await rejectedAppError(() => issueToken({ signingKey: key.signingKey, key: { ...key.info, ...info }, request, now: NOW }));
    expect(error.code).toBe(code);
    for (const text of says) expect(error.message).toContain(text);
  });
});
