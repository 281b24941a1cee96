import { describe, expect, it } from 'vitest';
import { ClipboardService, type ClipboardWriteOptions } from '../../../src-main/clipboard/clipboard-service';

function clipboardWith(seconds = 60) {
  const writes: Array<{ text: string; options: ClipboardWriteOptions | undefined }> = [];
  const port = {
    text: '',
    readText: () => port.text,
    writeText: (text: string, options?: ClipboardWriteOptions) => {
      writes.push({ text, options });
      port.text = text;
    },
  };
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  const service = new ClipboardService({
    port,
    clearAfterSeconds: () => seconds,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return { cancel: () => (timer.cancelled = true) };
    },
  });
  const fire = async () => {
    timers.filter((timer) => !timer.cancelled).forEach((timer) => timer.run());
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { port, writes, service, timers, fire };
}

const PLAIN = { secret: false };
const SECRET = { secret: true };

describe('clipboard', () => {
  it('copies and clears after the configured seconds', async () => {
    const { port, service, timers, fire } = clipboardWith(45);
    expect(await service.copy('ABCDE12345', PLAIN)).toEqual({ clearAfterSeconds: 45 });
    expect(port.text).toBe('ABCDE12345');
    expect(timers[0]?.ms).toBe(45_000);
    await fire();
    expect(port.text).toBe('');
  });

  it('asks the port to mark a secret copy and leaves a Key ID plain', async () => {
    const { writes, service } = clipboardWith();
    await service.copy('-----BEGIN PRIVATE KEY-----', SECRET);
    await service.copy('ABCDE12345', PLAIN);
    expect(writes).toEqual([
      { text: '-----BEGIN PRIVATE KEY-----', options: { secret: true } },
      { text: 'ABCDE12345', options: { secret: false } },
    ]);
  });

  it('clears a secret with a plain empty write', async () => {
    const { writes, service, fire } = clipboardWith();
    await service.copy('-----BEGIN PRIVATE KEY-----', SECRET);
    await fire();
    expect(writes.at(-1)).toEqual({ text: '', options: undefined });
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { port, writes, service, fire } = clipboardWith();
    await service.copy('ABCDE12345', SECRET);
    port.text = 'something the user copied';
    await fire();
    expect(port.text).toBe('something the user copied');
    expect(writes).toHaveLength(1);
  });

  it('clears what it copied at once when asked (the vault locked)', async () => {
    const { port, service, timers } = clipboardWith();
    await service.copy('token', SECRET);
    await service.clearIfOurs();
    expect(port.text).toBe('');
    expect(timers[0]?.cancelled).toBe(true);
  });

  it('leaves what the user copied since alone when the vault locks too', async () => {
    const { port, service } = clipboardWith();
    await service.copy('token', SECRET);
    port.text = 'tok';
    await service.clearIfOurs();
    expect(port.text).toBe('tok');
  });

  it('does nothing on lock when it has copied nothing, or already cleared', async () => {
    const { port, writes, service, fire } = clipboardWith();
    port.text = 'the user’s own text';
    await service.clearIfOurs();
    await service.copy('token', SECRET);
    await fire();
    port.text = 'copied after the clear';
    await service.clearIfOurs();
    expect(port.text).toBe('copied after the clear');
    expect(writes.map((write) => write.text)).toEqual(['token', '']);
  });

  it('restarts the countdown for a new copy and only clears the latest value', async () => {
    const { port, service, timers, fire } = clipboardWith();
    await service.copy('first', SECRET);
    await service.copy('second', PLAIN);
    expect(timers[0]?.cancelled).toBe(true);
    port.text = 'first';
    await fire();
    expect(port.text).toBe('first');
  });

  it('keeps no copy of the secret while it counts down', async () => {
    const { service } = clipboardWith();
    await service.copy('-----BEGIN PRIVATE KEY-----MIGH', SECRET);
    // Everything the service holds except the (fake) system clipboard itself.
    const held = JSON.stringify({ ...service, options: null });
    expect(held).not.toContain('PRIVATE KEY');
    expect(held).not.toContain(Buffer.from('-----BEGIN PRIVATE KEY-----MIGH').toJSON().data.join(','));
  });
});
