import { describe, expect, it } from 'vitest';
import { resolveKey } from '../../../src-main/cli/resolve-key';
import { UsageError } from '../../../src-main/cli/usage-error';
import type { KeySummary } from '../../../src-shared/keys/key-record';

function key(id: string, keyId: string, name: string): KeySummary {
  return {
    id, keyId, name, kind: 'asc-team', issuerId: '57246542-96fe-1a63-e053-0824d011072a', bundleIds: [], originalFileName: `AuthKey_${keyId}.p8`,
    publicKeyPem: '', fingerprint: '', notes: '', tags: [], createdAt: '', updatedAt: '', revoked: false, sourceFormat: 'pkcs8', exports: [], usedIn: [],
  };
}

const production = key('5b1f2c1e-0000-4000-8000-000000000001', 'PRODKEY001', 'Production');
const staging = key('5b1f2c1e-0000-4000-8000-000000000002', 'STAGEKEY01', 'Shared');
const other = key('5b1f2c1e-0000-4000-8000-000000000003', 'OTHERKEY01', 'shared');
// A name that happens to be another key's Key ID: the Key ID wins.
const confusing = key('5b1f2c1e-0000-4000-8000-000000000004', 'CONFUSED01', 'PRODKEY001');
const keys = [production, staging, other, confusing];

describe('resolving KEY on the command line', () => {
  it('finds a key by record id, by Key ID in any case, and by name in any case', () => {
    expect(resolveKey(keys, production.id.toUpperCase())).toBe(production);
    expect(resolveKey(keys, ' prodkey001 ')).toBe(production);
    expect(resolveKey(keys, 'PRODUCTION')).toBe(production);
  });

  it('prefers a Key ID over a name that looks like one', () => {
    expect(resolveKey(keys, 'PRODKEY001')).toBe(production);
  });

  it('refuses a name several keys share, listing them as a usage error', () => {
    const refusal = (() => {
      try {
        resolveKey(keys, 'shared');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as Error).message).toContain('STAGEKEY01');
    expect((refusal as Error).message).toContain('OTHERKEY01');
  });

  it('reports an unknown key as NOT_FOUND', () => {
    expect(() => resolveKey(keys, 'nothing like it')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
