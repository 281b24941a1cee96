import { useId, useState } from 'react';
import { KEY_KIND_LABELS } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { countText } from '../../count-text';
import { KeyLine } from './KeyLine';

interface Props {
  keys: KeySummary[];
  selected: ReadonlySet<string>;
  onSelected: (next: ReadonlySet<string>) => void;
  /** Names the group, and its search, apart from another picker on the same screen. */
  legend?: string;
}

function matches(key: KeySummary, query: string): boolean {
  const text = `${key.name} ${key.keyId} ${key.issuerId ?? ''} ${KEY_KIND_LABELS[key.kind]} ${key.bundleIds.join(' ')} ${key.tags.join(' ')}`.toLowerCase();
  return query.split(/\s+/).every((word) => text.includes(word));
}

/**
 * The keys to put in a bundle: a search and select all / none above a list that scrolls by itself, so
 * a large vault's list never pushes the passphrase and Save out of reach. Selection survives a search.
 */
export function ShareKeyPicker({ keys, selected, onSelected, legend = 'Keys to share' }: Props) {
  const [query, setQuery] = useState('');
  const searchId = useId();
  const words = query.trim().toLowerCase();
  const shown = words === '' ? keys : keys.filter((key) => matches(key, words));
  const shownIds = new Set(shown.map((key) => key.id));
  // Counted over the vault's keys: a key removed since it was ticked (a restore) no longer counts.
  const selectedKeys = keys.filter((key) => selected.has(key.id));
  const hiddenSelected = selectedKeys.filter((key) => !shownIds.has(key.id)).length;

  function setAll(ids: string[], on: boolean) {
    const next = new Set(selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    onSelected(next);
  }

  return (
    <fieldset className="choice-group share-picker">
      <legend>{legend}</legend>
      <div className="share-picker__tools">
        <div className="field">
          <label htmlFor={searchId}>Search {legend.toLowerCase()}</label>
          <input id={searchId} type="search" value={query} placeholder="Name, Key ID, Issuer ID, bundle ID, tag" onChange={(event) => setQuery(event.target.value)} />
        </div>
        <div className="button-row">
          <button type="button" className="button button--small" disabled={shown.length === 0} onClick={() => setAll(shown.map((key) => key.id), true)}>
            {words === '' ? 'Select all' : `Select all ${shown.length} shown`}
          </button>
          <button type="button" className="button button--small" disabled={selectedKeys.length === hiddenSelected} onClick={() => setAll([...shownIds], false)}>
            {words === '' ? 'Select none' : `Unselect the ${shown.length} shown`}
          </button>
        </div>
        <p className="muted small share-picker__count" role="status">
          {countText(selectedKeys.length, 'key')} of {keys.length} selected
          {hiddenSelected > 0 && ` (${hiddenSelected} not shown by the search)`}
        </p>
      </div>
      {shown.length === 0 && <p className="muted">No key matches “{query.trim()}”.</p>}
      <ul className="share-picker__list" aria-label="Keys in the vault to choose from">
        {shown.map((key) => (
          <li key={key.id}>
            <label className="choice choice--key">
              <input type="checkbox" checked={selected.has(key.id)} onChange={(event) => setAll([key.id], event.target.checked)} />
              <KeyLine name={key.name} kind={key.kind} keyId={key.keyId} revoked={key.revoked} />
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
