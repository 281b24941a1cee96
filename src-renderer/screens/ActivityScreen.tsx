import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { AUDIT_EVENT_TYPE_LABELS, AUDIT_EVENT_TYPES, type AuditEvent, type AuditEventType } from '../../src-shared/vault/audit-event';
import { foldRepeatedUnlocks } from '../activity-lines';
import { ErrorMessage } from '../components/ErrorMessage';
import { countText } from '../count-text';
import { formatDateTime } from '../format-date-time';
import { useKeyList } from '../hooks/useKeyList';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

const PAGE_SIZE = 50;
const SOURCE_LABELS = { app: 'App', cli: 'CLI' } as const;

interface Filter {
  query: string;
  type: AuditEventType | '';
  itemId: string;
}

/** The decrypted audit log, newest first, searchable and filtered by type and key; runs of unlocks fold into one line. */
export function ActivityScreen() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [filter, setFilter] = useState<Filter>({ query: '', type: '', itemId: '' });
  const { keys } = useKeyList();
  const searchId = useId();
  const typeId = useId();
  const keyId = useId();
  const fetchPage = useCallback(
    (offset: number) =>
      vault().vaultEvents({
        offset,
        limit: PAGE_SIZE,
        ...(filter.query.trim() ? { query: filter.query.trim() } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...(filter.itemId ? { itemId: filter.itemId } : {}),
      }),
    [filter],
  );
  const { run, busy, error } = useVaultCall(fetchPage);
  // Typing answers arrive out of order; only the newest request's answer is shown.
  const latest = useRef(0);

  const loadMore = useCallback(
    (offset: number) => {
      const request = ++latest.current;
      return run(offset).then((page) => {
        if (!page.ok || request !== latest.current) return;
        setEvents((previous) => (offset === 0 ? page.value.events : [...previous, ...page.value.events]));
        setTotal(page.value.total);
      });
    },
    [run],
  );

  useEffect(() => {
    void loadMore(0);
  }, [loadMore]);

  const filtered = filter.query.trim() !== '' || filter.type !== '' || filter.itemId !== '';
  const lines = foldRepeatedUnlocks(events);

  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <p className="muted">Everything that changed in this vault, newest first, from this app and from the command line. The log is stored encrypted in the vault.</p>
      <div className="activity-filters" role="search" aria-label="Filter activity">
        <div className="field">
          <label htmlFor={searchId}>Search activity</label>
          <input id={searchId} type="search" value={filter.query} placeholder="Words in the event, a Key ID, a file name" onChange={(event) => setFilter({ ...filter, query: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select id={typeId} value={filter.type} onChange={(event) => setFilter({ ...filter, type: event.target.value as AuditEventType | '' })}>
            <option value="">All types</option>
            {AUDIT_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {AUDIT_EVENT_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={keyId}>Key</label>
          <select id={keyId} value={filter.itemId} onChange={(event) => setFilter({ ...filter, itemId: event.target.value })}>
            <option value="">All keys</option>
            {(keys ?? []).map((key) => (
              <option key={key.id} value={key.id}>
                {key.name} ({key.keyId})
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={error} />
      {total !== null && (
        <p className="muted small" role="status">
          {filtered ? `${countText(total, 'event')} match` : countText(total, 'event')}
        </p>
      )}
      {total === 0 && <p>{filtered ? 'Nothing matches. Clear the search or choose another type or key.' : 'No activity yet.'}</p>}
      <ol className="activity-list">
        {lines.map(({ event, count, earliestAt }) => (
          <li key={event.id} className="activity-list__item">
            <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            <span>
              {event.summary}
              {count > 1 && (
                <span className="activity-list__count">
                  {' '}
                  · {count} times since {formatDateTime(earliestAt)}
                </span>
              )}
            </span>
            <span className="activity-list__source">{event.source ? SOURCE_LABELS[event.source] : ''}</span>
          </li>
        ))}
      </ol>
      {total !== null && events.length < total && (
        <button type="button" className="button" disabled={busy} onClick={() => void loadMore(events.length)}>
          {busy ? 'Loading…' : `Show older (${total - events.length} more)`}
        </button>
      )}
    </section>
  );
}
