import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateFixtureKey } from '../../../test/smoke/smoke-fixture';
import { tokenProblems } from '../../../test/smoke/smoke-token';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const key = generateFixtureKey('SMOKETEST1');
const expected = { keyId: 'SMOKETEST1', issuerId: ISSUER_ID };

function teamToken({ pem = key.pem, kid = 'SMOKETEST1', lifetime = 15 * 60, issuer = ISSUER_ID } = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience('appstoreconnect-v1')
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .sign(createPrivateKey(pem));
}

describe('checking the token the packaged app issued', () => {
  it('accepts a team token signed by the imported key, for its Key ID and Issuer ID', async () => {
    expect(await tokenProblems(await teamToken(), key.publicKey, expected)).toEqual([]);
  });

  it('refuses a token signed by another key', async () => {
    const other = generateFixtureKey('SMOKETEST1');
    const problems = await tokenProblems(await teamToken({ pem: other.pem }), key.publicKey, expected);
    expect(problems).toEqual([expect.stringContaining('does not verify with the imported key')]);
  });

  it('names a wrong kid, a wrong issuer and a lifetime over Apple’s 20 minutes', async () => {
    expect(await tokenProblems(await teamToken({ kid: 'OTHERKEY12' }), key.publicKey, expected)).toEqual([
      "kid is OTHERKEY12, not the imported key's SMOKETEST1.",
    ]);
    expect(await tokenProblems(await teamToken({ issuer: 'another-issuer' }), key.publicKey, expected)).toEqual([expect.stringContaining('"iss"')]);
    expect(await tokenProblems(await teamToken({ lifetime: 21 * 60 }), key.publicKey, expected)).toEqual([
      'it lives 1260 s; Apple accepts at most 1200 s.',
    ]);
  });

  it('says so when the screen showed no token at all', async () => {
    expect(await tokenProblems('', key.publicKey, expected)).toEqual(['The text the app showed is not a JWT.']);
  });
});
