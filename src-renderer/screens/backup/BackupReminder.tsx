import { useState } from 'react';
import { countText } from '../../count-text';
import { useBackupStatus } from './BackupStatusProvider';

/**
 * The thin bar under the header while some key is newer than every backup. “Not now” hides it
 * until the next key is added, when it reminds again.
 */
export function BackupReminder({ hidden, onBackUp }: { hidden: boolean; onBackUp: () => void }) {
  const { status } = useBackupStatus();
  const [dismissedAtCount, setDismissedAtCount] = useState<number | null>(null);
  // Hidden rather than unmounted on the Backup & share screen, so “Not now” is remembered.
  if (hidden || !status?.remind || status.keysSinceBackup === dismissedAtCount) return null;
  const count = status.keysSinceBackup;
  return (
    <aside className="backup-reminder" aria-label="Backup reminder">
      <p>
        {status.lastBackupAt === null
          ? `${countText(count, 'key')} in this vault and no backup yet.`
          : `${countText(count, 'key')} added since the last backup.`}{' '}
        Apple keeps no copy of a key.
      </p>
      <div className="button-row">
        <button type="button" className="link-button" onClick={onBackUp}>
          Back up now
        </button>
        <button type="button" className="button button--quiet button--small" onClick={() => setDismissedAtCount(count)}>
          Not now
        </button>
      </div>
    </aside>
  );
}
