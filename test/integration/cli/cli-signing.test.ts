import { verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src-shared/errors';
import { tempFolder } from '../../helpers/temp-vault';
import { buildCliCopy, cliRunner, ISSUER_ID, REPO_ROOT, writeKeyFile, type CliRun, type CliRunner, type KeyFile, copyOfVault } from './cli-harness';

/** `token` and `offer` as a user runs them: every offer type's JWS decoded and checked against Apple's rules. */

interface Template {
  folder: string;
  vault: string;
  inAppPurchase: KeyFile & { publicKeyPem: string };
  team: KeyFile & { publicKeyPem: string };
}
let template: Template;
let cli: CliRunner;
// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-signing-test';
const BUNDLE_ID = 'com.example.app';
const HEADER_KEYS = ['alg', 'kid', 'typ'];
const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

beforeAll(async () => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-signing-template-'));
  const vault = path.join(folder, 'vault.sqlite');
  const inAppPurchase = writeKeyFile(folder, 'SubscriptionKey');
  const team = writeKeyFile(folder, 'AuthKey');
  for (const args of [
    ['init'],
    ['import', inAppPurchase.path, '--issuer-id', ISSUER_ID, '--bundle-id', BUNDLE_ID, '--name', 'Prod IAP'],
    ['import', team.path, '--issuer-id', ISSUER_ID, '--name', 'CI team'],
  ]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  }
  const publicKeyOf = async (keyId: string) => (await cli.runJson<{ key: { publicKeyPem: string } }>(vault, ['show', keyId])).key.publicKeyPem;
  template = {
    folder,
    vault,
    inAppPurchase: { ...inAppPurchase, publicKeyPem: await publicKeyOf(inAppPurchase.keyId) },
    team: { ...team, publicKeyPem: await publicKeyOf(team.keyId) },
  };
}, 120_000);

afterAll(() => {
  if (template) rmSync(template.folder, { recursive: true, force: true });
  rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true });
});

const copyOfTemplate = () => copyOfVault(template.vault);

function expectRefused(run: CliRun, exit: number, code: ErrorCode): void {
  expect(run.code, run.stderr).toBe(exit);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(new RegExp(`^error ${code}: \\S`));
}

/** Decodes a compact JWS with Buffer and JSON alone and checks its raw R||S signature with Node's crypto. */
function decodeVerified(jws: string, publicKeyPem: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = '', signature = ''] = jws.split('.');
  const rawSignature = Buffer.from(signature, 'base64url');
  expect(rawSignature).toHaveLength(64);
  expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKeyPem, dsaEncoding: 'ieee-p1363' }, rawSignature)).toBe(true);
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** A StoreKit in-app JWS: Apple's header, the shared claims, and no exp or jti. */
function expectStoreKitJws(jws: string, aud: string, featureClaims: Record<string, unknown>): Record<string, unknown> {
  const { header, payload } = decodeVerified(jws, template.inAppPurchase.publicKeyPem);
  expect(header).toEqual({ alg: 'ES256', kid: template.inAppPurchase.keyId, typ: 'JWT' });
  expect(Object.keys(header).sort()).toEqual(HEADER_KEYS);
  const { iat, nonce, ...rest } = payload;
  expect(rest).toEqual({ iss: ISSUER_ID, aud, bid: BUNDLE_ID, ...featureClaims });
  expect(nonce).toMatch(LOWER_CASE_UUID);
  expect(Number.isSafeInteger(iat)).toBe(true);
  expect(Math.abs(Number(iat) - Date.now() / 1000)).toBeLessThan(60);
  expect(payload).not.toHaveProperty('exp');
  expect(payload).not.toHaveProperty('jti');
  return payload;
}

interface JwsOutput {
  kind: string;
  jws: string;
  payload: Record<string, unknown>;
  nonce: string;
}

describe('asc-key-vault offer', () => {
  it('--type legacy signs the --nonce given, in lower case, and refuses one that is not a UUID', async () => {
    const vault = copyOfTemplate();
    const nonce = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    const args = ['offer', template.inAppPurchase.keyId, '--type', 'legacy', '--bid', BUNDLE_ID, '--product', 'pro.monthly', '--offer', 'WINBACK'];
    const offer = await cli.runJson<{ nonce: string; timestamp: number; signature: string; keyId: string }>(vault, [...args, '--nonce', nonce]);
    expect(offer.nonce).toBe(nonce.toLowerCase());
    const message = [BUNDLE_ID, template.inAppPurchase.keyId, 'pro.monthly', 'WINBACK', '', nonce.toLowerCase(), String(offer.timestamp)].join('\u2063');
    expect(verify('sha256', Buffer.from(message, 'utf8'), { key: template.inAppPurchase.publicKeyPem, dsaEncoding: 'der' }, Buffer.from(offer.signature, 'base64'))).toBe(true);

    const fresh = await cli.runJson<{ nonce: string }>(vault, args);
    expect(fresh.nonce).toMatch(LOWER_CASE_UUID);
    expect(fresh.nonce).not.toBe(nonce.toLowerCase());

    const refused = await cli.runWithVault(vault, [...args, '--nonce', 'not-a-uuid']);
    expectRefused(refused, 4, 'BAD_NONCE');
    expect(refused.stderr).toContain('must be a UUID');
  });

  it('--type promo-v2 signs a promotional offer JWS with the product, offer and transaction IDs', async () => {
    const signed = await cli.runJson<JwsOutput>(copyOfTemplate(), [
      'offer', template.inAppPurchase.keyId, '--type', 'promo-v2', '--bid', BUNDLE_ID, '--product', 'pro.monthly', '--offer', 'WINBACK50', '--transaction-id', '2000000123456789',
    ]);
    expect(signed.kind).toBe('promo-v2');
    const payload = expectStoreKitJws(signed.jws, 'promotional-offer', { productId: 'pro.monthly', offerIdentifier: 'WINBACK50', transactionId: '2000000123456789' });
    expect(signed.nonce).toBe(payload.nonce);
  });

  it('--type intro-eligibility --no-allow-intro signs allowIntroductoryOffer as the JSON boolean false', async () => {
    const vault = copyOfTemplate();
    const args = ['offer', template.inAppPurchase.keyId, '--type', 'intro-eligibility', '--bid', BUNDLE_ID, '--product', 'pro.yearly', '--transaction-id', '2000000987654321'];
    const refusing = await cli.runJson<JwsOutput>(vault, [...args, '--no-allow-intro']);
    expect(refusing.kind).toBe('intro-eligibility');
    expectStoreKitJws(refusing.jws, 'introductory-offer-eligibility', { productId: 'pro.yearly', allowIntroductoryOffer: false, transactionId: '2000000987654321' });

    const allowing = await cli.runJson<JwsOutput>(vault, args);
    expectStoreKitJws(allowing.jws, 'introductory-offer-eligibility', { productId: 'pro.yearly', allowIntroductoryOffer: true, transactionId: '2000000987654321' });
  });

  it('--type advanced-commerce --request-file signs the file’s JSON as padded standard base64', async () => {
    const vault = copyOfTemplate();
    const request = { operation: 'CREATE_SUBSCRIPTION', version: '1', descriptors: { description: 'Café ☕ premium', displayName: 'Premium' }, note: 'é?>>!' };
    const file = path.join(tempFolder(), 'request.json');
    writeFileSync(file, `${JSON.stringify(request, null, 2)}\n`);
    const signed = await cli.runJson<JwsOutput>(vault, ['offer', template.inAppPurchase.keyId, '--type', 'advanced-commerce', '--bid', BUNDLE_ID, '--request-file', file]);
    expect(signed.kind).toBe('advanced-commerce');
    const expected = Buffer.from(JSON.stringify(request), 'utf8').toString('base64');
    expect(expected).toMatch(/[+/]/);
    expect(expected).toMatch(/=$/);
    expectStoreKitJws(signed.jws, 'advanced-commerce-api', { request: expected });

    const notJson = path.join(tempFolder(), 'request.json');
    writeFileSync(notJson, '{operation: CREATE}');
    expectRefused(await cli.runWithVault(vault, ['offer', template.inAppPurchase.keyId, '--type', 'advanced-commerce', '--bid', BUNDLE_ID, '--request-file', notJson]), 4, 'BAD_JSON');
  });
});

describe('asc-key-vault token --scope', () => {
  it('limits a team token to the scope entries given, in Apple’s form, and refuses a malformed one', async () => {
    const vault = copyOfTemplate();
    const issued = await cli.runJson<{ token: string; payload: Record<string, unknown>; lifetimeSeconds: number }>(vault, [
      'token', template.team.keyId, '--scope', 'get /v1/apps?filter[platform]=IOS', '--scope', 'GET /v1/ciProducts',
    ]);
    const { header, payload } = decodeVerified(issued.token, template.team.publicKeyPem);
    expect(header).toEqual({ alg: 'ES256', kid: template.team.keyId, typ: 'JWT' });
    const { iat, exp, ...rest } = payload;
    expect(rest).toEqual({ iss: ISSUER_ID, aud: 'appstoreconnect-v1', scope: ['GET /v1/apps?filter[platform]=IOS', 'GET /v1/ciProducts'] });
    expect(Number(exp) - Number(iat)).toBe(issued.lifetimeSeconds);
    expect(issued.payload).toEqual(payload);

    // A scope of long-lived resources only lets the token live longer than 20 minutes.
    const longLived = await cli.runJson<{ token: string }>(vault, ['token', template.team.keyId, '--scope', 'GET /v1/ciProducts', '--ttl', '86400']);
    const longPayload = decodeVerified(longLived.token, template.team.publicKeyPem).payload;
    expect(longPayload.scope).toEqual(['GET /v1/ciProducts']);
    expect(Number(longPayload.exp) - Number(longPayload.iat)).toBe(86_400);

    const refused = await cli.runWithVault(vault, ['token', template.team.keyId, '--scope', 'GET https://api.appstoreconnect.apple.com/v1/apps']);
    expectRefused(refused, 4, 'BAD_SCOPE');
    expect(refused.stderr).toContain('Leave the host out');
  });
});

interface TokenJson {
  token: string;
  payload: Record<string, unknown>;
  warnings: string[];
}

const ONLY_BUNDLE_ID_NOTE = `Signed for ${BUNDLE_ID}, the key’s only bundle ID; give another with --bid.`;

/** The activity log's token.issued entries: a refused run signs nothing. */
async function issuedCount(vault: string): Promise<number> {
  const { events } = await cli.runJson<{ events: Array<{ type: string }> }>(vault, ['events', '--limit', '200']);
  return events.filter((event) => event.type === 'token.issued').length;
}

describe('asc-key-vault token options checked before the passphrase', () => {
  it.each([
    { args: ['--template', 'app-store-server', '--scope', 'GET /v1/apps'], says: '--scope does not apply to an App Store Server API token' },
    { args: ['--template', 'asc-team', '--bid', 'com.example.app'], says: '--bid does not apply' },
    { args: ['--template', 'app-store-server', '--bid', 'not a bundle id'], says: 'BAD_BUNDLE_ID' },
  ])('refuses $args with no vault and no passphrase to ask for', async ({ args, says }) => {
    const run = await cli.runCli(['token', 'ANYKEY0001', ...args, '--vault', path.join(tempFolder(), 'no-vault-here.sqlite')]);
    expect(run.code).not.toBe(6);
    expect(run.stderr).toContain(says);
    expect(run.stderr).not.toContain('NO_VAULT');
  });
});

describe('asc-key-vault token --bid', () => {
  it('takes the In-App Purchase key’s only bundle ID when --bid is left out, and says so in warnings (--json) or on stderr', async () => {
    const vault = copyOfTemplate();
    const issued = await cli.runJson<TokenJson>(vault, ['token', template.inAppPurchase.keyId]);
    expect(issued.payload.bid).toBe(BUNDLE_ID);
    expect(decodeVerified(issued.token, template.inAppPurchase.publicKeyPem).payload).toEqual(issued.payload);
    expect(issued.warnings).toEqual([ONLY_BUNDLE_ID_NOTE]);

    const plain = await cli.runWithVault(vault, ['token', template.inAppPurchase.keyId]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(plain.stderr).toBe(`note: ${ONLY_BUNDLE_ID_NOTE}\n`);

    const given = await cli.runJson<TokenJson>(vault, ['token', template.inAppPurchase.keyId, '--bid', 'com.example.other']);
    expect(given.payload.bid).toBe('com.example.other');
    expect(given.warnings).toEqual([]);
  });

  it('lists the key’s bundle IDs and names --bid when the key has several, and signs for the one --bid names', async () => {
    const vault = copyOfTemplate();
    const update = await cli.runWithVault(vault, ['update', template.inAppPurchase.keyId, '--bundle-id', BUNDLE_ID, '--bundle-id', 'com.example.lite']);
    expect(update.code, update.stderr).toBe(0);
    const refused = await cli.runWithVault(vault, ['token', template.inAppPurchase.keyId]);
    expectRefused(refused, 4, 'BUNDLE_ID_REQUIRED');
    expect(refused.stderr).toBe(`error BUNDLE_ID_REQUIRED: This key is used for 2 apps (${BUNDLE_ID}, com.example.lite); say which one with --bid.\n`);

    const chosen = await cli.runJson<TokenJson>(vault, ['token', template.inAppPurchase.keyId, '--bid', 'com.example.lite']);
    expect(chosen.payload.bid).toBe('com.example.lite');
    expect(chosen.warnings).toEqual([]);
  });

  it('refuses, with exit 2 and the option named, --scope on an App Store Server token and --bid or --production on an App Store Connect token', async () => {
    const vault = copyOfTemplate();
    const cases = [
      { args: ['token', template.inAppPurchase.keyId, '--scope', 'GET /v1/apps'], says: '--scope does not apply to an App Store Server API token' },
      { args: ['token', template.inAppPurchase.keyId, '--bid', BUNDLE_ID, '--scope', 'GET /v1/apps'], says: 'Leave --scope out.' },
      { args: ['token', template.team.keyId, '--bid', BUNDLE_ID], says: '--bid does not apply to an App Store Connect API token' },
      { args: ['token', template.team.keyId, '--production'], says: '--production does not apply to an App Store Connect API token' },
    ];
    for (const { args, says } of cases) {
      const refused = await cli.runWithVault(vault, args);
      expectRefused(refused, 2, 'BAD_REQUEST');
      expect(refused.stderr).toContain(says);
    }
    expect(await issuedCount(vault)).toBe(0);
  });
});

describe('asc-key-vault offer --bid and the options each --type takes', () => {
  it('takes the key’s only bundle ID when --bid is left out', async () => {
    const vault = copyOfTemplate();
    const signed = await cli.runJson<JwsOutput>(vault, ['offer', template.inAppPurchase.keyId, '--type', 'promo-v2', '--product', 'pro.monthly', '--offer', 'WINBACK50']);
    expectStoreKitJws(signed.jws, 'promotional-offer', { productId: 'pro.monthly', offerIdentifier: 'WINBACK50' });
    const plain = await cli.runWithVault(vault, ['offer', template.inAppPurchase.keyId, '--type', 'legacy', '--product', 'pro.monthly', '--offer', 'WINBACK']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toBe(`note: ${ONLY_BUNDLE_ID_NOTE}\n`);
  });

  it('refuses, with exit 2 and the option named, an option the --type does not take', async () => {
    const vault = copyOfTemplate();
    const file = path.join(tempFolder(), 'request.json');
    writeFileSync(file, '{"operation":"CREATE_SUBSCRIPTION"}');
    const cases = [
      { args: ['--type', 'advanced-commerce', '--request-file', file, '--product', 'pro.monthly'], says: '--product does not apply to --type advanced-commerce' },
      { args: ['--type', 'legacy', '--product', 'p', '--offer', 'o', '--transaction-id', '2000000123456789'], says: '--transaction-id does not apply to --type legacy' },
      { args: ['--type', 'promo-v2', '--product', 'p', '--offer', 'o', '--no-allow-intro'], says: 'only --type intro-eligibility takes it' },
      { args: ['--type', 'intro-eligibility', '--product', 'p', '--transaction-id', '1', '--nonce', '3f2b8c4e-1d2a-4b6c-9e8f-0a1b2c3d4e5f'], says: '--nonce does not apply' },
    ];
    for (const { args, says } of cases) {
      const refused = await cli.runWithVault(vault, ['offer', template.inAppPurchase.keyId, ...args]);
      expectRefused(refused, 2, 'BAD_REQUEST');
      expect(refused.stderr).toContain(says);
    }
    expect(await issuedCount(vault)).toBe(0);
  });
});
