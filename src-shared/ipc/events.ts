import type { EventName } from './event-names';

export type LockReason = 'manual' | 'idle' | 'suspend' | 'screen-lock';

/** Payload type of every main → renderer event. */
export interface EventPayloads extends Record<EventName, unknown> {
  'vault.locked': { reason: LockReason };
}

export type Notify = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
