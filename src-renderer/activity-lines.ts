import type { AuditEvent } from '../src-shared/vault/audit-event';

/** One line of the Activity screen: an event, or a run of the same unlock folded into one. */
export interface ActivityLine {
  /** The newest event of the run. */
  event: AuditEvent;
  count: number;
  /** When the oldest event of the run happened. */
  earliestAt: string;
}

/** Folds back-to-back unlocks with the same summary and source (a script's CLI runs) into one line with a count. */
export function foldRepeatedUnlocks(events: readonly AuditEvent[]): ActivityLine[] {
  const lines: ActivityLine[] = [];
  for (const event of events) {
    const last = lines.at(-1);
    if (last && event.type === 'vault.unlocked' && last.event.type === 'vault.unlocked' && last.event.summary === event.summary && last.event.source === event.source) {
      last.count += 1;
      last.earliestAt = event.at;
    } else {
      lines.push({ event, count: 1, earliestAt: event.at });
    }
  }
  return lines;
}
