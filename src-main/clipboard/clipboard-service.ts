/** The system clipboard as main sees it (Electron's asynchronous clipboard, or a fake in tests). */
export interface ClipboardPort {
  readText(): Promise<string> | string;
  writeText(text: string): Promise<void> | void;
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
 * clipboard still holds what we put there: something the user copied since is left alone.
 */
export class ClipboardService {
  private pending: { text: string; timer: { cancel(): void } } | null = null;
  private readonly setTimer: NonNullable<ClipboardServiceOptions['setTimer']>;

  constructor(private readonly options: ClipboardServiceOptions) {
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  async copy(text: string): Promise<{ clearAfterSeconds: number }> {
    this.pending?.timer.cancel();
    await this.options.port.writeText(text);
    const seconds = this.options.clearAfterSeconds();
    this.pending = { text, timer: this.setTimer(() => void this.clearIfOurs(), seconds * 1000) };
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
    if ((await this.options.port.readText()) === pending.text) await this.options.port.writeText('');
  }
}
