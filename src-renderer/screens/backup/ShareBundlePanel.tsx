import { useId, useState, type FormEvent } from 'react';
import { BUNDLE_METADATA_FIELDS, BUNDLE_METADATA_LABELS, type BundleMetadataField, type BundleWriteResult } from '../../../src-shared/exports/bundle';
import { countText } from '../../count-text';
import { CopyTextButton } from '../../components/CopyTextButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PassphraseField } from '../../components/PassphraseField';
import { StrengthMeter } from '../../components/StrengthMeter';
import { useKeyList } from '../../hooks/useKeyList';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { ShareKeyPicker } from './ShareKeyPicker';

interface ExportRequest {
  ids: string[];
  passphrase: string;
  metadata: BundleMetadataField[];
}

/** Chosen keys into one passphrase-encrypted age file, saved where main's save dialog says. */
export function ShareBundlePanel({ keysRevision }: { keysRevision: number }) {
  const { keys, error: keysError, reload: reloadKeys } = useKeyList({ revision: keysRevision });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [metadata, setMetadata] = useState<ReadonlySet<BundleMetadataField>>(new Set(BUNDLE_METADATA_FIELDS));
  const [passphrase, setPassphrase] = useState('');
  const [generated, setGenerated] = useState<string | null>(null);
  const [written, setWritten] = useState<BundleWriteResult | null>(null);
  const strengthId = useId();
  const generate = useVaultCall(() => vault().bundleGeneratePassphrase());
  const exporter = useVaultCall((request: ExportRequest) => vault().bundleExport(request));

  function toggle<T>(set: ReadonlySet<T>, value: T, on: boolean): Set<T> {
    const next = new Set(set);
    if (on) next.add(value);
    else next.delete(value);
    return next;
  }

  async function generatePassphrase() {
    const result = await generate.run();
    if (!result.ok) return;
    setPassphrase(result.value.passphrase);
    setGenerated(result.value.passphrase);
  }

  // In the vault's order, whatever order the boxes were ticked in; a key gone since (a restore) drops out.
  const chosenIds = (keys ?? []).filter((key) => selected.has(key.id)).map((key) => key.id);

  async function saveBundle(event: FormEvent) {
    event.preventDefault();
    setWritten(null);
    const result = await exporter.run({ ids: chosenIds, passphrase, metadata: BUNDLE_METADATA_FIELDS.filter((field) => metadata.has(field)) });
    if (result.ok && result.value) setWritten(result.value);
  }

  return (
    <section className="panel backup-part" aria-labelledby="share-title">
      <h3 id="share-title">Share keys with a teammate</h3>
      <p>
        Saves the keys you choose in one file, encrypted with a passphrase (age format). Send the file and the passphrase by different
        routes: the file by email or chat, the passphrase spoken or in another app.
      </p>
      <ErrorMessage error={keysError} onRetry={reloadKeys} />
      {keys && keys.length === 0 && <p className="muted">The vault has no keys to share yet.</p>}
      {keys && keys.length > 0 && (
        <form className="form" onSubmit={saveBundle} aria-busy={exporter.busy}>
          <fieldset className="choice-group share-include">
            <legend>Also include</legend>
            <p className="choice__detail">The kind, name, Key ID, Issuer ID and the key itself always go in.</p>
            {BUNDLE_METADATA_FIELDS.map((field) => (
              <label key={field} className="choice">
                <input type="checkbox" checked={metadata.has(field)} onChange={(event) => setMetadata(toggle(metadata, field, event.target.checked))} />
                {BUNDLE_METADATA_LABELS[field]}
              </label>
            ))}
          </fieldset>
          <ShareKeyPicker keys={keys} selected={selected} onSelected={setSelected} />
          {/* Sticks to the bottom of the window while the form is on screen, so the action stays in view beside a long list. */}
          <div className="share-actions">
            <PassphraseField label="Bundle passphrase" value={passphrase} onChange={setPassphrase} autoComplete="new-password" describedBy={passphrase !== '' ? strengthId : undefined} />
            {passphrase !== '' && <StrengthMeter passphrase={passphrase} id={strengthId} />}
            <div className="button-row">
              <button type="button" className="button" onClick={() => void generatePassphrase()} disabled={generate.busy}>
                Generate a passphrase
              </button>
              <span className="muted small">Six random words, easy to read out.</span>
            </div>
            <ErrorMessage error={generate.error} />
            {generated !== null && generated === passphrase && <GeneratedPassphrase passphrase={generated} />}
            <ErrorMessage error={exporter.error} />
            {written && (
              <p className="success-message" role="status">
                Saved {countText(written.exportedKeys.length, 'key')} to <code>{written.path}</code>. Send the file to your teammate, and the passphrase
                separately.
              </p>
            )}
            <div className="button-row">
              <button type="submit" className="button button--primary" disabled={exporter.busy || chosenIds.length === 0 || passphrase === ''}>
                {exporter.busy ? 'Encrypting…' : 'Save encrypted bundle…'}
              </button>
              {chosenIds.length === 0 && <span className="muted small">Choose at least one key.</span>}
            </div>
          </div>
        </form>
      )}
    </section>
  );
}

/** The generated words in the clear, large, so they can be read out or copied to another app. */
function GeneratedPassphrase({ passphrase }: { passphrase: string }) {
  const words = passphrase.split('-');
  return (
    <div className="generated-passphrase" role="group" aria-labelledby="generated-passphrase-title">
      <p id="generated-passphrase-title">
        Give your teammate this passphrase, by another route than the file: {words.length} words, all lower case, joined by hyphens.
      </p>
      <p className="generated-passphrase__text">
        <code>{passphrase}</code>
      </p>
      <CopyTextButton text={passphrase} label="Copy passphrase" />
    </div>
  );
}
