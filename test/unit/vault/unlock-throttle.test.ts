import { describe, expect, it } from 'vitest';
import { delayAfterFailures, UnlockThrottle } from '../../../src-main/vault/unlock-throttle';

describe('unlock throttle', () => {
  it('lets the first five wrong passphrases through without a wait', () => {
    const throttle = new UnlockThrottle(() => 0);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      throttle.check();
      throttle.recordFailure();
    }
    expect(() => throttle.check()).not.toThrow();
  });

  it('enforces a growing wait after the fifth failure and says how long', () => {
    let now = 0;
    const throttle = new UnlockThrottle(() => now);
    const waits = Array.from({ length: 5 }, () => throttle.recordFailure());
    expect(waits, 'the failure that starts a wait says how long').toEqual([0, 0, 0, 0, 2]);
    expect(() => throttle.check()).toThrow(expect.objectContaining({ code: 'THROTTLED', details: { retryAfterSeconds: 2 } }));
    now += 2000;
    throttle.check();
    expect(throttle.recordFailure()).toBe(4);
    expect(() => throttle.check()).toThrow(expect.objectContaining({ details: { retryAfterSeconds: 4 } }));
  });

  it('caps the wait at five minutes and resets after a success', () => {
    expect(delayAfterFailures(4)).toBe(0);
    expect([5, 6, 7].map(delayAfterFailures)).toEqual([2000, 4000, 8000]);
    expect(delayAfterFailures(40)).toBe(300_000);
    let now = 0;
    const throttle = new UnlockThrottle(() => now);
    for (let attempt = 0; attempt < 6; attempt += 1) throttle.recordFailure();
    now += 10_000;
    throttle.recordSuccess();
    throttle.recordFailure();
    expect(() => throttle.check()).not.toThrow();
  });
});
