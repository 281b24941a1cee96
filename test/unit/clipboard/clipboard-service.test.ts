import { describe, expect, it } from 'vitest';
import { ClipboardService } from '../../../src-main/clipboard/clipboard-service';

function clipboardWith(seconds = 60) {
  const port = { text: '', readText: () => port.text, writeText: (text: string) => {
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
  return { port, service, timers, fire };
}

describe('clipboard', () => {
  it('copies and clears after the configured seconds', async () => {
    const { port, service, timers, fire } = clipboardWith(45);
    expect(await service.copy('ABCDE12345')).toEqual({ clearAfterSeconds: 45 });
    expect(port.text).toBe('ABCDE12345');
    expect(timers[0]?.ms).toBe(45_000);
    await fire();
    expect(port.text).toBe('');
  });

  it('leaves the clipboard alone when the user copied something else since', async () => {
    const { port, service, fire } = clipboardWith();
    await service.copy('ABCDE12345');
    port.text = 'something the user copied';
    await fire();
    expect(port.text).toBe('something the user copied');
  });

  it('clears what it copied at once when asked (the vault locked)', async () => {
    const { port, service } = clipboardWith();
    await service.copy('token');
    await service.clearIfOurs();
    expect(port.text).toBe('');
  });

  it('restarts the countdown for a new copy and only clears the latest value', async () => {
    const { port, service, timers, fire } = clipboardWith();
    await service.copy('first');
    await service.copy('second');
    expect(timers[0]?.cancelled).toBe(true);
    await fire();
    expect(port.text).toBe('');
  });
});
