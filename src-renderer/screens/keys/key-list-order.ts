import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';

export const KEY_SORTS = { name: 'Name', added: 'Recently added', used: 'Recently used' } as const;
export type KeySort = keyof typeof KEY_SORTS;

export const KEY_STATE_FILTERS = { all: 'Any state', active: 'Active', revoked: 'Revoked', due: 'Due for replacement' } as const;
export type KeyStateFilter = keyof typeof KEY_STATE_FILTERS;

export type KeyKindFilter = KeyKind | 'all';

export interface KeyListView {
  sort: KeySort;
  kind: KeyKindFilter;
  state: KeyStateFilter;
}

export const DEFAULT_KEY_LIST_VIEW: KeyListView = { sort: 'name', kind: 'all', state: 'all' };

const newestFirst = (a: string | undefined, b: string | undefined) => (b ?? '').localeCompare(a ?? '');

function inState(key: KeySummary, state: KeyStateFilter, isDue: (key: KeySummary) => boolean): boolean {
  if (state === 'due') return isDue(key);
  return state === 'all' || key.revoked === (state === 'revoked');
}

/** The keys the list shows, in its order. Main's order (active first, then by name) breaks every tie. */
export function arrangeKeys(keys: readonly KeySummary[], view: KeyListView, isDue: (key: KeySummary) => boolean): KeySummary[] {
  const shown = keys.filter((key) => (view.kind === 'all' || key.kind === view.kind) && inState(key, view.state, isDue));
  if (view.sort === 'added') return shown.sort((a, b) => newestFirst(a.createdAt, b.createdAt));
  if (view.sort === 'used') return shown.sort((a, b) => newestFirst(a.lastUsedAt, b.lastUsedAt));
  return shown;
}

export function isFiltered(view: KeyListView): boolean {
  return view.kind !== 'all' || view.state !== 'all';
}
