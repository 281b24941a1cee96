import { useCallback, useEffect, useState } from 'react';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { ResultError } from '../../src-shared/result';
import { vault } from '../vault-client';
import { NO_ANSWER } from './useVaultCall';

export interface KeyListOptions {
  /** Main's search over name, Key ID, Issuer ID, bundle IDs and tags; empty lists every key. */
  query?: string;
  /** Changing it loads the list again, after something changed the keys. */
  revision?: number;
}

/**
 * The vault's keys as main lists them, loaded on mount and again when the query or revision changes.
 * `keys` is null until the first answer; a failed load keeps the last list and sets `error`, and
 * `reload` asks again.
 */
export function useKeyList({ query = '', revision = 0 }: KeyListOptions = {}) {
  const [keys, setKeys] = useState<KeySummary[] | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((value) => value + 1), []);

  useEffect(() => {
    // Answers can arrive out of order while the user types, or after the screen closed; only the newest request counts.
    let current = true;
    void vault()
      .keysList({ query })
      .then(
        (result) => {
          if (!current) return;
          if (result.ok) setKeys(result.value);
          setError(result.ok ? null : result.error);
        },
        () => {
          if (current) setError(NO_ANSWER);
        },
      );
    return () => {
      current = false;
    };
  }, [query, revision, attempt]);

  return { keys, error, reload };
}
