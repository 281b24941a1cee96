import { useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { PassphraseField } from '../components/PassphraseField';
import { StrengthMeter } from '../components/StrengthMeter';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';
import type { Preferences } from '../../src-shared/settings/preferences';
import { LastBackupText, useBackupStatus } from './backup/BackupStatusProvider';
import { AppleCheckSettings } from './AppleCheckSettings';
import { PreferencesForm } from './PreferencesForm';
import { QuickUnlockSettings } from './QuickUnlockSettings';
import { ReplacementReminderSettings } from './ReplacementReminderSettings';

/** One line of backup status here; backing up and restoring live in Backup & share. */
function LastBackupSetting({ onOpenBackups }: { onOpenBackups: () => void }) {
  const { status } = useBackupStatus();
  if (!status) return null;
  return (
    <section aria-labelledby="backups-title" className="section">
      <h2 id="backups-title">Backups</h2>
      <p className="backup-status">
        <LastBackupText status={status} />{' '}
        <button type="button" className="link-button" onClick={onOpenBackups}>
          Back up or restore
        </button>
      </p>
    </section>
  );
}

export function SettingsScreen({ onThemeChange, onOpenBackups }: { onThemeChange: (theme: Preferences['theme']) => void; onOpenBackups: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [changed, setChanged] = useState(false);
  const { run, busy, error, setError } = useVaultCall((request: { current: string; next: string }) => vault().vaultChangePassphrase(request));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setChanged(false);
    if (next !== confirmation) {
      setError({ code: 'BAD_REQUEST', message: 'The two new passphrases differ. Type the same passphrase twice.' });
      return;
    }
    if ((await run({ current, next })).ok) {
      setCurrent('');
      setNext('');
      setConfirmation('');
      setChanged(true);
    }
  }

  return (
    <>
      <PreferencesForm onThemeChange={onThemeChange} />
      <QuickUnlockSettings />
      <AppleCheckSettings />
      <ReplacementReminderSettings />
      <LastBackupSetting onOpenBackups={onOpenBackups} />
      <section aria-labelledby="settings-title" className="section">
        <h2 id="settings-title">Change passphrase</h2>
        <p className="muted">Only the vault key is re-encrypted; your keys are untouched.</p>
        <form className="form" onSubmit={submit} aria-busy={busy}>
          <PassphraseField label="Current passphrase" value={current} onChange={setCurrent} autoComplete="current-password" />
          <PassphraseField label="New passphrase" value={next} onChange={setNext} autoComplete="new-password" describedBy="new-strength" />
          <StrengthMeter passphrase={next} id="new-strength" />
          <PassphraseField label="Type the new passphrase again" value={confirmation} onChange={setConfirmation} autoComplete="new-password" />
          <ErrorMessage error={error} />
          {changed && (
            <p className="success-message" role="status">
              Passphrase changed. Use the new one from now on.
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={busy || !current || !next}>
            {busy ? 'Changing…' : 'Change passphrase'}
          </button>
        </form>
      </section>
    </>
  );
}
