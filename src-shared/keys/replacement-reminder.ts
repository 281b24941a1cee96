import type { KeySummary } from './key-record';

/**
 * The reminder to replace keys after N days (Settings), 0 when off. Apple's keys never expire, so the number is the
 * team's own policy; a month is the shortest that makes sense for keys set up by hand, ten years the longest.
 */
export const REPLACEMENT_REMINDER_DAYS = { off: 0, min: 30, max: 3650 } as const;
export const REPLACEMENT_REMINDER_PRESETS = [90, 180, 365, 730] as const;

export function isReplacementReminderDays(days: number): boolean {
  return days === REPLACEMENT_REMINDER_DAYS.off || (Number.isInteger(days) && days >= REPLACEMENT_REMINDER_DAYS.min && days <= REPLACEMENT_REMINDER_DAYS.max);
}

const localDay = (date: Date) => Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());

/**
 * Days from the day a key was added to the vault to today, on the calendar of the zone the app runs in, so a day
 * of 23 or 25 hours at a daylight-saving change still counts once and a key added late last evening is a day old.
 */
export function daysSinceAdded(addedIso: string, now: Date): number {
  return Math.round((localDay(now) - localDay(new Date(addedIso))) / 86_400_000);
}

/** A key still in use, not already being replaced, that was added at least `reminderDays` days ago; never while the reminder is off. */
export function isDueForReplacement(key: Pick<KeySummary, 'createdAt' | 'revoked' | 'replacement'>, reminderDays: number, now: Date): boolean {
  return reminderDays !== REPLACEMENT_REMINDER_DAYS.off && !key.revoked && key.replacement === undefined && daysSinceAdded(key.createdAt, now) >= reminderDays;
}
