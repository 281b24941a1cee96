import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface ClipboardWriteOptions {
  /** A private key or other credential: written with the OS's hint that clipboard managers skip it. */
  secret: boolean;
}

/** The system clipboard as main sees it (Electron's clipboard, or a fake in tests). */
export interface ClipboardPort {
  readText(): Promise<string> | string;
  /** Without options, or with `secret: false`, plain text only (clearing writes ''). */
  writeText(text: string, options?: ClipboardWriteOptions): Promise<void> | void;
}

export interface ClipboardServiceOptions {
  port: ClipboardPort;
  clearAfterSeconds: () => number;
  setTimer?: (run: () => void, ms: number) => { cancel(): void };
}

const defaultSetTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  timer.unref?.();
  return { cancel: () => clearTimeout(timer) };
};

/**
 * Copies values for the user and clears them again after the configured seconds, but only if the
 * clipboard still holds what we put there: something the user copied since is left alone. Secret
 * values carry each OS's "do not record" hint; Key IDs and other public values are plain text.
 */
export class ClipboardService {
  private pending: { fingerprint: Buffer; timer: { cancel(): void } } | null = null;
  private readonly setTimer: NonNullable<ClipboardServiceOptions['setTimer']>;
  // What we copied is remembered as a keyed digest, not a second copy of the secret for the countdown.
  private readonly fingerprintKey = randomBytes(32);

  constructor(private readonly options: ClipboardServiceOptions) {
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  async copy(text: string, { secret }: ClipboardWriteOptions): Promise<{ clearAfterSeconds: number }> {
    this.pending?.timer.cancel();
    this.pending = null;
    await this.options.port.writeText(text, { secret });
    const seconds = this.options.clearAfterSeconds();
    this.pending = { fingerprint: this.fingerprint(text), timer: this.setTimer(() => void this.clearIfOurs(), seconds * 1000) };
    return { clearAfterSeconds: seconds };
  }

  async readText(): Promise<string> {
    return this.options.port.readText();
  }

  /** Also called when the vault locks. */
  async clearIfOurs(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    pending.timer.cancel();
    const current = this.fingerprint(await this.options.port.readText());
    if (timingSafeEqual(current, pending.fingerprint)) await this.options.port.writeText('');
  }

  private fingerprint(text: string): Buffer {
    return createHmac('sha256', this.fingerprintKey).update(text, 'utf8').digest();
  }
}
