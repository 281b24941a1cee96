import { useCallback, useEffect, useState } from 'react';
import type { AuditEvent } from '../../src-shared/vault/audit-event';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { formatDateTime } from '../format-date-time';
import { vault } from '../vault-client';

const PAGE_SIZE = 50;

/** The decrypted audit log, newest first. */
export function ActivityScreen() {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const fetchPage = useCallback((offset: number) => vault().vaultEvents({ offset, limit: PAGE_SIZE }), []);
  const { run, busy, error } = useVaultCall(fetchPage);

  const loadMore = useCallback(
    (offset: number) =>
      run(offset).then((page) => {
        if (!page.ok) return;
        setEvents((previous) => (offset === 0 ? page.value.events : [...previous, ...page.value.events]));
        setTotal(page.value.total);
      }),
    [run],
  );

  useEffect(() => {
    void loadMore(0);
  }, [loadMore]);

  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <p className="muted">Everything that changed in this vault, newest first. The log is stored encrypted in the vault.</p>
      <ErrorMessage error={error} />
      {total === 0 && <p>No activity yet.</p>}
      <ol className="activity-list">
        {events.map((event) => (
          <li key={event.id} className="activity-list__item">
            <time dateTime={event.at}>{formatDateTime(event.at)}</time>
            <span>{event.summary}</span>
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
