import { useState } from 'react';
import { BackUpNowPanel } from './backup/BackUpNowPanel';
import { ImportBundlePanel } from './backup/ImportBundlePanel';
import { RestorePanel } from './backup/RestorePanel';
import { ShareBundlePanel } from './backup/ShareBundlePanel';
import { ShareToRecipientsPanel } from './backup/ShareToRecipientsPanel';
import { VaultRecipientPanel } from './backup/VaultRecipientPanel';

/** Backups of the whole vault (under its passphrase) and encrypted bundles of chosen keys for teammates. */
export function BackupShareScreen() {
  // Bumped when a restore or an import changes the keys, so the share list shows them.
  const [keysRevision, setKeysRevision] = useState(0);
  const keysChanged = () => setKeysRevision((value) => value + 1);
  return (
    <div className="backup-share">
      <h2>Backup &amp; share</h2>
      <div className="backup-share__group">
        <BackUpNowPanel />
        <RestorePanel onVaultChanged={keysChanged} />
      </div>
      <div className="backup-share__group">
        <ShareBundlePanel keysRevision={keysRevision} />
        <ImportBundlePanel onVaultChanged={keysChanged} />
      </div>
      <div className="backup-share__group">
        <ShareToRecipientsPanel keysRevision={keysRevision} />
        <VaultRecipientPanel />
      </div>
    </div>
  );
}
