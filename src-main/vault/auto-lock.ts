import type { LockReason } from '../../src-shared/ipc/events';

export interface AutoLockOptions {
  idleMinutes: () => number;
  /** Seconds since the user last touched keyboard or mouse (Electron: powerMonitor.getSystemIdleTime). */
  idleSeconds: () => number;
  lock: (reason: LockReason) => void;
}

/** Decides when to lock: after idle minutes, and at once on suspend or screen lock. */
export class AutoLock {
  constructor(private readonly options: AutoLockOptions) {}

  /** Called on a timer by the shell. */
  checkIdle(): void {
    const minutes = this.options.idleMinutes();
    if (minutes > 0 && this.options.idleSeconds() >= minutes * 60) this.options.lock('idle');
  }

  onSuspend(): void {
    this.options.lock('suspend');
  }

  onScreenLock(): void {
    this.options.lock('screen-lock');
  }
}
