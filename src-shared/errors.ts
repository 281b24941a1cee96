/** Stable error codes shared by main, the CLI and the renderer. Messages are written for the user. */
export const ERROR_CODES = [
  'UNKNOWN_CHANNEL',
  'BAD_REQUEST',
  'FORBIDDEN',
  'INTERNAL',
  'NO_VAULT',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'VAULT_UNLOCKED',
  'WRONG_PASSPHRASE',
  'WEAK_PASSPHRASE',
  'THROTTLED',
  'NOT_A_VAULT',
  'VAULT_TOO_NEW',
  'VAULT_DAMAGED',
  'VAULT_ROLLED_BACK',
  'VAULT_BUSY',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'NOT_PEM',
  'PEM_DAMAGED',
  'MULTIPLE_PEM_BLOCKS',
  'IS_CERTIFICATE',
  'IS_PUBLIC_KEY',
  'ENCRYPTED_KEY',
  'RSA_KEY',
  'WRONG_KEY_TYPE',
  'WRONG_CURVE',
  'KEY_SELF_TEST_FAILED',
  'KEY_OUT_OF_RANGE',
  'BAD_KEY_ID',
  'BAD_ISSUER_ID',
  'BAD_BUNDLE_ID',
  'KEY_ID_MISMATCH',
  'KIND_MISMATCH',
  'DUPLICATE_KEY',
  'NOT_FOUND',
  'CONFIRMATION_MISMATCH',
  'KIND_REQUIRED',
  'KEY_ID_IN_USE',
  'IMPORT_NOT_VERIFIED',
  'KEY_REVOKED',
  'WRONG_KEY_KIND',
  'ISSUER_ID_REQUIRED',
  'BAD_LIFETIME',
  'LIFETIME_TOO_LONG',
  'BAD_BACKDATE',
  'BAD_SCOPE',
  'BAD_OFFER_FIELD',
  'BAD_NONCE',
  'BAD_JSON',
  'BAD_TOKEN',
  'BAD_PUBLIC_KEY',
  'KEY_UNREADABLE',
  'FILE_EXISTS',
  'DESTINATION_UNWRITABLE',
  'BUNDLE_ID_REQUIRED',
  'BUNDLE_MALFORMED',
  'BUNDLE_TRUNCATED',
  'BUNDLE_TOO_LARGE',
  'BUNDLE_TOO_NEW',
  'BUNDLE_WRONG_PASSPHRASE',
  'BUNDLE_DAMAGED',
  'BAD_RECIPIENT',
  'BUNDLE_WRONG_RECIPIENT',
  'KEYCHAIN_UNAVAILABLE',
  'PASSPHRASE_REQUIRED',
  'APPLE_CHECK_OFF',
  'NOT_A_REPOSITORY',
  'HOOK_CONFLICT',
  'REPLACEMENT_INCOMPLETE',
  'FILE_CHANGED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

/** A failure the user can act on. Its message must never contain key material or passphrases. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Extra, non-secret facts for the UI (e.g. a retry delay). */
  readonly details?: Record<string, string | number | boolean>;

  constructor(code: ErrorCode, message: string, details?: Record<string, string | number | boolean>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
