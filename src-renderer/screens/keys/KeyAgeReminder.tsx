import type { KeySummary } from '../../../src-shared/keys/key-record';
import { daysSinceAdded, isDueForReplacement } from '../../../src-shared/keys/replacement-reminder';
import { countText } from '../../count-text';
import { useReplacementReminderDays } from '../../hooks/useReplacementReminderDays';
import { keyAgeText } from '../../key-age';

/** The key list's mark for a key past the reminder to replace keys. */
export function DueForReplacementBadge({ compact = false }: { compact?: boolean }) {
  return (
    <span className="badge badge--due" title="Due for replacement: in the vault longer than your reminder (Settings) allows">
      {compact ? 'Replace' : 'Due for replacement'}
      {compact && <span className="visually-hidden"> (due for replacement)</span>}
    </span>
  );
}

/** On a key's page, once the key is past the reminder to replace keys: its age and the setting, and a way to replace it when one is given. */
export function KeyAgeReminder({ keySummary, onReplace }: { keySummary: KeySummary; onReplace?: () => void }) {
  const reminderDays = useReplacementReminderDays();
  const now = new Date();
  if (!isDueForReplacement(keySummary, reminderDays, now)) return null;
  const age = keyAgeText(keySummary.createdAt, now);
  const days = daysSinceAdded(keySummary.createdAt, now);
  return (
    <div className="notice notice--warning key-age-reminder" role="group" aria-label="Due for replacement">
      <div>
        <p>
          <strong>Due for replacement.</strong> Added {age}
          {age.endsWith('days ago') ? '' : ` (${countText(days, 'day')})`}; your reminder is {countText(reminderDays, 'day')}.
        </p>
        <p className="small muted">Counted from the day the key was added to this vault. Apple’s keys do not expire; change or turn off the reminder in Settings.</p>
        {onReplace && (
          <button type="button" className="button" onClick={onReplace}>
            Replace this key…
          </button>
        )}
      </div>
    </div>
  );
}
