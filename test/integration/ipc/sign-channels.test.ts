import { createPublicKey, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { routedApp } from '../../helpers/routed-app';
import { TEST_PASSPHRASE } from '../../helpers/temp-vault';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function appWithKeys() {
  const app = routedApp();
  await app.call('vault.create', { passphrase: TEST_PASSPHRASE });
  const ids: Record<string, string> = {};
  const publicKeys: Record<string, string> = {};
  for (const [fileName, kind, issuerId] of [
    ['AuthKey_TEAMKEY001.p8', 'asc-team', ISSUER_ID],
    ['SubscriptionKey_IAPKEY0001.p8', 'in-app-purchase', ISSUER_ID],
  ] as const) {
    const key = generateP256Key();
    const file = path.join(app.folder, fileName);
    writeFileSync(file, appStoreConnectP8(key));
    const result = await app.call('keys.import', { source: await app.chooseKeyFile(file), kind, issuerId, bundleIds: ['com.example.app'] });
    if (!result.ok) throw new Error(result.error.message);
    ids[kind] = (result.value as { key: { id: string } }).key.id;
    publicKeys[kind] = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  }
  return { app, ids, publicKeys };
}

function verifiesWith(token: string, publicKeyPem: string): boolean {
  const [header, payload, signature] = token.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKeyPem, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'));
}

describe('signing channels', () => {
  it('issues a team token that verifies with the key, and audits it without the token', async () => {
    const { app, ids, publicKeys } = await appWithKeys();
    const result = await app.call('sign.token', { id: ids['asc-team'], request: { template: 'asc-team' } });
    expect(result.ok).toBe(true);
    const issued = (result as { value: { token: string; header: unknown; payload: Record<string, unknown>; curl: string } }).value;
    expect(issued.header).toEqual({ alg: 'ES256', kid: 'TEAMKEY001', typ: 'JWT' });
    expect(issued.payload).toMatchObject({ iss: ISSUER_ID, aud: 'appstoreconnect-v1' });
    expect(verifiesWith(issued.token, publicKeys['asc-team']!)).toBe(true);
    expect(issued.curl).toContain('https://api.appstoreconnect.apple.com/v1/apps');

    const events = await app.call('vault.events', { offset: 0, limit: 1 });
    expect(JSON.stringify(events)).toContain('Issued an App Store Connect API token');
    expect(JSON.stringify(events)).not.toContain(issued.token.split('.')[2]!);
    for (const response of app.responses) expect(response).not.toContain('PRIVATE KEY');
  });

  it('refuses a token of the wrong kind and a revoked key', async () => {
    const { app, ids } = await appWithKeys();
    expect(await app.call('sign.token', { id: ids['in-app-purchase'], request: { template: 'asc-team' } })).toMatchObject({ ok: false, error: { code: 'WRONG_KEY_KIND' } });
    await app.call('keys.revoke', { id: ids['asc-team'] });
    expect(await app.call('sign.token', { id: ids['asc-team'], request: { template: 'asc-team' } })).toMatchObject({ ok: false, error: { code: 'KEY_REVOKED' } });
  });

  it('signs an App Store Server token for the key’s only bundle ID when none is given, and says so in its warnings', async () => {
    const { app, ids } = await appWithKeys();
    const result = await app.call('sign.token', { id: ids['in-app-purchase'], request: { template: 'app-store-server', bundleId: '' } });
    expect(result).toMatchObject({ ok: true, value: { payload: { bid: 'com.example.app' } } });
    const { warnings } = (result as { value: { warnings: string[] } }).value;
    expect(warnings).toEqual(['Signed for com.example.app, the key’s only bundle ID; give another in the Bundle ID field.']);

    const given = await app.call('sign.token', { id: ids['in-app-purchase'], request: { template: 'app-store-server', bundleId: 'com.example.other' } });
    expect(given).toMatchObject({ ok: true, value: { payload: { bid: 'com.example.other' }, warnings: [] } });
    const offer = await app.call('sign.offer', { id: ids['in-app-purchase'], request: { kind: 'promo-v2', bundleId: '', productId: 'pro.monthly', offerIdentifier: 'WINBACK' } });
    expect(offer).toMatchObject({ ok: true, value: { payload: { bid: 'com.example.app' } } });
  });

  it('asks which app, listing them, when the key has several bundle IDs and none is given', async () => {
    const { app, ids } = await appWithKeys();
    expect(await app.call('keys.update', { id: ids['in-app-purchase'], update: { bundleIds: ['com.example.app', 'com.example.lite'] } })).toMatchObject({ ok: true });
    const refused = await app.call('sign.token', { id: ids['in-app-purchase'], request: { template: 'app-store-server', bundleId: ' ' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BUNDLE_ID_REQUIRED', details: { bundleIds: 'com.example.app, com.example.lite' } } });
    expect((refused as { error: { message: string } }).error.message).toBe('This key is used for 2 apps (com.example.app, com.example.lite); say which one in the Bundle ID field.');
    // The wrong kind of key is said first: no bundle ID would make it sign.
    expect(await app.call('sign.token', { id: ids['asc-team'], request: { template: 'app-store-server', bundleId: '' } })).toMatchObject({ ok: false, error: { code: 'WRONG_KEY_KIND' } });
  });

  it('refuses a bundle ID on an App Store Connect token and a scope on an App Store Server token, naming the field', async () => {
    const { app, ids } = await appWithKeys();
    const cases = [
      { id: ids['asc-team'], request: { template: 'asc-team', bundleId: 'com.example.app' }, says: 'bundleId does not apply to an App Store Connect API token' },
      { id: ids['asc-team'], request: { template: 'asc-team', environment: 'production' }, says: 'environment does not apply to an App Store Connect API token' },
      { id: ids['in-app-purchase'], request: { template: 'app-store-server', bundleId: 'com.example.app', scope: ['GET /v1/apps'] }, says: 'scope does not apply to an App Store Server API token' },
    ];
    for (const { id, request, says } of cases) {
      const refused = await app.call('sign.token', { id, request });
      expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      expect((refused as { error: { message: string } }).error.message).toContain(says);
    }
    const events = (await app.call('vault.events', { offset: 0, limit: 50 })) as { value: { events: Array<{ type: string }> } };
    expect(events.value.events.filter((event) => event.type === 'token.issued')).toEqual([]);
  });

  it('signs a legacy promotional offer with a fresh lower-case nonce', async () => {
    const { app, ids } = await appWithKeys();
    const result = await app.call('sign.offer', { id: ids['in-app-purchase'], request: { kind: 'legacy', bundleId: 'com.example.app', productId: 'pro.monthly', offerId: 'WINBACK' } });
    expect(result).toMatchObject({ ok: true, value: { keyId: 'IAPKEY0001' } });
    const value = (result as { value: { nonce: string; signature: string } }).value;
    expect(value.nonce).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => Buffer.from(value.signature, 'base64')).not.toThrow();
  });

  it('signs a legacy offer with the nonce given, in lower case, and refuses one that is not a UUID', async () => {
    const { app, ids, publicKeys } = await appWithKeys();
    const nonce = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    const request = { kind: 'legacy', bundleId: 'com.example.app', productId: 'pro.monthly', offerId: 'WINBACK' };
    const result = await app.call('sign.offer', { id: ids['in-app-purchase'], request: { ...request, nonce } });
    expect(result).toMatchObject({ ok: true, value: { nonce: nonce.toLowerCase() } });
    const { timestamp, signature } = (result as { value: { timestamp: number; signature: string } }).value;
    const message = ['com.example.app', 'IAPKEY0001', 'pro.monthly', 'WINBACK', '', nonce.toLowerCase(), String(timestamp)].join('\u2063');
    expect(verify('sha256', Buffer.from(message, 'utf8'), { key: publicKeys['in-app-purchase']!, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'))).toBe(true);

    const refused = await app.call('sign.offer', { id: ids['in-app-purchase'], request: { ...request, nonce: 'not-a-uuid' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_NONCE' } });
    expect((refused as { error: { message: string } }).error.message).toContain('must be a UUID');
  });

  it('audits every offer signature with the key and the kind, never the signature or the JWS', async () => {
    const { app, ids } = await appWithKeys();
    const offers = [
      { request: { kind: 'legacy', bundleId: 'com.example.app', productId: 'pro.monthly', offerId: 'WINBACK' }, label: 'promotional offer signature', secret: 'signature' },
      { request: { kind: 'promo-v2', bundleId: 'com.example.app', productId: 'pro.monthly', offerIdentifier: 'WINBACK' }, label: 'promotional offer JWS', secret: 'jws' },
      { request: { kind: 'intro-eligibility', bundleId: 'com.example.app', productId: 'pro.yearly', allowIntroductoryOffer: true, transactionId: '2000000123456789' }, label: 'introductory offer eligibility JWS', secret: 'jws' },
      { request: { kind: 'advanced-commerce', bundleId: 'com.example.app', requestJson: '{"operation":"CREATE_SUBSCRIPTION"}' }, label: 'Advanced Commerce request JWS', secret: 'jws' },
    ] as const;
    for (const { request, label, secret } of offers) {
      const before = (await app.call('vault.events', { offset: 0, limit: 1 })) as { value: { total: number } };
      const signed = (await app.call('sign.offer', { id: ids['in-app-purchase'], request })) as { ok: boolean; value: Record<string, string> };
      expect(signed.ok).toBe(true);
      const after = (await app.call('vault.events', { offset: 0, limit: 1 })) as { value: { total: number; events: Array<{ type: string; summary: string; itemId?: string }> } };
      expect(after.value.total).toBe(before.value.total + 1);
      const [event] = after.value.events;
      expect(event).toMatchObject({ type: 'token.issued', itemId: ids['in-app-purchase'] });
      expect(event!.summary).toContain(label);
      expect(event!.summary).toContain('IAPKEY0001');
      const output = signed.value[secret]!;
      const eventText = JSON.stringify(after.value.events);
      // A JWS's signature part, and a legacy signature (or any long slice of it), stay out of the log.
      for (const part of secret === 'jws' ? output.split('.') : [output]) expect(eventText).not.toContain(part.slice(0, 24));
    }
  });

  it('inspects a token it issued and verifies it against the vault key, and flags a forged one', async () => {
    const { app, ids } = await appWithKeys();
    const issued = await app.call('sign.token', { id: ids['in-app-purchase'], request: { template: 'app-store-server', bundleId: 'com.example.app' } });
    const token = (issued as { value: { token: string } }).value.token;
    expect(await app.call('sign.inspect', { token })).toMatchObject({ ok: true, value: { verification: { status: 'verified', keyId: 'IAPKEY0001', keyRevoked: false }, inspection: { kind: 'app-store-server' } } });

    const [header, payload] = token.split('.');
    const otherKey = await app.call('sign.token', { id: ids['asc-team'], request: { template: 'asc-team' } });
    const forged = `${header}.${payload}.${(otherKey as { value: { token: string } }).value.token.split('.')[2]}`;
    expect(await app.call('sign.inspect', { token: forged })).toMatchObject({ ok: true, value: { verification: { status: 'bad-signature', keyRevoked: false } } });
    expect(await app.call('sign.inspect', { token: 'not a token' })).toMatchObject({ ok: false, error: { code: 'BAD_TOKEN' } });
    expect(await app.call('sign.inspect', { token: '   ' })).toMatchObject({ ok: false, error: { code: 'BAD_TOKEN' } });
  });

  it('says when the key that signed a token is marked as revoked, whose tokens Apple rejects', async () => {
    const { app, ids } = await appWithKeys();
    const issued = await app.call('sign.token', { id: ids['asc-team'], request: { template: 'asc-team' } });
    const token = (issued as { value: { token: string } }).value.token;
    expect(await app.call('keys.revoke', { id: ids['asc-team'] })).toMatchObject({ ok: true });
    expect(await app.call('sign.inspect', { token })).toMatchObject({
      ok: true,
      value: { verification: { status: 'verified', keyId: 'TEAMKEY001', keyRevoked: true } },
    });
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${payload}.${signature!.slice(0, -4)}AAAA`;
    expect(await app.call('sign.inspect', { token: tampered })).toMatchObject({ ok: true, value: { verification: { status: 'bad-signature', keyRevoked: true } } });

    expect(await app.call('keys.unrevoke', { id: ids['asc-team'] })).toMatchObject({ ok: true });
    expect(await app.call('sign.inspect', { token })).toMatchObject({ ok: true, value: { verification: { status: 'verified', keyRevoked: false } } });
  });

  it('inspects a token against what the user says it is meant for', async () => {
    const { app, ids } = await appWithKeys();
    const issued = await app.call('sign.token', { id: ids['asc-team'], request: { template: 'asc-team' } });
    const token = (issued as { value: { token: string } }).value.token;
    type Inspected = { ok: true; value: { inspection: { kind: string; findings: Array<{ severity: string; claim: string; message: string }> } } };
    const bidFindings = async (expected?: string) => {
      const result = (await app.call('sign.inspect', { token, ...(expected === undefined ? {} : { expected }) })) as Inspected;
      expect(result.ok).toBe(true);
      return { kind: result.value.inspection.kind, bid: result.value.inspection.findings.filter((finding) => finding.claim === 'bid') };
    };

    const unknown = await bidFindings();
    expect(unknown.kind).toBe('asc-team');
    expect(unknown.bid).toEqual([{ severity: 'warning', claim: 'bid', message: expect.stringContaining('App Store Server API calls need bid') }]);
    expect(await bidFindings('app-store-connect')).toEqual({ kind: 'asc-team', bid: [] });
    const server = await bidFindings('app-store-server');
    expect(server.kind).toBe('app-store-server');
    expect(server.bid).toEqual([{ severity: 'error', claim: 'bid', message: expect.stringContaining('No bid') }]);
    expect(await app.call('sign.inspect', { token, expected: 'app-store' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('copies a token through main and clears it on lock', async () => {
    const { app } = await appWithKeys();
    expect(await app.call('clipboard.copyText', { text: 'eyJ.token.text' })).toEqual({ ok: true, value: { clearAfterSeconds: 60 } });
    await app.call('vault.lock');
    await new Promise((resolve) => setImmediate(resolve));
    expect(app.clipboard.text).toBe('');
  });
});
