import { afterEach, describe, expect, it } from 'vitest';
import { daysSinceAdded, isDueForReplacement, isReplacementReminderDays } from '../../../src-shared/keys/replacement-reminder';

const zoneAtStart = process.env.TZ;
afterEach(() => {
  if (zoneAtStart === undefined) delete process.env.TZ;
  else process.env.TZ = zoneAtStart;
});

/** Node reads TZ again when it changes, so local times below are the wall clock of `zone`. */
function inZone(zone: string) {
  process.env.TZ = zone;
}

/** Year, month (0-11), day, hour, minute on the wall clock of the zone set. */
type WallClock = [number, number, number, number, number];
const at = ([year, month, day, hour, minute]: WallClock) => new Date(year, month, day, hour, minute);

describe('a key due for replacement', () => {
  it.each<{ zone: string; added: WallClock; now: WallClock; reminderDays: number; due: boolean; why: string }>([
    { zone: 'UTC', added: [2025, 11, 4, 15, 0], now: [2026, 11, 4, 0, 5], reminderDays: 365, due: true, why: 'on the day it turns N days old, from midnight' },
    { zone: 'UTC', added: [2025, 11, 4, 15, 0], now: [2026, 11, 3, 23, 59], reminderDays: 365, due: false, why: 'not the minute before' },
    { zone: 'UTC', added: [2025, 11, 4, 15, 0], now: [2028, 0, 1, 12, 0], reminderDays: 365, due: true, why: 'long after' },
    { zone: 'UTC', added: [2026, 11, 4, 9, 0], now: [2026, 11, 4, 18, 0], reminderDays: 30, due: false, why: 'not on the day it was added' },
    { zone: 'Europe/Berlin', added: [2026, 2, 28, 12, 0], now: [2026, 3, 27, 0, 0], reminderDays: 30, due: true, why: 'a 23-hour day (spring forward) still counts as a day' },
    { zone: 'Europe/Berlin', added: [2026, 2, 28, 12, 0], now: [2026, 3, 26, 23, 59], reminderDays: 30, due: false, why: 'and it is not due a day early across it' },
    { zone: 'America/New_York', added: [2026, 9, 3, 0, 30], now: [2026, 10, 2, 0, 0], reminderDays: 30, due: true, why: 'a 25-hour day (fall back) counts once' },
    { zone: 'America/New_York', added: [2026, 9, 3, 0, 30], now: [2026, 10, 1, 23, 50], reminderDays: 30, due: false, why: 'not due the evening before, though 30 × 24 hours have passed' },
  ])('$zone, $reminderDays-day reminder: due $due, $why', ({ zone, added, now, reminderDays, due }) => {
    inZone(zone);
    const key = { createdAt: at(added).toISOString(), revoked: false };
    expect(isDueForReplacement(key, reminderDays, at(now))).toBe(due);
  });

  it('counts days on the calendar of the zone the app runs in, so one instant can be due in one zone and not yet in another', () => {
    const key = { createdAt: '2026-01-01T23:30:00.000Z', revoked: false };
    const now = new Date('2026-01-31T00:30:00.000Z');
    inZone('UTC');
    expect([daysSinceAdded(key.createdAt, now), isDueForReplacement(key, 30, now)]).toEqual([30, true]);
    inZone('Asia/Tokyo');
    expect([daysSinceAdded(key.createdAt, now), isDueForReplacement(key, 30, now)]).toEqual([29, false]);
  });

  it('is not due while its replacement runs: the job shows instead', () => {
    const replacement = { startedAt: '2026-12-01T00:00:00.000Z', places: [], stage: 'new-key' as const };
    expect(isDueForReplacement({ createdAt: '2020-01-01T00:00:00.000Z', revoked: false, replacement }, 30, new Date('2026-12-04T12:00:00.000Z'))).toBe(false);
  });

  it('is never due once marked revoked, however old', () => {
    expect(isDueForReplacement({ createdAt: '2020-01-01T00:00:00.000Z', revoked: true }, 30, new Date('2026-12-04T12:00:00.000Z'))).toBe(false);
  });

  it('is never due while the reminder is off', () => {
    expect(isDueForReplacement({ createdAt: '2000-01-01T00:00:00.000Z', revoked: false }, 0, new Date('2026-12-04T12:00:00.000Z'))).toBe(false);
  });
});

describe('the reminder setting', () => {
  it.each([
    [0, true],
    [30, true],
    [365, true],
    [3650, true],
    [29, false],
    [3651, false],
    [-365, false],
    [365.5, false],
    [Number.NaN, false],
  ])('takes %d days: %s', (days, valid) => {
    expect(isReplacementReminderDays(days)).toBe(valid);
  });
});
