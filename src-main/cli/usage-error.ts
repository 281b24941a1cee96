/** A mistake in the command line itself (exit 2); printed as `error: message`, like commander's own. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The passphrase prompt was cancelled with Ctrl+C or Ctrl+D (exit 130, as after SIGINT). */
export class PromptCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'PromptCancelled';
  }
}
