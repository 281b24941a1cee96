import { useState } from 'react';
import { KEY_KIND_LABELS, type KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeyFileRef, KeyImportResult } from '../../../src-shared/keys/key-record';
import type { ResultError } from '../../../src-shared/result';
import type { BackupResult } from '../../../src-shared/vault/backup';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KindBadge } from '../../components/KindBadge';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { useBackupStatus } from '../backup/BackupStatusProvider';

export interface SaveSummary {
  kind: KeyKind;
  fileName: string;
  keyId: string;
  issuerId: string | null;
  bundleIds: string[];
  name: string;
}

/** Step 7 before saving: everything the vault will record, checked once more by main on “Add to vault”. */
export function SaveStep({ summary, error }: { summary: SaveSummary; error: ResultError | null }) {
  return (
    <>
      <p className="walkthrough__lead">The app checks the file against these details once more, then stores it encrypted.</p>
      <dl className="facts facts--compact">
        <dt>Kind</dt>
        <dd>
          <KindBadge kind={summary.kind} /> {KEY_KIND_LABELS[summary.kind]}
        </dd>
        <dt>File</dt>
        <dd>
          <code>{summary.fileName}</code>
        </dd>
        <dt>Key ID</dt>
        <dd>
          <code>{summary.keyId}</code>
        </dd>
        {summary.issuerId !== null && (
          <>
            <dt>Issuer ID</dt>
            <dd>
              <code>{summary.issuerId}</code>
            </dd>
          </>
        )}
        <dt>Bundle IDs</dt>
        <dd>{summary.bundleIds.length > 0 ? summary.bundleIds.join(', ') : <span className="muted">None</span>}</dd>
        <dt>Name</dt>
        <dd>{summary.name}</dd>
      </dl>
      <ErrorMessage error={error} />
    </>
  );
}

interface SavedProps {
  keyId: string;
  /** Gone after the vault locked and unlocked again: results from the vault are not kept while locked. */
  result: KeyImportResult | null;
  sourceFile: KeyFileRef | null;
  sourceDeleted: boolean;
  onSourceDeleted: () => void;
}

/** Step 7 after saving: the summary, the plaintext file, and a backup that includes the new key. */
export function SavedStep({ keyId, result, sourceFile, sourceDeleted, onSourceDeleted }: SavedProps) {
  const remove = useVaultCall((fileId: string) => vault().keysDeleteSourceFile({ fileId }));
  const backup = useVaultCall(() => vault().backupCreate());
  const [backedUp, setBackedUp] = useState<BackupResult | null>(null);
  const { refresh: refreshBackupStatus } = useBackupStatus();

  async function deleteSource() {
    if (sourceFile && (await remove.run(sourceFile.fileId)).ok) onSourceDeleted();
  }

  async function backUp() {
    const created = await backup.run();
    // null: the user closed the save dialog.
    if (!created.ok || !created.value) return;
    setBackedUp(created.value);
    refreshBackupStatus();
  }

  return (
    <>
      <div className="notice notice--success" role="status">
        <div>
          <p>
            <strong>{result ? `“${result.key.name}”` : `Key ${keyId}`} is in the vault</strong>, checked against the file byte for byte.
          </p>
          {result?.notices.map((notice) => (
            <p key={notice} className="small">
              {notice}
            </p>
          ))}
        </div>
      </div>
      <section className="walkthrough__section" aria-labelledby="plaintext-title">
        <h4 id="plaintext-title" className="walkthrough__subheading">
          The plaintext file
        </h4>
        {sourceFile && !sourceDeleted && (
          <>
            <p>
              <code>{sourceFile.fileName}</code> is still on disk, unencrypted. The vault now holds the key; delete the file?
            </p>
            <ErrorMessage error={remove.error} />
            <button type="button" className="button" onClick={() => void deleteSource()} disabled={remove.busy}>
              Delete {sourceFile.fileName}
            </button>
          </>
        )}
        {sourceDeleted && <p role="status">The plaintext file was deleted.</p>}
      </section>
      <section className="walkthrough__section" aria-labelledby="backup-title" aria-busy={backup.busy}>
        <h4 id="backup-title" className="walkthrough__subheading">
          Back up the vault
        </h4>
        {/* A backup cannot postdate a key added a moment ago, so the prompt shows until one is made here. */}
        <p role="status">
          {backedUp ? (
            <>
              Backed up, this key included, to <code>{backedUp.path}</code>.
            </>
          ) : (
            'No backup has been made since this key was added, and Apple keeps no copy of it.'
          )}
        </p>
        <ErrorMessage error={backup.error} />
        <button type="button" className="button" onClick={() => void backUp()} disabled={backup.busy} aria-describedby="backup-note">
          {backup.busy ? 'Backing up…' : backedUp ? 'Back up again…' : 'Back up the vault…'}
        </button>
        <p className="muted small" id="backup-note">
          The backup is a copy of the whole vault, still encrypted under your vault passphrase. Save it on another disk.
        </p>
      </section>
    </>
  );
}
