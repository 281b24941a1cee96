import { useState, type FormEvent } from 'react';
import type { BundleImportResult, BundlePreview, BundlePreviewKey } from '../../../src-shared/exports/bundle';
import { countText } from '../../count-text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime } from '../../format-date-time';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { useBackupStatus } from './BackupStatusProvider';
import { EncryptedFileOpener } from './EncryptedFileOpener';
import { KeyLine } from './KeyLine';

/**
 * A teammate's bundle: choose it, open it with its passphrase to see every key (checked as a normal
 * import checks it, duplicates marked), then import all of it or nothing.
 */
export function ImportBundlePanel({ onVaultChanged }: { onVaultChanged: () => void }) {
  const { refresh } = useBackupStatus();
  const [fileName, setFileName] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [passphraseNeeded, setPassphraseNeeded] = useState(true);
  const [preview, setPreview] = useState<BundlePreview | null>(null);
  const [imported, setImported] = useState<BundleImportResult | null>(null);
  const choose = useVaultCall(() => vault().bundleChooseFile());
  const open = useVaultCall((request: { passphrase: string }) => vault().bundlePreview(request));
  const importer = useVaultCall((request: { passphrase: string }) => vault().bundleImport(request));
  const busy = open.busy || importer.busy;

  function startOver(nextFileName: string | null) {
    setFileName(nextFileName);
    setPassphrase('');
    setPreview(null);
    open.setError(null);
    importer.setError(null);
  }

  async function chooseFile() {
    const result = await choose.run();
    if (!result.ok) return;
    setImported(null);
    // Cancelling the dialog also forgets the file main had picked, so the form starts over either way.
    startOver(result.value?.fileName ?? null);
    setPassphraseNeeded(result.value?.needsPassphrase ?? true);
  }

  async function openBundle(event: FormEvent) {
    event.preventDefault();
    const result = await open.run({ passphrase });
    if (result.ok) setPreview(result.value);
  }

  async function importBundle() {
    const result = await importer.run({ passphrase });
    if (!result.ok) return;
    setImported(result.value);
    startOver(null);
    refresh();
    onVaultChanged();
  }

  const refused = preview?.keys.filter((key) => key.problem) ?? [];
  const duplicates = preview?.keys.filter((key) => key.duplicateOf) ?? [];

  return (
    <section className="panel backup-part" aria-labelledby="import-bundle-title" aria-busy={busy}>
      <h3 id="import-bundle-title">Import a teammate’s bundle</h3>
      <p>Open the .age file a teammate sent with the passphrase they gave you. You see every key in it before anything is added.</p>
      {imported && <ImportOutcome result={imported} />}
      <EncryptedFileOpener
        noun="bundle"
        fileName={fileName}
        busy={busy}
        onChoose={() => void chooseFile()}
        chooseError={choose.error}
        askPassphrase={!preview}
        passphrase={passphrase}
        onPassphraseChange={setPassphrase}
        onOpen={(event) => void openBundle(event)}
        opening={open.busy}
        openError={open.error}
        passphraseNeeded={passphraseNeeded}
      />

      {preview && (
        <div className="backup-contents">
          <h4 className="backup-part__subheading">In the bundle: {countText(preview.keys.length, 'key')}</h4>
          <p className="muted small">
            Made <time dateTime={preview.createdAt}>{formatDateTime(preview.createdAt)}</time> (bundle format {preview.formatVersion}).
          </p>
          <ul className="key-lines" aria-label="Keys in the bundle">
            {preview.keys.map((key) => (
              <li key={key.index}>
                <BundleKeyLine bundleKey={key} />
              </li>
            ))}
          </ul>
          {refused.length > 0 ? (
            <p className="error-message">
              {countText(refused.length, 'key')} in this bundle {refused.length === 1 ? 'fails' : 'fail'} the checks a normal import makes, so the bundle
              cannot be imported: it is all or nothing. Ask for a corrected bundle.
            </p>
          ) : (
            <p>
              {preview.importable > 0 ? `Importing adds ${countText(preview.importable, 'key')}` : 'This vault already holds every key in the bundle'}
              {duplicates.length > 0 && preview.importable > 0 && `; ${countText(duplicates.length, 'key')} already in this vault ${duplicates.length === 1 ? 'is' : 'are'} skipped`}.
            </p>
          )}
          <ErrorMessage error={importer.error} />
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void importBundle()} disabled={busy || refused.length > 0 || preview.importable === 0}>
              {importer.busy ? 'Decrypting…' : `Import ${countText(preview.importable, 'key')}`}
            </button>
            <button type="button" className="button button--quiet" onClick={() => startOver(null)} disabled={busy}>
              Close the bundle
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function BundleKeyLine({ bundleKey }: { bundleKey: BundlePreviewKey }) {
  const { duplicateOf, problem } = bundleKey;
  return (
    <>
      <KeyLine name={bundleKey.name} kind={bundleKey.kind} keyId={bundleKey.keyId} revoked={bundleKey.revoked}>
        {!problem && !duplicateOf && <span className="badge badge--new">New</span>}
        {!problem && duplicateOf && <span className="muted">Already in this vault{duplicateOf.name !== bundleKey.name ? ` as “${duplicateOf.name}”` : ''}: skipped</span>}
      </KeyLine>
      {(bundleKey.issuerId || bundleKey.bundleIds.length > 0) && (
        <span className="key-line__detail muted small">
          {bundleKey.issuerId && (
            <>
              Issuer ID <code>{bundleKey.issuerId}</code>
            </>
          )}
          {bundleKey.issuerId && bundleKey.bundleIds.length > 0 && ' · '}
          {bundleKey.bundleIds.length > 0 && `Bundle IDs ${bundleKey.bundleIds.join(', ')}`}
        </span>
      )}
      {problem && (
        <span className="key-line__problem" data-error-code={problem.code}>
          {problem.message}
        </span>
      )}
    </>
  );
}

function ImportOutcome({ result }: { result: BundleImportResult }) {
  const { imported, duplicates } = result;
  return (
    <div className="notice notice--success" role="status">
      <p>
        <strong>Added {countText(imported.length, 'key')} from the bundle</strong>
        {imported.length > 0 && `: ${imported.map((key) => key.name).join(', ')}`}.
        {duplicates.length > 0 && ` Skipped ${countText(duplicates.length, 'key')} already in this vault.`}
      </p>
    </div>
  );
}
