import { useCallback } from 'react';
import { vault } from '../vault-client';
import { useVaultQuery } from './useVaultQuery';

export interface KeyListOptions {
  /** Changing it loads the list again, after something changed the keys. */
  revision?: number;
}

/**
 * Every key in the vault as main lists them (keys.list), loaded on mount and again when the revision
 * changes. `keys` is null until the first answer; a failed load keeps the last list and sets `error`,
 * and `reload` asks again. Screens search what it answered with keyMatcher, asking main nothing more.
 */
export function useKeyList({ revision = 0 }: KeyListOptions = {}) {
  const load = useCallback(() => vault().keysList({ query: '' }), []);
  const { value: keys, error, reload } = useVaultQuery(load, revision);
  return { keys, error, reload };
}
