import type { z } from 'zod';
import { CHANNELS, DEFAULT_MAX_REQUEST_BYTES, isChannelName, type ChannelName, type ChannelRequest, type ChannelResponse } from '../../src-shared/ipc/channels';
import { AppError } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';

/** Who asked: handlers that hand out or accept ids (chosen or dropped files) bind them to the sender. */
export interface RequestOrigin {
  sender: string;
}

export type ChannelHandlers = {
  [C in ChannelName]: (request: z.output<(typeof CHANNELS)[C]['request']>, origin: RequestOrigin) => Promise<ChannelResponse<C>> | ChannelResponse<C>;
};

export interface RouterOptions<Sender> {
  handlers: ChannelHandlers;
  isTrustedSender: (sender: Sender) => boolean;
  /** A stable name for the sender (one window's page), so an id issued to it works for it alone. */
  senderId: (sender: Sender) => string;
  /** Receives unexpected failures; the caller must not log payloads. */
  logInternalError: (channel: string, error: unknown) => void;
}

export type Dispatch<Sender> = <C extends ChannelName>(
  channel: C | string,
  payload: ChannelRequest<C> | unknown,
  sender: Sender,
) => Promise<Result<unknown>>;

const failure = (code: AppError['code'], message: string, details?: AppError['details']): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

function requestSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise unserialisable: never valid
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : 'request';
  return `The field "${field}" is not valid: ${issue.message}.`;
}

/** Builds the one dispatcher every transport (Electron IPC, tests, loopback) calls. */
export function createRouter<Sender>({ handlers, isTrustedSender, senderId, logInternalError }: RouterOptions<Sender>): Dispatch<Sender> {
  return async (channel, payload, sender) => {
    if (!isChannelName(channel)) {
      return failure('UNKNOWN_CHANNEL', 'The app asked for something this version does not know. Restart the app.');
    }
    if (!isTrustedSender(sender)) {
      return failure('FORBIDDEN', 'This request did not come from the app window and was refused.');
    }
    const spec = CHANNELS[channel];
    const limit = ('maxRequestBytes' in spec && typeof spec.maxRequestBytes === 'number') ? spec.maxRequestBytes : DEFAULT_MAX_REQUEST_BYTES;
    if (requestSize(payload) > limit) {
      return failure('BAD_REQUEST', `The request is larger than ${limit} bytes, the most this kind of request may carry, and was refused.`);
    }
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return failure('BAD_REQUEST', first ? describeIssue(first) : 'The request is not valid.');
    }
    try {
      const handler = handlers[channel] as (request: unknown, origin: RequestOrigin) => unknown;
      return { ok: true, value: await handler(parsed.data, { sender: senderId(sender) }) };
    } catch (error) {
      if (error instanceof AppError) return failure(error.code, error.message, error.details);
      logInternalError(channel, error);
      return failure('INTERNAL', 'Something unexpected went wrong inside the app. Try again; if it keeps happening, restart the app.');
    }
  };
}
