import { describe, expect, it } from 'vitest';
import { AutoLock } from '../../../src-main/vault/auto-lock';
import type { LockReason } from '../../../src-shared/ipc/events';

function autoLockWith(idleMinutes: number, idleSeconds: number) {
  const locks: LockReason[] = [];
  const state = { idleSeconds };
  const autoLock = new AutoLock({ idleMinutes: () => idleMinutes, idleSeconds: () => state.idleSeconds, lock: (reason) => locks.push(reason) });
  return { autoLock, locks, state };
}

describe('auto-lock', () => {
  it('locks once the user has been idle for the configured minutes, not before', () => {
    const { autoLock, locks, state } = autoLockWith(10, 599);
    autoLock.checkIdle();
    expect(locks).toEqual([]);
    state.idleSeconds = 600;
    autoLock.checkIdle();
    expect(locks).toEqual(['idle']);
  });

  it('never locks on idle when the setting is 0 (off)', () => {
    const { autoLock, locks } = autoLockWith(0, 100_000);
    autoLock.checkIdle();
    expect(locks).toEqual([]);
  });

  it('locks at once on suspend and on screen lock', () => {
    const { autoLock, locks } = autoLockWith(10, 0);
    autoLock.onSuspend();
    autoLock.onScreenLock();
    expect(locks).toEqual(['suspend', 'screen-lock']);
  });
});
