import { useEffect, useId, useState } from 'react';
import type { Preferences, PreferencesUpdate } from '../../src-shared/settings/preferences';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

const AUTO_LOCK_CHOICES = [1, 2, 5, 10, 15, 30, 60, 0];
const CLIPBOARD_CHOICES = [15, 30, 60, 120, 300];

/** Preferences kept outside the vault (electron-store): never a secret. */
export function PreferencesForm({ onThemeChange }: { onThemeChange: (theme: Preferences['theme']) => void }) {
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const { run, error } = useVaultCall((update: PreferencesUpdate) => vault().settingsUpdate(update));
  const ids = { autoLock: useId(), clipboard: useId(), theme: useId(), downloads: useId() };
  const [downloadsFolder, setDownloadsFolder] = useState('');

  useEffect(() => {
    void vault()
      .settingsGet()
      .then((result) => {
        if (!result.ok) return;
        setPreferences(result.value);
        setDownloadsFolder(result.value.downloadsFolder);
      });
  }, []);

  async function save(update: PreferencesUpdate) {
    const result = await run(update);
    if (!result.ok) return;
    setPreferences(result.value);
    onThemeChange(result.value.theme);
  }

  if (!preferences) return null;
  return (
    <section aria-labelledby="preferences-title" className="section">
      <h2 id="preferences-title">Preferences</h2>
      <div className="form">
        <div className="field">
          <label htmlFor={ids.autoLock}>Lock the vault after</label>
          <select id={ids.autoLock} value={preferences.autoLockMinutes} onChange={(event) => void save({ autoLockMinutes: Number(event.target.value) })}>
            {AUTO_LOCK_CHOICES.map((minutes) => (
              <option key={minutes} value={minutes}>
                {minutes === 0 ? 'Never when idle (still locks on sleep and screen lock)' : `${minutes} minute${minutes === 1 ? '' : 's'} without activity`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.clipboard}>Clear copied values from the clipboard after</label>
          <select id={ids.clipboard} value={preferences.clipboardClearSeconds} onChange={(event) => void save({ clipboardClearSeconds: Number(event.target.value) })}>
            {CLIPBOARD_CHOICES.map((seconds) => (
              <option key={seconds} value={seconds}>
                {seconds < 60 ? `${seconds} seconds` : `${seconds / 60} minute${seconds === 60 ? '' : 's'}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.theme}>Appearance</label>
          <select id={ids.theme} value={preferences.theme} onChange={(event) => void save({ theme: event.target.value as Preferences['theme'] })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.downloads}>Downloads folder to watch for new keys</label>
          <div className="field__row">
            <input
              id={ids.downloads}
              type="text"
              spellCheck={false}
              value={downloadsFolder}
              placeholder="The system’s Downloads folder"
              aria-describedby={`${ids.downloads}-hint`}
              onChange={(event) => setDownloadsFolder(event.target.value)}
              onBlur={() => downloadsFolder !== preferences.downloadsFolder && void save({ downloadsFolder: downloadsFolder.trim() })}
            />
          </div>
          <p className="field-hint" id={`${ids.downloads}-hint`}>
            Leave empty to use the system’s Downloads folder; set it if your browser saves downloads elsewhere.
          </p>
        </div>
        <ErrorMessage error={error} />
      </div>
    </section>
  );
}
