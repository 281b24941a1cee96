import { AppError } from '../../src-shared/errors';

/** Wrong passphrases allowed before main starts enforcing a wait. */
export const FREE_ATTEMPTS = 5;
const MAX_DELAY_MS = 5 * 60_000;

/** Wait after the n-th consecutive failure: none for the first five, then 2 s doubling up to 5 minutes. */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_MS, 2000 * 2 ** (failures - FREE_ATTEMPTS));
}

/** Enforced in main, so a renderer (or script) cannot skip the wait between guesses. */
export class UnlockThrottle {
  private failures = 0;
  private notBefore = 0;

  constructor(private readonly nowMs: () => number) {}

  check(): void {
    const waitMs = this.notBefore - this.nowMs();
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new AppError('THROTTLED', `Too many wrong passphrases. Wait ${seconds} s before trying again.`, { retryAfterSeconds: seconds });
    }
  }

  /** Counts a wrong passphrase; returns the wait it starts, in whole seconds (0 for none). */
  recordFailure(): number {
    this.failures += 1;
    const delayMs = delayAfterFailures(this.failures);
    this.notBefore = this.nowMs() + delayMs;
    return Math.ceil(delayMs / 1000);
  }

  recordSuccess(): void {
    this.failures = 0;
    this.notBefore = 0;
  }
}
