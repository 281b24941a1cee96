import { isAppError, type ErrorCode } from '../../src-shared/errors';
import { commandLineMessage, type CommandLineOption } from './command-line-hints';
import { PromptCancelled, UsageError } from './usage-error';

/** The CLI's exit codes; documented in the README's "Command line" section. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  passphrase: 3,
  invalidInput: 4,
  vaultUnreadable: 5,
  notFound: 6,
  olderVault: 7,
  /** `check`: Apple refused the key. */
  appleRefused: 8,
  /** `check`: Apple was not reached, or asked to slow down; the key was not judged. */
  appleNotReached: 9,
  /** `scan` found private keys: staged for a commit, or stray plaintext copies of keys. */
  keysFound: 10,
  cancelled: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A command that has written its output, refusals included, and ends with a failing code (an import of several files). */
export class OutputWritten extends Error {
  constructor(readonly exitCode: ExitCode) {
    super(`the command ended with exit code ${exitCode}`);
    this.name = 'OutputWritten';
  }
}

/**
 * Codes from the shared table that are not about the input. Every other code names something wrong
 * with what was given (a file, an ID, a confirmation), so it exits with EXIT.invalidInput.
 */
const EXIT_FOR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  INTERNAL: EXIT.unexpected,
  UNKNOWN_CHANNEL: EXIT.unexpected,
  FORBIDDEN: EXIT.unexpected,
  VAULT_UNLOCKED: EXIT.unexpected,
  IMPORT_NOT_VERIFIED: EXIT.unexpected,
  // Open in the app or another CLI run: not the caller's input, and retrying later may succeed.
  VAULT_BUSY: EXIT.unexpected,
  // The app's keychain (quick unlock); the CLI never uses it.
  KEYCHAIN_UNAVAILABLE: EXIT.unexpected,
  BAD_REQUEST: EXIT.usage,
  // The CLI asks for --allow-network itself; the app's own opt-in is a setting.
  APPLE_CHECK_OFF: EXIT.usage,
  // Any passphrase that does not open what it was given for: the vault, a backup (WRONG_PASSPHRASE
  // too) or a bundle, or a bundle encrypted to someone else's age key. A script retries with another secret, not with other arguments.
  WRONG_PASSPHRASE: EXIT.passphrase,
  BUNDLE_WRONG_PASSPHRASE: EXIT.passphrase,
  BUNDLE_WRONG_RECIPIENT: EXIT.passphrase,
  VAULT_LOCKED: EXIT.passphrase,
  THROTTLED: EXIT.passphrase,
  PASSPHRASE_REQUIRED: EXIT.passphrase,
  // A file read whole that is damaged, not one of ours, or too new: the vault, a backup (the vault's
  // own codes) or a bundle. FILE_EXISTS, DESTINATION_UNWRITABLE and FILE_UNREADABLE name a path the
  // caller gave, and stay invalid input.
  NOT_A_VAULT: EXIT.vaultUnreadable,
  VAULT_DAMAGED: EXIT.vaultUnreadable,
  VAULT_TOO_NEW: EXIT.vaultUnreadable,
  KEY_UNREADABLE: EXIT.vaultUnreadable,
  BUNDLE_MALFORMED: EXIT.vaultUnreadable,
  BUNDLE_TRUNCATED: EXIT.vaultUnreadable,
  BUNDLE_DAMAGED: EXIT.vaultUnreadable,
  BUNDLE_TOO_NEW: EXIT.vaultUnreadable,
  BUNDLE_TOO_LARGE: EXIT.vaultUnreadable,
  // An older copy of the vault than this computer last opened: a script must not write to it unawares.
  VAULT_ROLLED_BACK: EXIT.olderVault,
  NO_VAULT: EXIT.notFound,
  NOT_FOUND: EXIT.notFound,
};

export function exitCodeForErrorCode(code: ErrorCode): ExitCode {
  return EXIT_FOR_CODE[code] ?? EXIT.invalidInput;
}

// better-sqlite3 was last rebuilt for Electron (`npm start`); Node cannot load that build.
const WRONG_NATIVE_BUILD = /NODE_MODULE_VERSION|ERR_DLOPEN_FAILED|better_sqlite3\.node/;

/**
 * Writes one line about the failure to stderr and returns the exit code. Never prints stacks or secrets.
 * `options` are those of the command that ran, so that a refusal names the one to fix.
 */
export function reportFailure(error: unknown, writeErr: (text: string) => void, options?: readonly CommandLineOption[]): ExitCode {
  if (error instanceof UsageError) {
    writeErr(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof PromptCancelled) {
    writeErr(`${error.message}\n`);
    return EXIT.cancelled;
  }
  if (error instanceof OutputWritten) return error.exitCode;
  if (isAppError(error)) {
    writeErr(`error ${error.code}: ${commandLineMessage(error, options)}\n`);
    return exitCodeForErrorCode(error.code);
  }
  const detail = error instanceof Error ? error.message : String(error);
  if (WRONG_NATIVE_BUILD.test(detail) || (error as NodeJS.ErrnoException | null)?.code === 'ERR_DLOPEN_FAILED') {
    writeErr(
      'error INTERNAL: The SQLite module is built for Electron, not Node. ' +
        'Run `node scripts/ensure-native-binding.mjs node` in the checkout, then try again.\n',
    );
    return EXIT.unexpected;
  }
  writeErr(`error INTERNAL: Something unexpected went wrong: ${detail}\n`);
  return EXIT.unexpected;
}
