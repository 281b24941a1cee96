import { createPublicKey, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppleCheckService } from '../../../src-main/apple-check/apple-check-service';
import { APPLE_API_HOSTS } from '../../../src-shared/apple-check/apple-hosts';
import { DEFAULT_APPLE_REQUEST_LIMITS, type AppleFetch } from '../../../src-main/apple-check/apple-request';
import type { AppleCheckResult } from '../../../src-shared/apple-check/apple-check';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import {
  appleLikeHandler,
  ASC_NOT_AUTHORIZED,
  ELSEWHERE_HOST,
  startFakeAppleServer,
  writeP8,
  type AppleAccount,
  type FakeAppleServer,
  type FakeHandler,
} from '../../helpers/fake-apple-server';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const OTHER_ISSUER_ID = '69a6de7e-0000-47e3-e053-5b8c7c11a4d1';

let server: FakeAppleServer;
beforeAll(async () => {
  server = await startFakeAppleServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

type App = ReturnType<typeof routedApp>;

/** A vault whose keys Apple knows (those in `account.keys`), reached through the router with checks on or off. */
async function vaultWithApple(options: { enabled?: boolean; fetch?: AppleFetch } = {}) {
  const app = routedApp({ appleFetch: options.fetch ?? server.fetch() });
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  if (options.enabled !== false) await app.call('settings.update', { appleCheckEnabled: true });
  const account: AppleAccount = { issuerId: ISSUER_ID, keys: new Map(), apps: [] };
  const addKey = async (fileName: string, request: Record<string, unknown>, known = true): Promise<KeySummary> => {
    const key: KeyObject = generateP256Key();
    const file = writeP8(app.folder, fileName, appStoreConnectP8(key));
    const result = await app.call('keys.import', { source: await app.chooseKeyFile(file), ...request });
    if (!result.ok) throw new Error(result.error.message);
    const summary = (result.value as { key: KeySummary }).key;
    if (known) account.keys.set(summary.keyId, createPublicKey(key));
    return summary;
  };
  return { app, account, addKey };
}

async function check(app: App, id: string): Promise<AppleCheckResult> {
  const result = await app.call('apple.check', { id });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as AppleCheckResult;
}

function apps(count: number, releasedInProduction = true): AppleAccount['apps'] {
  return Array.from({ length: count }, (_, index) => ({ id: String(6400000000 + index), name: `App ${index + 1}`, bundleId: `com.example.app${index + 1}`, releasedInProduction }));
}

/** Apple's answer for one case, whatever the token. */
const answering = (answer: Awaited<ReturnType<FakeHandler>>): FakeHandler => () => answer;

describe('checking a key with Apple', () => {
  it('allows only Apple’s three API hosts', () => {
    expect(APPLE_API_HOSTS).toEqual(['api.appstoreconnect.apple.com', 'api.storekit.apple.com', 'api.storekit-sandbox.apple.com']);
  });

  it('sends nothing while the setting is off, and says where to turn it on', async () => {
    const { app, addKey } = await vaultWithApple({ enabled: false });
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    const result = await app.call('apple.check', { id: key.id });
    expect(result).toMatchObject({ ok: false, error: { code: 'APPLE_CHECK_OFF' } });
    expect((result as { error: { message: string } }).error.message).toContain('Settings');
    expect(server.requests).toEqual([]);
    const events = await app.call('vault.events', { offset: 0, limit: 50 });
    expect(JSON.stringify(events)).not.toContain('key.checked');
  });

  it('lists the apps a team key sees across pages, keeps the result on the key and logs the check', async () => {
    const { app, account, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, bundleIds: ['com.example.app1'] });
    account.apps = apps(3);
    server.handle(appleLikeHandler(account, { pageSize: 2 }));

    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: true, summary: 'works, sees 3 apps', moreApps: false });
    expect(result.apps).toEqual([
      { name: 'App 1', bundleId: 'com.example.app1', appleId: '6400000000' },
      { name: 'App 2', bundleId: 'com.example.app2', appleId: '6400000001' },
      { name: 'App 3', bundleId: 'com.example.app3', appleId: '6400000002' },
    ]);
    expect(result.bundleIdsToAdd).toEqual(['com.example.app2', 'com.example.app3']);
    expect(server.requests.map((request) => `${request.host}${request.path}`)).toEqual([
      'api.appstoreconnect.apple.com/v1/apps?limit=200&fields%5Bapps%5D=name%2CbundleId',
      'api.appstoreconnect.apple.com/v1/apps?cursor=2&limit=2',
    ]);
    expect(result.key.appleCheck).toEqual({ at: result.checkedAt, works: true, summary: 'works, sees 3 apps' });
    const stored = await app.call('keys.get', { id: key.id });
    expect(stored).toMatchObject({ ok: true, value: { appleCheck: { works: true, summary: 'works, sees 3 apps' } } });
    const events = (await app.call('vault.events', { offset: 0, limit: 1 })) as { value: { events: Array<{ type: string; summary: string }> } };
    expect(events.value.events[0]).toMatchObject({ type: 'key.checked', summary: expect.stringContaining(': works, sees 3 apps') });
  });

  it('stops following pages at the bound and says there are more', async () => {
    const { app, account, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    account.apps = apps(12);
    server.handle(appleLikeHandler(account, { pageSize: 2 }));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: true, summary: 'works, sees 10 or more apps', moreApps: true });
    expect(server.requests).toHaveLength(5);
  });

  it('checks an individual key, and explains a key that sees no apps', async () => {
    const { app, addKey, account } = await vaultWithApple();
    const key = await addKey('AuthKey_INDIVKEY01.p8', { kind: 'asc-individual' });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: true, summary: 'works, sees no apps', apps: [] });
    expect(result.explanations.join(' ')).toContain('App Manager');
  });

  it('explains a 401 with the Issuer ID that differs from the other keys’, and shows Apple’s error', async () => {
    const { app, addKey, account } = await vaultWithApple();
    await addKey('SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app1'] });
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: OTHER_ISSUER_ID });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: false, problem: 'unauthorized', summary: 'Apple refused the key (401)' });
    expect(result.explanations[0]).toContain(`This key’s Issuer ID (${OTHER_ISSUER_ID}) differs from the one your other keys use (${ISSUER_ID})`);
    expect(result.attempts[0]).toMatchObject({ status: 401, detail: expect.stringContaining('NOT_AUTHORIZED: Authentication credentials are missing or invalid.') });
    expect(result.key.appleCheck).toMatchObject({ works: false, summary: 'Apple refused the key (401)' });
  });

  it('checks a key marked as revoked, and names the mark when Apple refuses it', async () => {
    const { app, addKey, account } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID }, false);
    await app.call('keys.revoke', { id: key.id });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result.problem).toBe('unauthorized');
    expect(result.explanations[0]).toContain('marked as revoked in the vault');
  });

  it('reports the clock skew from Apple’s Date header when the token’s iat is ahead of Apple’s clock', async () => {
    const { app, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    const appleClock = new Date(Date.now() - 5 * 60_000);
    server.handle(answering({ ...ASC_NOT_AUTHORIZED, headers: { date: appleClock.toUTCString() } }));
    const result = await check(app, key.id);
    const skew = result.explanations.find((line) => line.includes('clock'));
    expect(skew).toMatch(/This computer’s clock is (29\d|30\d) seconds ahead of Apple’s/);
  });

  it.each([
    {
      case: '403',
      answer: { status: 403, body: { errors: [{ status: '403', code: 'FORBIDDEN_ERROR', title: 'This request is forbidden for security reasons', detail: 'The API key in use does not allow this request' }] } },
      problem: 'forbidden',
      explains: 'does not let this key list apps',
      detail: 'FORBIDDEN_ERROR: This request is forbidden for security reasons The API key in use does not allow this request',
    },
    {
      case: '404',
      answer: { status: 404, body: { errors: [{ status: '404', code: 'NOT_FOUND', title: 'The specified resource does not exist' }] } },
      problem: 'not-found',
      explains: 'answered “not found”',
      detail: 'NOT_FOUND: The specified resource does not exist',
    },
    {
      case: '429',
      answer: { status: 429, body: { errors: [{ status: '429', code: 'RATE_LIMIT_EXCEEDED', title: 'The request rate limit has been reached.' }] } },
      problem: 'rate-limited',
      explains: 'says nothing about the key itself',
      detail: 'RATE_LIMIT_EXCEEDED: The request rate limit has been reached.',
    },
  ])('explains a $case from the App Store Connect API', async ({ answer, problem, explains, detail }) => {
    const { app, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    server.handle(answering(answer));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: false, problem });
    expect(result.explanations.join(' ')).toContain(explains);
    expect(result.attempts[0]?.detail).toBe(detail);
  });

  it('checks an In-App Purchase key per bundle ID in production and sandbox', async () => {
    const { app, addKey, account } = await vaultWithApple();
    account.apps = apps(2);
    const key = await addKey('SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app1', 'com.example.app2'] });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: true, summary: 'works for com.example.app1 (production and sandbox), com.example.app2 (production and sandbox)' });
    expect(server.requests.map((request) => `${request.host}${request.path}`)).toEqual([
      'api.storekit.apple.com/inApps/v1/transactions/1000000000000000',
      'api.storekit-sandbox.apple.com/inApps/v1/transactions/1000000000000000',
      'api.storekit.apple.com/inApps/v1/transactions/1000000000000000',
      'api.storekit-sandbox.apple.com/inApps/v1/transactions/1000000000000000',
    ]);
  });

  it('explains an app that production does not know yet (the wrong environment)', async () => {
    const { app, addKey, account } = await vaultWithApple();
    account.apps = apps(1, false);
    const key = await addKey('SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID, bundleIds: ['com.example.app1'], environment: 'production' });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: true, summary: 'works for com.example.app1 (sandbox); Apple does not know the app elsewhere' });
    expect(result.explanations.join(' ')).toContain('Apple does not know an app with the bundle ID com.example.app1 in production. An app not yet released is known only in sandbox');
    expect(result.attempts[0]).toMatchObject({ label: 'production, com.example.app1', status: 404, works: false, detail: '4040003: App not found.' });
  });

  it('refuses an In-App Purchase key whose Issuer ID Apple does not accept (401, no body)', async () => {
    const { app, addKey, account } = await vaultWithApple();
    account.apps = apps(1);
    const key = await addKey('SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: OTHER_ISSUER_ID, bundleIds: ['com.example.app1'] });
    server.handle(appleLikeHandler(account));
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: false, problem: 'unauthorized' });
    expect(result.explanations.join(' ')).toContain('Apple did not accept the key, Issuer ID and bundle ID com.example.app1 together');
  });

  it('asks nothing for an In-App Purchase key without a bundle ID, and says to add one', async () => {
    const { app, addKey } = await vaultWithApple();
    const key = await addKey('SubscriptionKey_IAPKEY0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID });
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: false, problem: 'no-bundle-id', attempts: [] });
    expect(result.explanations[0]).toContain('Add your app’s bundle ID to this key');
    expect(server.requests).toEqual([]);
  });

  it('follows a redirect to another Apple host but never one elsewhere', async () => {
    const { app, addKey, account } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    account.apps = apps(1);
    const apple = appleLikeHandler(account);
    server.handle((request) =>
      request.path.startsWith('/v1/apps?limit') ? { status: 307, headers: { location: '/v1/apps?cursor=0' } } : apple(request),
    );
    expect(await check(app, key.id)).toMatchObject({ works: true, summary: 'works, sees 1 app' });

    server.requests.length = 0;
    server.handle(() => ({ status: 302, headers: { location: `https://${ELSEWHERE_HOST}/v1/apps` } }));
    const refused = await check(app, key.id);
    expect(refused).toMatchObject({ works: false, problem: 'redirect-refused' });
    expect(refused.explanations[0]).toContain(`to ${ELSEWHERE_HOST}`);
    expect(server.requests.map((request) => request.host)).toEqual(['api.appstoreconnect.apple.com']);
  });

  it('reports a TLS failure when the certificate is not trusted', async () => {
    const { app, addKey } = await vaultWithApple({ fetch: server.fetch({ trustCertificate: false }) });
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    const result = await check(app, key.id);
    expect(result).toMatchObject({ works: false, problem: 'tls', summary: 'not judged: the secure connection failed' });
    expect(result.explanations[0]).toContain('The secure connection to api.appstoreconnect.apple.com failed');
  });

  it('never puts the token in what it returns or logs', async () => {
    const { app, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    server.handle(answering(ASC_NOT_AUTHORIZED));
    await check(app, key.id);
    const token = server.requests[0]?.authorization?.replace('Bearer ', '') ?? '';
    expect(token.split('.')).toHaveLength(3);
    for (const response of [...app.responses, JSON.stringify(await app.call('vault.events', { offset: 0, limit: 50 }))]) {
      expect(response).not.toContain(token.split('.')[2]);
      expect(response).not.toContain('PRIVATE KEY');
    }
  });
});

describe('the limits of a check', () => {
  /** The service alone, with limits a test can reach. */
  async function serviceWith(limits: Partial<typeof DEFAULT_APPLE_REQUEST_LIMITS>) {
    const { app, addKey } = await vaultWithApple();
    const key = await addKey('AuthKey_TEAMKEY001.p8', { kind: 'asc-team', issuerId: ISSUER_ID });
    const service = new AppleCheckService({ keys: app.services.keys, fetch: server.fetch(), isEnabled: () => true, limits: { ...DEFAULT_APPLE_REQUEST_LIMITS, ...limits } });
    return { service, key };
  }

  it('gives up on a slow answer and says the key was not judged', async () => {
    const { service, key } = await serviceWith({ timeoutMs: 200 });
    server.handle(answering({ status: 200, hang: true }));
    const result = await service.check(key.id);
    expect(result).toMatchObject({ works: false, problem: 'timeout', summary: 'not judged: no answer in time' });
  });

  it.each([
    { case: 'a declared length', answer: { status: 200, body: 'x'.repeat(4096) } },
    { case: 'a streamed body', answer: { status: 200, streamBytes: 2 * 1024 * 1024 } },
  ])('stops reading an oversized answer ($case)', async ({ answer }) => {
    const { service, key } = await serviceWith({ maxResponseBytes: 1024 });
    server.handle(answering(answer));
    const result = await service.check(key.id);
    expect(result).toMatchObject({ works: false, problem: 'too-large' });
  });
});
