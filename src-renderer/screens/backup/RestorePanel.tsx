import { useEffect, useState, type FormEvent } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { ResultError } from '../../../src-shared/result';
import type { BackupContents, RestoreMergeResult, RestoreMode, RestoreReplaceResult } from '../../../src-shared/vault/backup';
import { countText } from '../../count-text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useKeyList } from '../../hooks/useKeyList';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { useBackupStatus } from './BackupStatusProvider';
import { EncryptedFileOpener } from './EncryptedFileOpener';
import { KeyLine } from './KeyLine';

type Outcome = { mode: 'merge'; result: RestoreMergeResult } | { mode: 'replace'; result: RestoreReplaceResult };

/**
 * Restore: choose a backup, open it with its passphrase, see its keys, then merge the keys this vault
 * lacks or (after a confirmation) replace the vault, whose file main keeps aside.
 */
export function RestorePanel({ onVaultChanged }: { onVaultChanged: () => void }) {
  const { refresh } = useBackupStatus();
  const [fileName, setFileName] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [contents, setContents] = useState<BackupContents | null>(null);
  const [confirmingReplace, setConfirmingReplace] = useState(false);
  const [runningMode, setRunningMode] = useState<RestoreMode | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const choose = useVaultCall(() => vault().backupChooseFile());
  const open = useVaultCall((request: { passphrase: string }) => vault().backupOpen(request));
  const restore = useVaultCall((request: { passphrase: string; mode: RestoreMode }) => vault().backupRestore(request));
  const busy = open.busy || restore.busy;

  function startOver(nextFileName: string | null) {
    setFileName(nextFileName);
    setPassphrase('');
    setContents(null);
    setConfirmingReplace(false);
    open.setError(null);
    restore.setError(null);
  }

  async function chooseFile() {
    const result = await choose.run();
    if (!result.ok) return;
    setOutcome(null);
    // Cancelling the dialog also forgets the file main had picked, so the form starts over either way.
    startOver(result.value?.fileName ?? null);
  }

  async function openBackup(event: FormEvent) {
    event.preventDefault();
    const result = await open.run({ passphrase });
    if (result.ok) setContents(result.value);
  }

  async function runRestore(mode: RestoreMode) {
    setRunningMode(mode);
    const result = await restore.run({ passphrase, mode });
    setRunningMode(null);
    if (!result.ok) return;
    setOutcome('replacedFile' in result.value ? { mode: 'replace', result: result.value } : { mode: 'merge', result: result.value });
    startOver(null);
    refresh();
    onVaultChanged();
  }

  const missing = contents?.missingFromVault ?? [];
  const missingIds = new Set(missing.map((key) => key.fingerprint));

  return (
    <section className="panel backup-part" aria-labelledby="restore-title" aria-busy={busy}>
      <h3 id="restore-title">Restore from a backup</h3>
      <p>Open a backup with the passphrase the vault had when the backup was made. You see its keys before anything changes.</p>
      {outcome && <RestoreOutcome outcome={outcome} />}
      <EncryptedFileOpener
        noun="backup"
        fileName={fileName}
        busy={busy}
        onChoose={() => void chooseFile()}
        chooseError={choose.error}
        askPassphrase={!contents}
        passphrase={passphrase}
        onPassphraseChange={setPassphrase}
        onOpen={(event) => void openBackup(event)}
        opening={open.busy}
        openError={open.error}
      />

      {contents && (
        <div className="backup-contents">
          <h4 className="backup-part__subheading">In the backup: {countText(contents.keys.length, 'key')}</h4>
          {contents.keys.length > 0 && (
            <ul className="key-lines" aria-label="Keys in the backup">
              {contents.keys.map((key) => (
                <li key={key.id}>
                  <KeyLine name={key.name} kind={key.kind} keyId={key.keyId} revoked={key.revoked}>
                    {missingIds.has(key.fingerprint) ? <span className="badge badge--new">Not in this vault</span> : <span className="muted">Already in this vault</span>}
                  </KeyLine>
                </li>
              ))}
            </ul>
          )}
          <p>
            {missing.length > 0
              ? `${countText(missing.length, 'key')} of the backup ${missing.length === 1 ? 'is' : 'are'} not in this vault.`
              : 'This vault already holds every key in the backup.'}
          </p>
          <ErrorMessage error={confirmingReplace ? null : restore.error} />
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void runRestore('merge')} disabled={busy || missing.length === 0}>
              {runningMode === 'merge' ? 'Decrypting…' : `Add the missing ${missing.length === 1 ? 'key' : 'keys'}`}
            </button>
            <button type="button" className="button button--danger" onClick={() => setConfirmingReplace(true)} disabled={busy} aria-expanded={confirmingReplace}>
              Replace this vault…
            </button>
            <button type="button" className="button button--quiet" onClick={() => startOver(null)} disabled={busy}>
              Close the backup
            </button>
          </div>
          {confirmingReplace && (
            <ReplaceConfirmation
              backupKeys={contents.keys}
              busy={runningMode === 'replace'}
              error={restore.error}
              onReplace={() => void runRestore('replace')}
              onCancel={() => {
                setConfirmingReplace(false);
                restore.setError(null);
              }}
            />
          )}
        </div>
      )}
    </section>
  );
}

interface ReplaceConfirmationProps {
  backupKeys: KeySummary[];
  busy: boolean;
  error: ResultError | null;
  onReplace: () => void;
  onCancel: () => void;
}

/** Says what replacing does, including that the current vault file is kept aside, before it happens. */
function ReplaceConfirmation({ backupKeys, busy, error, onReplace, onCancel }: ReplaceConfirmationProps) {
  const [vaultPath, setVaultPath] = useState('');
  const keyList = useKeyList();
  const inBackup = new Set(backupKeys.map((key) => key.fingerprint));
  const lost = (keyList.keys ?? []).filter((key) => !inBackup.has(key.fingerprint));
  // The confirmation names the keys a replace drops, so it waits for the list (or says it could not load it).
  const listing = keyList.keys === null && keyList.error === null;

  useEffect(() => {
    void vault()
      .vaultStatus()
      .then((result) => result.ok && setVaultPath(result.value.path));
  }, []);

  return (
    <div className="notice notice--danger replace-confirmation" role="alertdialog" aria-labelledby="replace-title" aria-describedby="replace-description">
      <h4 id="replace-title" className="backup-part__subheading">
        Replace this vault with the backup?
      </h4>
      <div id="replace-description">
        <p>
          The vault will then hold exactly the backup’s {countText(backupKeys.length, 'key')}
          {lost.length > 0 && (
            <>
              , and no longer {lost.length === 1 ? 'this key' : `these ${lost.length} keys`} that only this vault has: {lost.map((key) => key.name).join(', ')}
            </>
          )}
          .
        </p>
        <p>
          The current vault file is not deleted: it is kept aside next to the vault as{' '}
          <code>{vaultPath ? `${vaultPath}.replaced-…` : 'vault.sqlite.replaced-…'}</code> (with the date and time), so you can go back to it.
          Afterwards the vault opens with the backup’s passphrase.
        </p>
      </div>
      <ErrorMessage error={keyList.error} onRetry={keyList.reload} />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="button" className="button button--danger" onClick={onReplace} disabled={busy || listing}>
          {busy ? 'Decrypting…' : 'Replace the vault'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy} autoFocus>
          Keep this vault
        </button>
      </div>
    </div>
  );
}

function RestoreOutcome({ outcome }: { outcome: Outcome }) {
  if (outcome.mode === 'merge') {
    const { imported, alreadyPresent } = outcome.result;
    return (
      <div className="notice notice--success" role="status">
        <p>
          <strong>Added {countText(imported.length, 'key')} from the backup</strong>
          {imported.length > 0 && `: ${imported.map((key) => key.name).join(', ')}`}.
          {alreadyPresent.length > 0 && ` ${countText(alreadyPresent.length, 'key')} ${alreadyPresent.length === 1 ? 'was' : 'were'} already in this vault.`}
        </p>
      </div>
    );
  }
  const { keys, replacedFile } = outcome.result;
  return (
    <div className="notice notice--success" role="status">
      <div>
        <p>
          <strong>The vault now holds the backup’s {countText(keys.length, 'key')}.</strong> From now on it opens with the backup’s passphrase.
        </p>
        {replacedFile && (
          <p>
            The replaced vault file was kept as <code>{replacedFile}</code>.
          </p>
        )}
      </div>
    </div>
  );
}
