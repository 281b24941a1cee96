import type { DownloadedKeyFile } from '../keys/key-record';
import type { EventName } from './event-names';

export type LockReason = 'manual' | 'idle' | 'suspend' | 'screen-lock';

/** Payload type of every main → renderer event. */
export interface EventPayloads extends Record<EventName, unknown> {
  'vault.locked': { reason: LockReason };
  /** A new key file finished downloading while the add-key flow watched the Downloads folder. */
  'downloads.keyFound': DownloadedKeyFile;
  /** Watching ended on its own (the folder went away); the message says what to do. */
  'downloads.stopped': { message: string };
  /** An item of the app menu that the window carries out (Lock is done by main itself). */
  'menu.command': { command: MenuCommand };
}

export type MenuCommand = 'find' | 'add-key';

export type Notify = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;
