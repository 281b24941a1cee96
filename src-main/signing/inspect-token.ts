import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { normalizeBundleId } from '../../src-shared/keys/identifiers';
import {
  APP_STORE_CONNECT_AUDIENCE,
  ASC_LONG_LIVED_MAX_SECONDS,
  ASC_MAX_LIFETIME_SECONDS,
  SERVER_MAX_LIFETIME_SECONDS,
  SERVER_WARN_LIFETIME_SECONDS,
  STOREKIT_JWS_AUDIENCES,
} from '../../src-shared/signing/apple-token-rules';
import { findLongLivedScopeProblem, parseScopeEntry } from '../../src-shared/signing/scope';
import { describeDuration } from '../../src-shared/signing/token-lifetime';
import type {
  ExpectedTokenKind,
  FindingSeverity,
  InspectedTokenKind,
  TokenFinding,
  TokenInspection,
} from '../../src-shared/signing/token-inspection';
import { decodeJwt } from './decode-jwt';
import { utcTimeText } from '../../src-shared/time/utc-time';
import { isoFromUnixSeconds, unixSeconds } from './es256-jwt';

type KnownKind = Exclude<InspectedTokenKind, 'unknown'>;
type StoreKitKind = keyof typeof STOREKIT_JWS_AUDIENCES;

export interface InspectTokenOptions {
  now: Date;
  /** What the token is meant for; when absent it is told from `aud`, `bid` and `sub`. */
  expected?: ExpectedTokenKind;
}

const KEY_ID = /^[A-Z0-9]{10}$/;
const ISSUER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Seconds since 1970 stay below this until the year 5138; larger values are almost always milliseconds.
const LOOKS_LIKE_MILLISECONDS = 1e11;
// Matches the warning when issuing: a clock a few seconds fast pushes a full 20-minute token over the limit.
const ASC_WARN_LIFETIME_SECONDS = ASC_MAX_LIFETIME_SECONDS - 60;
const ES256_SIGNATURE_BYTES = 64;

// Claims outside the expected set that have their own, more specific finding.
const EXTRA_CLAIMS_ALREADY_REPORTED: Partial<Record<KnownKind, readonly string[]>> = {
  'asc-team': ['bid'],
  'asc-individual': ['bid'],
  'app-store-server': ['scope', 'nonce'],
};

const KIND_LABELS: Record<KnownKind, string> = {
  'asc-team': 'App Store Connect API team tokens',
  'asc-individual': 'App Store Connect API individual tokens',
  'app-store-server': 'App Store Server API tokens',
  'promo-v2': 'promotional offer (v2) signatures',
  'intro-eligibility': 'introductory offer eligibility signatures',
  'advanced-commerce': 'Advanced Commerce in-app requests',
};

// Apple's claim sets (apple-signing.md); anything else draws a warning.
const EXPECTED_CLAIMS: Record<KnownKind, readonly string[]> = {
  'asc-team': ['iss', 'iat', 'exp', 'aud', 'scope'],
  'asc-individual': ['sub', 'iat', 'exp', 'aud', 'scope'],
  'app-store-server': ['iss', 'iat', 'exp', 'aud', 'bid'],
  'promo-v2': ['iss', 'iat', 'aud', 'bid', 'nonce', 'productId', 'offerIdentifier', 'transactionId'],
  'intro-eligibility': ['iss', 'iat', 'aud', 'bid', 'nonce', 'productId', 'allowIntroductoryOffer', 'transactionId'],
  'advanced-commerce': ['iss', 'iat', 'aud', 'bid', 'nonce', 'request'],
};

/**
 * Decodes a token without verifying it and explains each part against Apple's rules. Throws BAD_TOKEN only when
 * the text is not a JWT at all; everything else wrong with it becomes a finding.
 */
export function inspectToken(token: string, { now, expected }: InspectTokenOptions): TokenInspection {
  const { header, payload, signature } = decodeJwt(token);
  const kind = expected === undefined ? classifyToken(payload) : expectedKind(expected, payload);
  const findings = new FindingList();
  inspectHeader(findings, header);
  inspectSignature(findings, signature);
  inspectClaims(findings, kind, payload, unixSeconds(now), expected === undefined);
  return {
    kind,
    header,
    payload,
    signatureBytes: signature.length,
    ...(isWholeNumber(payload.iat) ? { issuedAt: isoFromUnixSeconds(payload.iat) } : {}),
    ...(isWholeNumber(payload.exp) ? { expiresAt: isoFromUnixSeconds(payload.exp) } : {}),
    findings: findings.list,
  };
}

/**
 * True when the token's ES256 signature (raw R||S over `header.payload`) verifies with the key. Takes a public key
 * PEM (or a private one, whose public half is used); throws BAD_TOKEN for text that is not a JWT and BAD_PUBLIC_KEY
 * for a key that is not EC P-256.
 */
export function verifyTokenSignature(token: string, publicKeyPem: string): boolean {
  const { header, signature, signingInput } = decodeJwt(token);
  const key = readP256PublicKey(publicKeyPem);
  // The header names the algorithm, but only ES256 is ever accepted: never trust `alg: none` or others.
  if (header.alg !== 'ES256' || signature.length !== ES256_SIGNATURE_BYTES) return false;
  return verify('sha256', Buffer.from(signingInput, 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, signature);
}

function readP256PublicKey(pem: string): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = createPublicKey(pem);
  } catch {
    key = undefined;
  }
  if (key?.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new AppError('BAD_PUBLIC_KEY', 'This is not an EC P-256 public key in PEM form (-----BEGIN PUBLIC KEY-----).');
  }
  return key;
}

/** The kind the user expects; for "App Store Connect API", `sub: "user"` tells an individual key from a team key. */
function expectedKind(expected: ExpectedTokenKind, payload: Record<string, unknown>): KnownKind {
  if (expected !== 'app-store-connect') return expected;
  return payload.sub === 'user' ? 'asc-individual' : 'asc-team';
}

/** Tells the token's purpose from its claims: `aud` first, then `bid` (server API) and `sub` (individual key). */
export function classifyToken(payload: Record<string, unknown>): InspectedTokenKind {
  const { aud } = payload;
  if (aud === APP_STORE_CONNECT_AUDIENCE) {
    if ('bid' in payload) return 'app-store-server';
    return payload.sub === 'user' ? 'asc-individual' : 'asc-team';
  }
  const storeKitKind = (Object.keys(STOREKIT_JWS_AUDIENCES) as StoreKitKind[]).find(
    (kind) => STOREKIT_JWS_AUDIENCES[kind] === aud,
  );
  return storeKitKind ?? 'unknown';
}

class FindingList {
  readonly list: TokenFinding[] = [];
  add(severity: FindingSeverity, claim: string, message: string): void {
    this.list.push({ severity, claim, message });
  }
  ok(claim: string, message: string): void {
    this.add('ok', claim, message);
  }
  warn(claim: string, message: string): void {
    this.add('warning', claim, message);
  }
  error(claim: string, message: string): void {
    this.add('error', claim, message);
  }
}

function inspectHeader(findings: FindingList, header: Record<string, unknown>): void {
  const { alg, typ, kid } = header;
  if (alg === 'ES256') findings.ok('alg', 'ES256 (ECDSA P-256 with SHA-256), the only algorithm Apple accepts.');
  else findings.error('alg', `Apple accepts only ES256; this token says ${show(alg)}.`);

  if (typ === 'JWT') findings.ok('typ', 'JWT, as Apple asks.');
  else if (typ === undefined) findings.warn('typ', 'No typ. Apple asks for typ "JWT" in the header; always send it.');
  else findings.error('typ', `The header's typ must be "JWT"; this token says ${show(typ)}.`);

  if (kid === undefined) findings.error('kid', 'No kid. Apple cannot tell which key signed the token; send its 10-character Key ID.');
  else if (typeof kid !== 'string' || !KEY_ID.test(kid)) {
    findings.error('kid', `The kid must be the 10-character Key ID in upper case, like 2X9R4HXF34; this token says ${show(kid)}.`);
  } else {
    findings.ok('kid', `Key ID ${kid}. It must be the ID of the key that signed the token, and that key must not be revoked.`);
  }

  for (const name of Object.keys(header)) {
    if (!['alg', 'typ', 'kid'].includes(name)) findings.warn(name, `Apple's header has only alg, kid and typ; remove ${name}.`);
  }
}

function inspectSignature(findings: FindingList, signature: Buffer): void {
  if (signature.length === ES256_SIGNATURE_BYTES) {
    findings.ok('signature', 'A 64-byte raw R||S ECDSA signature, the form a JWT needs.');
  } else if (signature.length === 0) {
    findings.error('signature', 'The token is not signed. Apple accepts only tokens signed with ES256.');
  } else if (isDerEcdsaSignature(signature)) {
    findings.error(
      'signature',
      `The signature is DER-encoded (${signature.length} bytes); a JWT needs the raw 64-byte R||S form, and Apple rejects ` +
        "the DER one. With Node's crypto.sign, pass dsaEncoding: 'ieee-p1363'.",
    );
  } else {
    findings.error('signature', `The signature is ${signature.length} bytes; an ES256 signature in a JWT is exactly 64.`);
  }
}

/** SEQUENCE { INTEGER r, INTEGER s }, as OpenSSL and Node write ECDSA signatures by default. */
function isDerEcdsaSignature(bytes: Buffer): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30 || bytes[1] !== bytes.length - 2 || bytes[2] !== 0x02) return false;
  const rLength = bytes[3] ?? 0;
  return bytes[4 + rLength] === 0x02 && 4 + rLength + 2 + (bytes[5 + rLength] ?? 0) === bytes.length;
}

function inspectClaims(
  findings: FindingList,
  kind: InspectedTokenKind,
  payload: Record<string, unknown>,
  nowSeconds: number,
  kindWasInferred: boolean,
): void {
  if (kind === 'unknown') {
    findings.error(
      'aud',
      `${payload.aud === undefined ? 'No aud' : `The aud ${show(payload.aud)} is not one Apple uses`}. Apple's are ` +
        `"${APP_STORE_CONNECT_AUDIENCE}" for App Store Connect and App Store Server API tokens, and ` +
        `${Object.values(STOREKIT_JWS_AUDIENCES).map((aud) => `"${aud}"`).join(', ')} for StoreKit signatures.`,
    );
    inspectIssuedAt(findings, payload.iat, nowSeconds);
    return;
  }
  inspectAudience(findings, kind, payload.aud);
  if (kind === 'asc-individual') inspectIndividualSubject(findings, payload);
  else inspectIssuer(findings, kind, payload);
  inspectIssuedAt(findings, payload.iat, nowSeconds);

  if (isStoreKitKind(kind)) {
    inspectBundleId(findings, kind, payload.bid);
    inspectNonce(findings, payload.nonce);
    inspectFeatureClaims(findings, kind, payload);
  } else {
    inspectExpiry(findings, payload.exp, nowSeconds);
    inspectLifetime(findings, kind, payload, kindWasInferred);
    if (kind === 'app-store-server') {
      inspectBundleId(findings, kind, payload.bid);
      if ('scope' in payload) findings.error('scope', 'App Store Server API tokens take no scope; remove it.');
      if ('nonce' in payload) findings.warn('nonce', 'App Store Server API tokens carry no nonce; remove it.');
    } else {
      inspectScope(findings, payload.scope);
      if ('bid' in payload) findings.warn('bid', 'bid belongs in App Store Server API tokens, not App Store Connect API ones; remove it.');
      else if (kind === 'asc-team' && kindWasInferred && !('scope' in payload)) warnServerTokenNeedsBid(findings);
    }
  }

  const reported = new Set([...EXPECTED_CLAIMS[kind], 'iss', 'sub', ...(EXTRA_CLAIMS_ALREADY_REPORTED[kind] ?? [])]);
  for (const name of Object.keys(payload)) {
    if (reported.has(name)) continue;
    findings.warn(
      name,
      isStoreKitKind(kind)
        ? `Apple asks for exactly ${EXPECTED_CLAIMS[kind].join(', ')} in ${KIND_LABELS[kind]} (no exp, no jti); remove ${name}.`
        : `${KIND_LABELS[kind]} have no ${name} claim; remove it.`,
    );
  }
}

/**
 * An App Store Connect API token and an App Store Server API token that lacks its bid look the same, and Apple answers
 * 401 to the second; when the user has not said what the token is for, say so rather than guess.
 */
function warnServerTokenNeedsBid(findings: FindingList): void {
  findings.warn(
    'bid',
    'No bid. That is right for the App Store Connect API, but App Store Server API calls need bid (the app’s bundle ID), ' +
      'and Apple answers 401 without it. Choose what the token is meant for to check it against one API.',
  );
}

function inspectAudience(findings: FindingList, kind: KnownKind, aud: unknown): void {
  const expected = isStoreKitKind(kind) ? STOREKIT_JWS_AUDIENCES[kind] : APP_STORE_CONNECT_AUDIENCE;
  if (aud === expected) findings.ok('aud', `"${expected}", the audience of ${KIND_LABELS[kind]}.`);
  else findings.error('aud', `${KIND_LABELS[kind]} need aud "${expected}"; this token has ${aud === undefined ? 'none' : show(aud)}.`);
}

function inspectIssuer(findings: FindingList, kind: KnownKind, payload: Record<string, unknown>): void {
  const { iss, sub } = payload;
  if (iss === undefined) {
    findings.error(
      'iss',
      kind === 'asc-team'
        ? 'No iss. Team keys must send the Issuer ID as iss, or Apple answers 401. (Individual keys send sub "user" instead.)'
        : `No iss. ${KIND_LABELS[kind]} carry the Issuer ID of the In-App Purchase key's team as iss.`,
    );
  } else if (typeof iss !== 'string' || !ISSUER_ID.test(iss)) {
    findings.error('iss', `iss must be the Issuer ID (8-4-4-4-12 hexadecimal digits); this token says ${show(iss)}.`);
  } else {
    findings.ok('iss', `Issuer ID ${iss}; it must be the Issuer ID of the team that owns the key.`);
  }
  if (sub !== undefined) {
    findings.error(
      'sub',
      sub === 'user'
        ? 'sub "user" marks a token from an individual key; team and In-App Purchase keys send iss only. Remove sub.'
        : `${KIND_LABELS[kind]} have no sub claim; remove it.`,
    );
  }
}

function inspectIndividualSubject(findings: FindingList, payload: Record<string, unknown>): void {
  if (payload.sub === 'user') findings.ok('sub', '"user": the token is signed by an individual key.');
  else findings.error('sub', `Individual keys send sub "user"; this token has ${payload.sub === undefined ? 'none' : show(payload.sub)}.`);
  if ('iss' in payload) {
    findings.error('iss', 'Individual keys must not send iss: Apple answers 401 when a token has both iss and sub "user". Remove iss.');
  }
}

function inspectIssuedAt(findings: FindingList, iat: unknown, nowSeconds: number): void {
  if (iat === undefined) {
    findings.error('iat', 'No iat. Apple needs the time the token was issued, in whole seconds since 1970.');
  } else if (!isWholeNumber(iat)) {
    findings.error('iat', `iat must be a whole number of seconds since 1970; this token says ${show(iat)}.`);
  } else if (iat > nowSeconds) {
    const milliseconds = iat > LOOKS_LIKE_MILLISECONDS ? ' It looks like milliseconds; Apple wants seconds.' : '';
    findings.error(
      'iat',
      `iat is ${describeDuration(iat - nowSeconds)} in the future, and Apple rejects such tokens (401).${milliseconds} ` +
        'If the clock that made it runs fast, sync it or set the issue time back a few seconds.',
    );
  } else {
    findings.ok('iat', `Issued ${utcTimeText(isoFromUnixSeconds(iat))}, ${describeDuration(nowSeconds - iat)} ago.`);
  }
}

function inspectExpiry(findings: FindingList, exp: unknown, nowSeconds: number): void {
  if (exp === undefined) findings.error('exp', 'No exp. Apple needs an expiry time, in whole seconds since 1970.');
  else if (!isWholeNumber(exp)) findings.error('exp', `exp must be a whole number of seconds since 1970; this token says ${show(exp)}.`);
  else if (exp <= nowSeconds) {
    findings.error('exp', `Expired ${utcTimeText(isoFromUnixSeconds(exp))}, ${describeDuration(nowSeconds - exp)} ago; Apple answers 401. Make a new token.`);
  } else {
    findings.ok('exp', `Expires ${utcTimeText(isoFromUnixSeconds(exp))}, in ${describeDuration(exp - nowSeconds)}.`);
  }
}

/** Apple computes a token's lifetime as `exp - iat` and checks it against the API's limit. */
function inspectLifetime(
  findings: FindingList,
  kind: 'asc-team' | 'asc-individual' | 'app-store-server',
  payload: Record<string, unknown>,
  kindWasInferred: boolean,
): void {
  const { iat, exp } = payload;
  if (!isWholeNumber(iat) || !isWholeNumber(exp)) return;
  const claim = 'exp - iat';
  const lifetime = exp - iat;
  const shown = describeDuration(lifetime);
  if (lifetime <= 0) {
    findings.error(claim, 'exp is not after iat, so the token was never valid.');
    return;
  }
  if (kind === 'app-store-server') {
    if (lifetime > SERVER_MAX_LIFETIME_SECONDS) findings.error(claim, `Lifetime ${shown}; App Store Server API tokens may live at most 60 minutes.`);
    else if (lifetime > SERVER_WARN_LIFETIME_SECONDS) {
      findings.warn(claim, `Lifetime ${shown}: within Apple's 60 minutes, but tokens this close to it have been rejected. 55 minutes or less is safer.`);
    } else findings.ok(claim, `Lifetime ${shown}, within the App Store Server API's 60 minutes.`);
    return;
  }
  if (lifetime <= ASC_MAX_LIFETIME_SECONDS) {
    if (lifetime > ASC_WARN_LIFETIME_SECONDS) {
      findings.warn(claim, `Lifetime ${shown}: within Apple's 20 minutes, but rejected if the clock that made it runs a little fast.`);
    } else findings.ok(claim, `Lifetime ${shown}, within the App Store Connect API's 20 minutes.`);
    return;
  }
  const scope = isStringArray(payload.scope) ? payload.scope : undefined;
  const problem = findLongLivedScopeProblem(scope);
  if (problem !== undefined) {
    const serverHint =
      kindWasInferred && lifetime <= SERVER_MAX_LIFETIME_SECONDS
        ? ' If the token is meant for the App Store Server API, it needs bid (the app’s bundle ID).'
        : '';
    findings.error(
      claim,
      `Lifetime ${shown}; App Store Connect API tokens may live at most 20 minutes, unless their scope lists only GET ` +
        `requests for the resources Apple allows long-lived tokens to read, but ${problem}.${serverHint}`,
    );
  } else if (lifetime > ASC_LONG_LIVED_MAX_SECONDS) {
    findings.error(claim, `Lifetime ${shown}; even long-lived App Store Connect API tokens may live at most 6 months (180 days here).`);
  } else {
    findings.ok(claim, `Lifetime ${shown}: allowed, because the scope lists only GET requests for resources that accept long-lived tokens.`);
  }
}

function inspectScope(findings: FindingList, scope: unknown): void {
  if (scope === undefined) return;
  if (!isStringArray(scope)) {
    findings.error('scope', `scope must be a list of entries like "GET /v1/apps"; this token has ${show(scope)}.`);
    return;
  }
  if (scope.length === 0) {
    findings.warn('scope', 'scope is an empty list; leave it out for an unscoped token.');
    return;
  }
  const problems = scope.flatMap((entry) => {
    try {
      parseScopeEntry(entry);
      return [];
    } catch (error) {
      if (error instanceof AppError) return [error.message];
      throw error;
    }
  });
  if (problems.length > 0) findings.error('scope', problems.join(' '));
  else findings.ok('scope', `Limited to ${scope.length === 1 ? 'one request' : `${scope.length} requests`}: ${scope.join('; ')}.`);
}

function inspectBundleId(findings: FindingList, kind: KnownKind, bid: unknown): void {
  if (bid === undefined) {
    findings.error('bid', `No bid. ${KIND_LABELS[kind]} name one app by its bundle ID (bid), like com.example.app.`);
    return;
  }
  if (typeof bid !== 'string') {
    findings.error('bid', `bid must be the app's bundle ID as text; this token has ${show(bid)}.`);
    return;
  }
  try {
    if (normalizeBundleId(bid) !== bid) throw new AppError('BAD_BUNDLE_ID', 'The bundle ID has spaces or quotes around it.');
    findings.ok('bid', `Bundle ID ${bid}; it must be an app of the team that owns the key.`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    findings.error('bid', error.message);
  }
}

function inspectNonce(findings: FindingList, nonce: unknown): void {
  if (nonce === undefined) findings.error('nonce', 'No nonce. StoreKit signatures carry a fresh lower-case UUID as nonce.');
  else if (typeof nonce !== 'string' || !UUID.test(nonce)) findings.error('nonce', `The nonce must be a UUID; this token has ${show(nonce)}.`);
  else if (nonce !== nonce.toLowerCase()) findings.warn('nonce', 'The nonce is in upper case; Apple asks for a lower-case UUID.');
  else findings.ok('nonce', 'A lower-case UUID; each nonce serves one purchase.');
}

function inspectFeatureClaims(findings: FindingList, kind: StoreKitKind, payload: Record<string, unknown>): void {
  if (kind === 'advanced-commerce') {
    inspectAdvancedCommerceRequest(findings, payload.request);
    return;
  }
  requireText(findings, 'productId', payload.productId, 'the product identifier');
  if (kind === 'promo-v2') {
    requireText(findings, 'offerIdentifier', payload.offerIdentifier, 'the promotional offer identifier');
    if (payload.transactionId === undefined) {
      findings.warn('transactionId', 'No transactionId. It is optional, but Apple recommends sending any transaction ID of the customer.');
    } else requireText(findings, 'transactionId', payload.transactionId, 'a transaction ID of the customer');
    return;
  }
  const allow = payload.allowIntroductoryOffer;
  if (typeof allow === 'boolean') findings.ok('allowIntroductoryOffer', `${allow}, a JSON boolean as Apple asks.`);
  else {
    findings.error(
      'allowIntroductoryOffer',
      `allowIntroductoryOffer must be the JSON boolean true or false; this token has ${allow === undefined ? 'none' : show(allow)}.`,
    );
  }
  requireText(findings, 'transactionId', payload.transactionId, 'a transaction ID of the customer (required here)');
}

function inspectAdvancedCommerceRequest(findings: FindingList, request: unknown): void {
  if (typeof request !== 'string' || request === '') {
    findings.error('request', 'request must be the Advanced Commerce request as padded standard base64 of its JSON.');
    return;
  }
  if (!PADDED_BASE64.test(request)) {
    findings.error('request', 'request must be padded standard base64 (with + / and = padding), not base64url or unpadded.');
    return;
  }
  try {
    const decoded: unknown = JSON.parse(Buffer.from(request, 'base64').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new SyntaxError('not an object');
    findings.ok('request', 'Padded standard base64 of a JSON object, as Apple asks.');
  } catch {
    findings.error('request', 'request is base64, but what it holds is not a JSON object.');
  }
}

function requireText(findings: FindingList, claim: string, value: unknown, what: string): void {
  if (typeof value === 'string' && value !== '') findings.ok(claim, `${show(value)}, ${what}.`);
  else findings.error(claim, `${claim} must be ${what}, as text; this token has ${value === undefined ? 'none' : show(value)}.`);
}

function isStoreKitKind(kind: KnownKind): kind is StoreKitKind {
  return kind in STOREKIT_JWS_AUDIENCES;
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
