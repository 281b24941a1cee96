import { useCallback, useState } from 'react';
import type { Result, ResultError } from '../../src-shared/result';

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
        const failure: ResultError = { code: 'INTERNAL', message: 'The app did not answer. Try again; if it keeps happening, restart the app.' };
        setError(failure);
        return { ok: false, error: failure };
      } finally {
        setBusy(false);
      }
    },
    [call],
  );
  return { run, busy, error, setError };
}
