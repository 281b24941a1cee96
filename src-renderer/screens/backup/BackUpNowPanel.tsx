import { useState } from 'react';
import type { BackupResult } from '../../../src-shared/vault/backup';
import { countText } from '../../count-text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format-date-time';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { LastBackupText, useBackupStatus } from './BackupStatusProvider';

/** “Back up now”: main's save dialog, then a consistent copy of the whole vault, still encrypted. */
export function BackUpNowPanel() {
  const { status, refresh } = useBackupStatus();
  const [written, setWritten] = useState<BackupResult | null>(null);
  const backup = useVaultCall(() => vault().backupCreate());

  async function backUp() {
    setWritten(null);
    const result = await backup.run();
    if (!result.ok) return;
    // null: the user closed the save dialog.
    if (result.value) setWritten(result.value);
    refresh();
  }

  return (
    <section className="panel backup-part" aria-labelledby="backup-now-title" aria-busy={backup.busy}>
      <h3 id="backup-now-title">Back up now</h3>
      <p>
        A backup is a copy of the whole vault file, still encrypted under the vault passphrase. Keep it on another disk: it opens with the
        passphrase the vault has today, so make a new one after changing the passphrase.
      </p>
      {status && (
        <p className="backup-status">
          <strong>
            <LastBackupText status={status} />
          </strong>
          {status.remind && status.lastBackupAt !== null && <span className="muted"> {countText(status.keysSinceBackup, 'key')} added since then.</span>}
        </p>
      )}
      <ErrorMessage error={backup.error} />
      {written && (
        <p className="success-message" role="status">
          Backed up {countText(written.keyCount, 'key')} at {formatDateTime(written.at)} to <code>{written.path}</code>
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void backUp()} disabled={backup.busy}>
          {backup.busy ? 'Backing up…' : 'Back up…'}
        </button>
      </div>
    </section>
  );
}
