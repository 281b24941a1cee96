import { useCallback, useState } from 'react';
import type { Result, ResultError } from '../../src-shared/result';

/** What a form shows when a window.vault call fails without an answer from main. */
export const NO_ANSWER: ResultError = { code: 'INTERNAL', message: 'The app did not answer. Try again; if it keeps happening, restart the app.' };

/** Runs one window.vault call at a time, tracking busy and error state for a form. */
export function useVaultCall<Args extends unknown[], Value>(call: (...args: Args) => Promise<Result<Value>>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ResultError | null>(null);
  const run = useCallback(
    async (...args: Args): Promise<Result<Value>> => {
      setBusy(true);
      setError(null);
      try {
        const result = await call(...args);
        if (!result.ok) setError(result.error);
        return result;
      } catch {
        setError(NO_ANSWER);
        return { ok: false, error: NO_ANSWER };
      } finally {
        setBusy(false);
      }
    },
    [call],
  );
  return { run, busy, error, setError };
}
