import type { ErrorCode } from './errors';

export interface ResultError {
  code: ErrorCode;
  message: string;
  details?: Record<string, string | number | boolean>;
}

/** The envelope every IPC answer travels in. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ResultError };
