import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { BackupStatus } from '../../../src-shared/vault/backup';
import { formatDateTime } from '../../format-date-time';
import { useVaultQuery } from '../../hooks/useVaultQuery';
import { vault } from '../../vault-client';

interface BackupStatusValue {
  /** Null until main has answered (or while it cannot, e.g. during a lock). */
  status: BackupStatus | null;
  /** Asks main again: after a key is added, a backup is made or a restore changes the vault. */
  refresh: () => void;
}

// Without a provider (a screen rendered on its own) there is simply no status to show.
const BackupStatusContext = createContext<BackupStatusValue>({ status: null, refresh: () => undefined });

const loadBackupStatus = () => vault().backupStatus();

/** Keeps backup.status for the reminder bar, Settings, the Backup & share screen and guided setup's last step. */
export function BackupStatusProvider({ children }: { children: ReactNode }) {
  const { value: status, reload: refresh } = useVaultQuery(loadBackupStatus);

  const value = useMemo(() => ({ status, refresh }), [status, refresh]);
  return <BackupStatusContext.Provider value={value}>{children}</BackupStatusContext.Provider>;
}

export function useBackupStatus(): BackupStatusValue {
  return useContext(BackupStatusContext);
}

/** “Last backup: Nov 25, 2026, 12:50 PM” or that there has been none. */
export function LastBackupText({ status }: { status: BackupStatus }) {
  if (status.lastBackupAt === null) return <>This vault has never been backed up.</>;
  return (
    <>
      Last backup: <time dateTime={status.lastBackupAt}>{formatDateTime(status.lastBackupAt)}</time>
    </>
  );
}
