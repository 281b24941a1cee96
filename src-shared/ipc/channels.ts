import { z } from 'zod';
import type { VaultStatus } from '../vault/vault-status';
import { CHANNEL_NAMES, type ChannelName } from './channel-names';

export { CHANNEL_NAMES, type ChannelName };

/** Declares a channel's response type without a runtime value. */
const returns = <T>() => undefined as unknown as T;

export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

interface ChannelSpec<Request extends z.ZodType, Response> {
  request: Request;
  response: Response;
  /** Overrides DEFAULT_MAX_REQUEST_BYTES for this channel. */
  maxRequestBytes?: number;
}

const channel = <Request extends z.ZodType, Response>(spec: ChannelSpec<Request, Response>) => spec;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the per-row types are kept by `satisfies`
type ChannelTable = { [C in ChannelName]: ChannelSpec<z.ZodType, any> };

/**
 * Every renderer → main call. Later features add rows here; preload, router, loopback transport
 * and renderer all derive from this table.
 */
export const CHANNELS = {
  'vault.status': channel({ request: z.object({}).strict(), response: returns<VaultStatus>() }),
} as const satisfies ChannelTable;

export type ChannelRequest<C extends ChannelName> = z.input<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = (typeof CHANNELS)[C]['response'];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}
