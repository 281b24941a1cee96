import { useEffect, useId, useState, type FormEvent } from 'react';
import { isReplacementReminderDays, REPLACEMENT_REMINDER_DAYS, REPLACEMENT_REMINDER_PRESETS } from '../../src-shared/keys/replacement-reminder';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

const PRESET_NAMES: Record<(typeof REPLACEMENT_REMINDER_PRESETS)[number], string> = { 90: 'about 3 months', 180: 'about 6 months', 365: '1 year', 730: '2 years' };
const OTHER = 'other';
const isPreset = (days: number) => days === REPLACEMENT_REMINDER_DAYS.off || (REPLACEMENT_REMINDER_PRESETS as readonly number[]).includes(days);
const RANGE_TEXT = `Enter a whole number of days from ${REPLACEMENT_REMINDER_DAYS.min} to ${REPLACEMENT_REMINDER_DAYS.max}.`;

/** The optional reminder to replace keys after N days: a note in this app, nothing more. */
export function ReplacementReminderSettings() {
  const [days, setDays] = useState<number | null>(null);
  const [choosingOther, setChoosingOther] = useState(false);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { run, busy, error } = useVaultCall((replaceKeysAfterDays: number) => vault().settingsUpdate({ replaceKeysAfterDays }));
  const ids = { choice: useId(), days: useId() };

  useEffect(() => {
    void vault()
      .settingsGet()
      .then((result) => {
        if (!result.ok) return;
        setDays(result.value.replaceKeysAfterDays);
        setChoosingOther(!isPreset(result.value.replaceKeysAfterDays));
        setTyped(String(result.value.replaceKeysAfterDays));
      });
  }, []);

  async function save(next: number) {
    const result = await run(next);
    if (!result.ok) return;
    setDays(result.value.replaceKeysAfterDays);
    setTyped(String(result.value.replaceKeysAfterDays));
  }

  function choose(value: string) {
    setProblem(null);
    if (value === OTHER) {
      setChoosingOther(true);
      setTyped(days ? String(days) : '');
      return;
    }
    setChoosingOther(false);
    void save(Number(value));
  }

  function saveTyped(event: FormEvent) {
    event.preventDefault();
    const next = Number(typed.trim());
    if (typed.trim() === '' || next === REPLACEMENT_REMINDER_DAYS.off || !isReplacementReminderDays(next)) {
      setProblem(RANGE_TEXT);
      return;
    }
    setProblem(null);
    void save(next);
  }

  if (days === null) return null;
  return (
    <section aria-labelledby="replacement-reminder-title" className="section">
      <h2 id="replacement-reminder-title">Reminder to replace keys</h2>
      <p className="muted">
        Marks a key still in use as due for replacement once it has been in this vault for the days you choose, counted from the day it was
        added here. The reminder shows in this app only; nothing is sent anywhere. Apple’s keys do not expire: replacing one is your team’s policy.
      </p>
      <form className="form" onSubmit={saveTyped} aria-busy={busy} noValidate>
        <div className="field">
          <label htmlFor={ids.choice}>Remind me to replace keys</label>
          <select id={ids.choice} value={choosingOther ? OTHER : days} disabled={busy} onChange={(event) => choose(event.target.value)}>
            <option value={REPLACEMENT_REMINDER_DAYS.off}>Never (off)</option>
            {REPLACEMENT_REMINDER_PRESETS.map((preset) => (
              <option key={preset} value={preset}>
                {preset} days after adding them ({PRESET_NAMES[preset]})
              </option>
            ))}
            <option value={OTHER}>Another number of days…</option>
          </select>
        </div>
        {choosingOther && (
          <div className="field">
            <label htmlFor={ids.days}>Days after adding a key</label>
            <div className="field__row">
              <input
                id={ids.days}
                type="number"
                inputMode="numeric"
                min={REPLACEMENT_REMINDER_DAYS.min}
                max={REPLACEMENT_REMINDER_DAYS.max}
                step={1}
                value={typed}
                aria-describedby={`${ids.days}-hint`}
                aria-invalid={problem ? true : undefined}
                onChange={(event) => setTyped(event.target.value)}
              />
              <button type="submit" className="button" disabled={busy}>
                Save
              </button>
            </div>
            <p className={`field-hint${problem ? ' field-hint--error' : ''}`} id={`${ids.days}-hint`}>
              {problem ?? `From ${REPLACEMENT_REMINDER_DAYS.min} to ${REPLACEMENT_REMINDER_DAYS.max} days.`}
            </p>
          </div>
        )}
        <ErrorMessage error={error} />
        <p className={days === REPLACEMENT_REMINDER_DAYS.off ? 'muted' : 'success-message'} role="status">
          {days === REPLACEMENT_REMINDER_DAYS.off
            ? 'Off: no key is shown as due for replacement.'
            : `On: a key still in use is shown as due for replacement ${days} days after it was added.`}
        </p>
      </form>
    </section>
  );
}
