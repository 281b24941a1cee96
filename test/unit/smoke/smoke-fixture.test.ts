import { describe, expect, it } from 'vitest';
import { parseP8 } from '../../../src-main/keys/parse-p8';
import { generateFixtureKey } from '../../../test/smoke/smoke-fixture';

describe('the smoke test’s key', () => {
  it('is a fresh P-256 .p8 the app accepts, named as App Store Connect names a team key', () => {
    const key = generateFixtureKey('SMOKETEST1');
    expect(key.fileName).toBe('AuthKey_SMOKETEST1.p8');
    expect(() => parseP8(Buffer.from(key.pem))).not.toThrow();
    expect(key.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(generateFixtureKey('SMOKETEST1').pem).not.toBe(key.pem);
  });

});
