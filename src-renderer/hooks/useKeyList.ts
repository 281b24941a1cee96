import { useCallback } from 'react';
import { vault } from '../vault-client';
import { useVaultQuery } from './useVaultQuery';

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
  const load = useCallback(() => vault().keysList({ query }), [query]);
  const { value: keys, error, reload } = useVaultQuery(load, revision);
  return { keys, error, reload };
}
