import { describe, expect, it } from 'vitest';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { KeyReplacement } from '../../../src-shared/keys/replacement';
import { replacementCandidates, replacementDraft, replacementSetupStart, replacementStatus } from '../../../src-renderer/screens/replacement/replacement-progress';
import type { WalkthroughDraft } from '../../../src-renderer/screens/walkthrough/WalkthroughSession';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const OTHER_ISSUER_ID = '69a6de70-0000-47e3-e053-5b8c7c11a4d1';

function key(id: string, fields: Partial<KeySummary> = {}): KeySummary {
  return {
    id,
    kind: 'asc-team',
    name: `Key ${id}`,
    keyId: `KEY${id.padStart(7, '0')}`,
    issuerId: ISSUER_ID,
    bundleIds: [],
    tags: [],
    notes: '',
    originalFileName: `AuthKey_${id}.p8`,
    fingerprint: id,
    revoked: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    exports: [],
    usedIn: [],
    ...fields,
  } as KeySummary;
}

const place = (id: string, done: boolean) => ({ id, type: 'added' as const, label: id, ...(done ? { doneAt: '2026-01-02T00:00:00.000Z' } : {}) });

describe('a replacement, in a few words', () => {
  it.each<[KeyReplacement, string]>([
    [{ startedAt: '', stage: 'new-key', places: [place('a', false)] }, 'add the new key'],
    [{ startedAt: '', stage: 'places', newKeyId: 'n', places: [place('a', true), place('b', false), place('c', false)] }, '1 of 3 places done'],
    [{ startedAt: '', stage: 'revoke', newKeyId: 'n', places: [place('a', true)] }, 'revoke the old key'],
  ])('%o reads “%s”', (replacement, text) => {
    expect(replacementStatus(replacement)).toBe(text);
  });

  it('offers only keys that can take the old key’s place: same kind and account, not revoked, not itself', () => {
    const old = key('old');
    const keys = [
      old,
      key('same'),
      key('no-issuer', { issuerId: undefined }),
      key('purchases', { kind: 'in-app-purchase' }),
      key('other-account', { issuerId: OTHER_ISSUER_ID }),
      key('revoked', { revoked: true }),
    ];
    expect(replacementCandidates(old, keys).map((candidate) => candidate.id)).toEqual(['same', 'no-issuer']);
  });

  it('starts guided setup on the old key’s kind, past the purpose, with its Issuer ID and bundle IDs', () => {
    const old = key('old', { name: 'Old CI key', bundleIds: ['com.example.fitness', 'com.example.fitness.widget'] });
    expect(replacementDraft(old)).toEqual({
      kind: 'asc-team',
      step: 'role',
      issuerId: ISSUER_ID,
      bundleIds: 'com.example.fitness, com.example.fitness.widget',
      replaces: { id: 'old', name: 'Old CI key' },
    });
  });

  it.each<[string, 'resume' | 'ask' | 'fresh', Partial<WalkthroughDraft> | null]>([
    ['no guided setup', 'fresh', null],
    ['this replacement’s setup, unsaved', 'resume', { kind: 'asc-team', replaces: { id: 'old', name: 'Old' } }],
    ['this replacement’s setup, already saved', 'fresh', { kind: 'asc-team', replaces: { id: 'old', name: 'Old' }, saved: { sourceDeleted: false } }],
    ['another setup with a kind chosen', 'ask', { kind: 'in-app-purchase' }],
    ['another replacement’s setup', 'ask', { kind: 'asc-team', replaces: { id: 'other', name: 'Other' } }],
    ['another setup with nothing chosen yet', 'fresh', {}],
  ])('opens guided setup for the new key, with %s open, as %s', (_case, start, draft) => {
    const base: WalkthroughDraft = {
      run: 1, mode: 'guided', shown: false, step: 'purpose', kind: null, roleConfirmedFor: null, file: null, keyId: '', keyIdConfirmedAs: null,
      issuerId: '', bundleIds: '', name: '', notes: '', saved: null, replaces: null,
    };
    expect(replacementSetupStart(key('old'), draft === null ? null : { ...base, ...draft })).toBe(start);
  });
});
