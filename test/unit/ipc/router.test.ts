import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { CHANNELS, DEFAULT_MAX_REQUEST_BYTES } from '../../../src-shared/ipc/channels';
import { CHANNEL_NAMES } from '../../../src-shared/ipc/channel-names';
import { createRouter, type ChannelHandlers } from '../../../src-main/ipc/router';

const trusted = { id: 'main-window' };
const stranger = { id: 'somewhere-else' };

function routerWith(handlers: Partial<ChannelHandlers>, logInternalError = vi.fn()) {
  const all = { 'vault.status': () => ({ state: 'none' as const, path: '/tmp/v' }), ...handlers } as ChannelHandlers;
  return {
    dispatch: createRouter({ handlers: all, isTrustedSender: (sender: typeof trusted) => sender === trusted, senderId: (sender) => sender.id, logInternalError }),
    logInternalError,
  };
}

describe('IPC router', () => {
  it('answers a known channel from a trusted sender with the handler value', async () => {
    const { dispatch } = routerWith({});
    expect(await dispatch('vault.status', {}, trusted)).toEqual({ ok: true, value: { state: 'none', path: '/tmp/v' } });
  });

  it.each(['vault.nope', '', '__proto__', 'constructor', 42, null])('refuses unknown channel %j with UNKNOWN_CHANNEL', async (channel) => {
    const { dispatch } = routerWith({});
    const result = await dispatch(channel as string, {}, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('refuses a sender that is not the app window with FORBIDDEN, before running the handler', async () => {
    const handler = vi.fn();
    const { dispatch } = routerWith({ 'vault.status': handler });
    expect(await dispatch('vault.status', {}, stranger)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a payload that fails the channel schema with BAD_REQUEST naming the field', async () => {
    const { dispatch } = routerWith({});
    const result = await dispatch('vault.status', { unexpected: true }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!result.ok && result.error.message).toContain('unexpected');
  });

  it('refuses a payload that is not an object with BAD_REQUEST', async () => {
    const { dispatch } = routerWith({});
    expect(await dispatch('vault.status', 'text', trusted)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses a payload over the size limit with BAD_REQUEST', async () => {
    const { dispatch } = routerWith({});
    const huge = { padding: 'x'.repeat(1024 * 1024 + 1) };
    const result = await dispatch('vault.status', huge, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!result.ok && result.error.message).toMatch(/larger than/);
  });

  it('holds passphrase requests to their own, smaller limit, before any parsing', async () => {
    const handler = vi.fn();
    const { dispatch } = routerWith({ 'vault.unlock': handler });
    const limit = CHANNELS['vault.unlock'].maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    expect(limit).toBeLessThan(DEFAULT_MAX_REQUEST_BYTES);
    const result = await dispatch('vault.unlock', { passphrase: 'x'.repeat(limit) }, trusted);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining(`larger than ${limit} bytes`) } });
    // The same size is within the default limit: another channel gets as far as its schema.
    expect(await dispatch('vault.status', { padding: 'x'.repeat(limit) }, trusted)).toMatchObject({ ok: false, error: { message: expect.stringContaining('padding') } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('refuses a payload that cannot be serialised with BAD_REQUEST instead of crashing', async () => {
    const { dispatch } = routerWith({});
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await dispatch('vault.status', cyclic, trusted)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('maps a thrown domain error to its own code and message', async () => {
    const { dispatch } = routerWith({
      'vault.status': () => {
        throw new AppError('VAULT_LOCKED', 'The vault is locked. Unlock it to continue.');
      },
    });
    expect(await dispatch('vault.status', {}, trusted)).toEqual({
      ok: false,
      error: { code: 'VAULT_LOCKED', message: 'The vault is locked. Unlock it to continue.' },
    });
  });

  it('maps any other failure to INTERNAL with a generic message, logging the error only in main', async () => {
    const secret = '-----BEGIN PRIVATE KEY-----\nMIGTAgEA';
    const { dispatch, logInternalError } = routerWith({
      'vault.status': () => {
        throw new Error(secret);
      },
    });
    const result = await dispatch('vault.status', {}, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
    expect(logInternalError).toHaveBeenCalledOnce();
  });

  it('never hands the request payload to the error log', async () => {
    const logInternalError = vi.fn();
    const dispatch = createRouter({
      handlers: { 'vault.status': () => ({ state: 'none' as const, path: '' }), 'vault.unlock': () => { throw new TypeError('boom'); } } as unknown as ChannelHandlers,
      isTrustedSender: () => true,
      senderId: () => 'window',
      logInternalError,
    });
    await dispatch('vault.unlock', { passphrase: 'correct horse battery staple' }, {});
    expect(logInternalError).toHaveBeenCalledOnce();
    expect(JSON.stringify(logInternalError.mock.calls[0]) + String(logInternalError.mock.calls[0]?.[1])).not.toContain('correct horse');
  });

  it('has exactly one schema row per channel name', () => {
    expect(Object.keys(CHANNELS).sort()).toEqual([...CHANNEL_NAMES].sort());
  });
});
