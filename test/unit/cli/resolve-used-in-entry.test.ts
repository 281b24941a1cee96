import { describe, expect, it } from 'vitest';
import { resolveUsedInEntry, shortEntryIds } from '../../../src-main/cli/resolve-used-in-entry';
import { UsageError } from '../../../src-main/cli/usage-error';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { KeyUsedInEntry } from '../../../src-shared/keys/used-in';

const AT = '2026-03-14T09:00:00.000Z';
const entry = (id: string, label: string): KeyUsedInEntry => ({ id, label, addedAt: AT });

const revenueCat = entry('3f9a1c07-0000-4000-8000-000000000001', 'RevenueCat project Fitness');
const bitrise = entry('3f9a1c07-0000-4000-8000-000000000002', 'Bitrise workflow');
const twinA = entry('a1b2c3d4-0000-4000-8000-000000000003', 'Codemagic');
const twinB = entry('b1b2c3d4-0000-4000-8000-000000000004', 'codemagic');
// A label that is the start of another place's id: the label wins.
const confusing = entry('c0ffee00-0000-4000-8000-000000000005', 'a1b2c3d4');

const key: KeySummary = {
  id: '5b1f2c1e-0000-4000-8000-000000000001', keyId: 'PRODKEY001', name: 'Production', kind: 'asc-team', issuerId: '57246542-96fe-1a63-e053-0824d011072a',
  bundleIds: [], originalFileName: 'AuthKey_PRODKEY001.p8', publicKeyPem: '', fingerprint: '', notes: '', tags: [], createdAt: AT, updatedAt: AT,
  revoked: false, sourceFormat: 'pkcs8', exports: [{ target: 'fastlane', at: AT }], usedIn: [revenueCat, bitrise, twinA, twinB, confusing],
};

function refusalOf(reference: string): Error {
  try {
    resolveUsedInEntry(key, reference);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`"${reference}" was not refused`);
}

describe('resolving ENTRY of `used-in rename|remove`', () => {
  it.each([
    ['its id, in any case', revenueCat.id.toUpperCase(), revenueCat],
    ['its label, in any case and with runs of spaces', '  revenuecat   PROJECT fitness ', revenueCat],
    ['the start of its id, four characters or more', 'c0ff', confusing],
    ['its label before the start of another place’s id', 'A1B2C3D4', confusing],
  ])('finds a place by %s', (_, reference, expected) => {
    expect(resolveUsedInEntry(key, reference)).toBe(expected);
  });

  it.each([
    ['a label several places share', 'CODEMAGIC', ['a1b2c3d4', 'b1b2c3d4']],
    ['the start of several ids', '3f9a1c07-0000', ['3f9a1c07-0000-4000-8000-000000000001', '3f9a1c07-0000-4000-8000-000000000002']],
  ])('refuses %s as a usage error that lists them', (_, reference, listed) => {
    const refusal = refusalOf(reference);
    expect(refusal).toBeInstanceOf(UsageError);
    for (const id of listed) expect(refusal.message).toContain(id);
  });

  it.each([
    ['an unknown label', 'Bitrise', /no place added by hand with the id or label "Bitrise"/],
    ['a start shorter than four characters', '3f9', /the start of an id takes at least 4 characters/],
    ['an export, which the vault records itself', 'FASTLANE', /"FASTLANE" is an export of "Production" \(PRODKEY001\), which the vault records itself/],
  ])('reports %s as NOT_FOUND, saying what to do', (_, reference, message) => {
    const refusal = refusalOf(reference);
    expect(refusal).toMatchObject({ code: 'NOT_FOUND' });
    expect(refusal.message).toMatch(message);
    expect(refusal.message).toMatch(/Nothing was changed\.$/);
  });

  it('refuses an empty ENTRY as a usage error', () => {
    expect(refusalOf('  ')).toBeInstanceOf(UsageError);
  });
});

describe('the entry ids the text output shows', () => {
  it('are eight characters, longer only as far as two places would share them', () => {
    expect([...shortEntryIds([twinA, twinB]).values()]).toEqual(['a1b2c3d4', 'b1b2c3d4']);
    expect([...shortEntryIds([revenueCat, bitrise, twinA]).values()]).toEqual([revenueCat.id, bitrise.id, 'a1b2c3d4-0000-4000-8000-000000000003']);
  });
});
