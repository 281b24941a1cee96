import type { Result } from '../result';
import type { ChannelName, ChannelRequest, ChannelResponse } from './channels';
import type { EventName } from './event-names';
import type { EventPayloads } from './events';
import type { MethodName } from './method-name';

type Method<C extends ChannelName> = Record<never, never> extends ChannelRequest<C>
  ? (request?: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>
  : (request: ChannelRequest<C>) => Promise<Result<ChannelResponse<C>>>;

/** What the preload exposes as `window.vault`: one method per channel of the shared table. */
export type VaultApi = { [C in ChannelName as MethodName<C>]: Method<C> } & {
  /** Subscribes to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  /**
   * Registers a file dropped on the window with main and answers the one-time handle for it (null when the
   * item has no file on disk); `keys.openDroppedFile` takes the handle. The page never learns the path.
   */
  registerDroppedFile(file: File): Promise<Result<{ handle: string } | null>>;
};
