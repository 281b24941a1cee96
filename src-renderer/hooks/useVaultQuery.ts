import { useCallback, useEffect, useState } from 'react';
import type { Result, ResultError } from '../../src-shared/result';
import { NO_ANSWER } from './useVaultCall';

/**
 * A value main answers for, loaded on mount and again whenever `load` changes (callers memoize it on
 * what the question depends on), `revision` changes (the answer may have) or `reload` is called.
 * `value` is null until the first answer; a failed load keeps the last value and sets `error`.
 */
export function useVaultQuery<Value>(load: () => Promise<Result<Value>>, revision = 0) {
  const [value, setValue] = useState<Value | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((count) => count + 1), []);

  useEffect(() => {
    // Answers can arrive out of order (a search typed on) or after the screen closed; only the newest request counts.
    let current = true;
    load().then(
      (result) => {
        if (!current) return;
        if (result.ok) setValue(result.value);
        setError(result.ok ? null : result.error);
      },
      () => {
        if (current) setError(NO_ANSWER);
      },
    );
    return () => {
      current = false;
    };
  }, [load, revision, attempt]);

  return { value, error, reload };
}
