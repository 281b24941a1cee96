import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { KEY_KINDS } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { isDueForReplacement, REPLACEMENT_REMINDER_DAYS } from '../../../src-shared/keys/replacement-reminder';
import { KIND_SHORT_LABELS } from '../../components/KindBadge';
import { countText } from '../../count-text';
import { arrangeKeys, isFiltered, KEY_SORTS, KEY_STATE_FILTERS, type KeyKindFilter, type KeyListView, type KeySort, type KeyStateFilter } from './key-list-order';
import { KeyRow, keyRowId } from './KeyRow';

interface KeyListPaneProps {
  /** Every key in the vault; null until loaded. */
  allKeys: KeySummary[] | null;
  /** The keys the search finds (all of them without one). */
  foundKeys: KeySummary[] | null;
  query: string;
  view: KeyListView;
  onViewChange: (view: KeyListView) => void;
  /** The key open in the detail pane, if any. */
  openId: string | null;
  onOpen: (id: string) => void;
  /** Above the rows, under the filters: the search field and the header's buttons. */
  header: ReactNode;
  /** The reminder to replace keys after N days (Settings); 0 when off. */
  reminderDays: number;
}

const MOVES: Record<string, (index: number, last: number) => number> = {
  ArrowDown: (index, last) => Math.min(index + 1, last),
  ArrowUp: (index) => Math.max(index - 1, 0),
  Home: () => 0,
  End: (_index, last) => last,
  PageDown: (index, last) => Math.min(index + 10, last),
  PageUp: (index) => Math.max(index - 10, 0),
};

/** The key list: filters, the count, and one row per key, which scroll on their own. Arrow keys move between rows. */
export function KeyListPane({ allKeys, foundKeys, query, view, onViewChange, openId, onOpen, header, reminderDays }: KeyListPaneProps) {
  const now = new Date();
  const isDue = (key: KeySummary) => isDueForReplacement(key, reminderDays, now);
  const dueCount = allKeys?.filter(isDue).length ?? 0;
  const shown = foundKeys ? arrangeKeys(foundKeys, view, isDue) : null;
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const tabbableId = [focusedId, openId].find((id) => id !== null && shown?.some((key) => key.id === id)) ?? shown?.[0]?.id ?? null;
  const openKey = openId === null ? undefined : allKeys?.find((key) => key.id === openId);
  const openIsHidden = openKey !== undefined && shown !== null && !shown.some((key) => key.id === openKey.id);
  const narrowed = query.trim() !== '' || isFiltered(view);

  function onListKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const move = MOVES[event.key];
    if (!move || !shown || shown.length === 0) return;
    event.preventDefault();
    const index = shown.findIndex((key) => key.id === tabbableId);
    const next = shown[move(Math.max(index, 0), shown.length - 1)];
    if (!next) return;
    setFocusedId(next.id);
    document.getElementById(keyRowId(next.id))?.focus();
  }

  return (
    <>
      <div className="keys-list__top">
        {header}
        <div className="key-filters">
          <div className="key-filters__sort">
            <label htmlFor="key-sort">Sort by</label>
            <select id="key-sort" value={view.sort} onChange={(event) => onViewChange({ ...view, sort: event.target.value as KeySort })}>
              {Object.entries(KEY_SORTS).map(([id, label]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <select aria-label="Show kind" value={view.kind} onChange={(event) => onViewChange({ ...view, kind: event.target.value as KeyKindFilter })}>
            <option value="all">All kinds</option>
            {KEY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_SHORT_LABELS[kind]}
              </option>
            ))}
          </select>
          <select aria-label="Show state" value={view.state} onChange={(event) => onViewChange({ ...view, state: event.target.value as KeyStateFilter })}>
            {Object.entries(KEY_STATE_FILTERS).map(([id, label]) =>
              id === 'due' && reminderDays === REPLACEMENT_REMINDER_DAYS.off ? null : (
                <option key={id} value={id}>
                  {id === 'due' ? `${label} (${dueCount})` : label}
                </option>
              ),
            )}
          </select>
        </div>
        {allKeys && shown && allKeys.length > 0 && (
          <p className="key-count small muted" aria-live="polite">
            {narrowed ? `${shown.length} of ${countText(allKeys.length, 'key')}` : countText(allKeys.length, 'key')}
          </p>
        )}
        {openIsHidden && <p className="key-count small muted">“{openKey.name}” stays open; the {query.trim() ? 'search' : 'filter'} hides it in the list.</p>}
        {shown && shown.length === 0 && narrowed && <p className="muted">No key matches this {query.trim() ? 'search' : 'filter'}.</p>}
      </div>
      <ul className="key-rows" aria-label="Keys in the vault" aria-describedby="key-rows-hint" onKeyDown={onListKeyDown}>
        {shown?.map((key) => (
          <li key={key.id}>
            <KeyRow
              keySummary={key}
              selected={key.id === openId}
              tabbable={key.id === tabbableId}
              dueForReplacement={isDue(key)}
              onOpen={() => {
                setFocusedId(key.id);
                onOpen(key.id);
              }}
            />
          </li>
        ))}
      </ul>
      <p id="key-rows-hint" className="visually-hidden">
        Up and down arrows move between keys; Enter opens one.
      </p>
    </>
  );
}
