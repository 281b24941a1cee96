import { describe, expect, it } from 'vitest';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { isDueForReplacement } from '../../../src-shared/keys/replacement-reminder';
import { arrangeKeys, DEFAULT_KEY_LIST_VIEW } from '../../../src-renderer/screens/keys/key-list-order';

const key = (name: string, createdAt: string, revoked = false) => ({ id: name, name, kind: 'asc-team', createdAt, revoked }) as KeySummary;

describe('the key list’s state filter', () => {
  const keys = [key('Old', '2024-01-10T12:00:00.000Z'), key('Old revoked', '2024-01-10T12:00:00.000Z', true), key('New', '2026-11-30T12:00:00.000Z')];
  const now = new Date('2026-12-04T12:00:00.000Z');

  it('shows only the keys due for replacement under “Due for replacement”', () => {
    const due = arrangeKeys(keys, { ...DEFAULT_KEY_LIST_VIEW, state: 'due' }, (candidate) => isDueForReplacement(candidate, 365, now));
    expect(due.map((shown) => shown.name)).toEqual(['Old']);
  });

  it('shows none there while the reminder is off', () => {
    expect(arrangeKeys(keys, { ...DEFAULT_KEY_LIST_VIEW, state: 'due' }, (candidate) => isDueForReplacement(candidate, 0, now))).toEqual([]);
  });
});
