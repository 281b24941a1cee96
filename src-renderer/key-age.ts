import { daysSinceAdded } from '../src-shared/keys/replacement-reminder';
import { countText } from './count-text';

/** How long ago a key was added, in the unit a person would use: “today”, “12 days ago”, “14 months ago”, “3 years ago”. */
export function keyAgeText(addedIso: string, now: Date): string {
  const added = new Date(addedIso);
  // Calendar days, as the replacement reminder counts them, so the age shown never disagrees with it.
  const days = daysSinceAdded(addedIso, now);
  if (days < 1) return 'today';
  if (days < 31) return `${countText(days, 'day')} ago`;
  const months = (now.getFullYear() - added.getFullYear()) * 12 + now.getMonth() - added.getMonth() - (now.getDate() < added.getDate() ? 1 : 0);
  if (months < 24) return `${countText(Math.max(1, months), 'month')} ago`;
  return `${countText(Math.floor(months / 12), 'year')} ago`;
}
