import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppStoreServerAPIClient, Environment } from '@apple/app-store-server-library';
import { decodeProtectedHeader, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import { api as appStoreConnectApi } from 'node-app-store-connect-api';
import { expect } from 'vitest';
import { inspectToken } from '../../src-main/signing/inspect-token';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { tempFolder } from '../helpers/temp-vault';

/**
 * The consumers that run here, offline: Apple's App Store Server Library and an npm App Store Connect API client
 * sign a token from an exported key as the services that take the key would; their requests stop before the network.
 */

class RequestCaptured extends Error {
  constructor(readonly headers: Record<string, string>) {
    super('request captured');
  }
}

/** Apple's App Store Server API client, stopped at its first request: what it would send as Authorization. */
class CapturingServerApiClient extends AppStoreServerAPIClient {
  protected override async makeFetchRequest(_path: string, _query: URLSearchParams, _method: string, _body: unknown, headers: Record<string, string>): Promise<never> {
    throw new RequestCaptured(headers);
  }
}

function bearerOf(headers: Record<string, string>): string {
  const authorization = headers.Authorization ?? headers.authorization ?? '';
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  return authorization.slice('Bearer '.length);
}

/**
 * The token @apple/app-store-server-library signs for the App Store Server API (what RevenueCat, Adapty and the
 * others call with an In-App Purchase key) from the key text, Key ID, Issuer ID and bundle ID a dashboard was given.
 */
export async function appStoreServerApiToken(input: { p8Text: string; keyId: string; issuerId: string; bundleId: string }): Promise<string> {
  const client = new CapturingServerApiClient(input.p8Text, input.keyId, input.issuerId, input.bundleId, Environment.SANDBOX);
  try {
    await client.getTransactionInfo('2000000000000001');
  } catch (error) {
    if (error instanceof RequestCaptured) return bearerOf(error.headers);
    throw error;
  }
  throw new Error('the App Store Server API client sent no request');
}

/** The token node-app-store-connect-api signs for the App Store Connect API from a team key's text and IDs. */
export async function appStoreConnectApiToken(input: { p8Text: string; keyId: string; issuerId: string }): Promise<string> {
  const seen: Array<Record<string, string>> = [];
  const client = await appStoreConnectApi({
    issuerId: input.issuerId,
    apiKey: input.keyId,
    privateKey: input.p8Text,
    automaticRetries: 0,
    fetch: async (_url, options) => {
      seen.push(options.headers);
      return new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  await client.fetch('apps');
  const [headers] = seen;
  if (!headers) throw new Error('the App Store Connect API client sent no request');
  return bearerOf(headers);
}

export interface ExpectedToken {
  key: KeySummary;
  audience: 'appstoreconnect-v1';
  /** The Issuer ID for `iss`, or none for an individual key, which signs `sub: "user"`. */
  issuerId?: string;
  bundleId?: string;
}

/** Checks a token against the exported key's public half, its header and claims, and Apple's rules for it. */
export async function expectAppleToken(token: string, expected: ExpectedToken): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, await importSPKI(expected.key.publicKeyPem, 'ES256'), { audience: expected.audience });
  expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: expected.key.keyId, typ: 'JWT' });
  if (expected.issuerId === undefined) {
    expect(payload.iss).toBeUndefined();
    expect(payload.sub).toBe('user');
  } else {
    expect(payload.iss).toBe(expected.issuerId);
  }
  if (expected.bundleId !== undefined) expect(payload.bid).toBe(expected.bundleId);
  const errors = inspectToken(token, { now: new Date() }).findings.filter((finding) => finding.severity === 'error');
  expect(errors).toEqual([]);
  return payload;
}

/**
 * Runs a `gh secret set` script against a stand-in gh that keeps each secret as the real one would: `--body`
 * as given, and standard input with its trailing CR and LF removed (cli/cli pkg/cmd/secret/set/set.go, getBody).
 */
export function secretsSetBy(script: string): Record<string, string> {
  const bin = tempFolder();
  const store = tempFolder();
  const gh = [
    '#!/bin/sh',
    '[ "$1 $2" = "secret set" ] || exit 2',
    'name="$3"; shift 3',
    'has_body=0',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    '    --body|-b) body="$2"; has_body=1; shift 2 ;;',
    '    --repo|-R) shift 2 ;;',
    '    *) echo "unknown flag $1" >&2; exit 2 ;;',
    '  esac',
    'done',
    'if [ "$has_body" = 1 ]; then printf "%s" "$body" > "$GH_SECRETS/$name"; else cat > "$GH_SECRETS/$name"; fi',
    '',
  ].join('\n');
  writeFileSync(path.join(bin, 'gh'), gh);
  chmodSync(path.join(bin, 'gh'), 0o755);
  execFileSync('sh', [script], { cwd: tempFolder(), env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, GH_SECRETS: store } });
  return Object.fromEntries(
    readdirSync(store).map((name) => [name, readFileSync(path.join(store, name), 'utf8').replace(/[\r\n]+$/, '')]),
  );
}

/** Python's `cryptography`, which codemagic-cli-tools loads APP_STORE_CONNECT_PRIVATE_KEY with, where python3 has it. */
export const HAS_PYTHON_CRYPTOGRAPHY = spawnSync('python3', ['-c', 'import cryptography.hazmat.primitives.serialization'], { stdio: 'ignore' }).status === 0;

/**
 * codemagic-cli-tools' own check of APP_STORE_CONNECT_PRIVATE_KEY (Types.PrivateKeyArgument._apply_type in
 * tools/app_store_connect/arguments.py): `load_pem_private_key(value.encode(), None)`. Returns the curve's name.
 */
export function codemagicLoadsPrivateKey(value: string): string {
  const program = [
    'import sys',
    'from cryptography.hazmat.primitives.serialization import load_pem_private_key',
    'key = load_pem_private_key(sys.stdin.read().encode(), None)',
    'print(key.curve.name)',
  ].join('\n');
  return execFileSync('python3', ['-c', program], { input: value, encoding: 'utf8' }).trim();
}

/** The bundle ID the fixture In-App Purchase key lists, which a dashboard has from the app's own settings. */
export const FIXTURE_BUNDLE_ID = 'com.example.game';

/** The Key ID in a name as App Store Connect gives it (`SubscriptionKey_<KEYID>.p8`, `AuthKey_<KEYID>.p8`), as the services that read it there do. */
export function keyIdInFileName(name: string): string {
  const match = /^(?:SubscriptionKey|AuthKey)_([A-Z0-9]+)\.p8$/.exec(name);
  if (!match?.[1]) throw new Error(`${name} does not carry a Key ID`);
  return match[1];
}

export interface SigningInput {
  key: KeySummary;
  p8Text: string;
  keyId: string;
  issuerId: string;
}

/** An In-App Purchase key, as given to a dashboard, signs an App Store Server API token that checks out against it. */
export async function expectServerApiSigns({ key, p8Text, keyId, issuerId }: SigningInput, bundleId = FIXTURE_BUNDLE_ID): Promise<void> {
  expect([keyId, issuerId]).toEqual([key.keyId, key.issuerId]);
  const token = await appStoreServerApiToken({ p8Text, keyId, issuerId, bundleId });
  await expectAppleToken(token, { key, audience: 'appstoreconnect-v1', issuerId, bundleId });
}

/** A team App Store Connect API key, as given to a tool, signs an App Store Connect API token that checks out against it. */
export async function expectConnectApiSigns({ key, p8Text, keyId, issuerId }: SigningInput): Promise<void> {
  expect([keyId, issuerId]).toEqual([key.keyId, key.issuerId]);
  const token = await appStoreConnectApiToken({ p8Text, keyId, issuerId });
  await expectAppleToken(token, { key, audience: 'appstoreconnect-v1', issuerId });
}
