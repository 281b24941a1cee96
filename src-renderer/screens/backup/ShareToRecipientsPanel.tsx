import { useState, type FormEvent } from 'react';
import { BUNDLE_METADATA_FIELDS, type BundleWriteResult } from '../../../src-shared/exports/bundle';
import { countText } from '../../count-text';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/TextField';
import { useKeyList } from '../../hooks/useKeyList';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { ShareKeyPicker } from './ShareKeyPicker';

interface RecipientsExport {
  ids: string[];
  recipients: string[];
}

/** Chosen keys encrypted to teammates' public keys (age or SSH): no passphrase to pass on. */
export function ShareToRecipientsPanel({ keysRevision }: { keysRevision: number }) {
  const { keys, error: keysError, reload: reloadKeys } = useKeyList({ revision: keysRevision });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [recipientsText, setRecipientsText] = useState('');
  const [written, setWritten] = useState<BundleWriteResult | null>(null);
  const exporter = useVaultCall((request: RecipientsExport) => vault().bundleExportToRecipients({ ...request, metadata: [...BUNDLE_METADATA_FIELDS] }));

  const chosenIds = (keys ?? []).filter((key) => selected.has(key.id)).map((key) => key.id);
  const recipients = recipientsText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

  async function save(event: FormEvent) {
    event.preventDefault();
    setWritten(null);
    const result = await exporter.run({ ids: chosenIds, recipients });
    if (result.ok && result.value) setWritten(result.value);
  }

  return (
    <section className="panel backup-part" aria-labelledby="share-recipients-title">
      <h3 id="share-recipients-title">Share keys to a teammate’s public key</h3>
      <p>
        Encrypts the keys you choose to public keys your teammates gave you: their copy of the app’s age recipient, an <code>age1…</code> key,
        or an SSH key (<code>ssh-ed25519</code> or <code>ssh-rsa</code>). Only they can open the file; there is no passphrase to send.
      </p>
      <ErrorMessage error={keysError} onRetry={reloadKeys} />
      {keys && keys.length === 0 && <p className="muted">The vault has no keys to share yet.</p>}
      {keys && keys.length > 0 && (
        <form className="form" onSubmit={save} aria-busy={exporter.busy}>
          <ShareKeyPicker keys={keys} selected={selected} onSelected={setSelected} legend="Keys to share by public key" />
          <TextField
            label="Recipients, one per line"
            value={recipientsText}
            onChange={setRecipientsText}
            multiline
            monospace
            placeholder="age1… or ssh-ed25519 AAAA…"
            hint="Each of them can open the bundle with their own key. Paste the whole line of an SSH public key (.pub file)."
          />
          <ErrorMessage error={exporter.error} />
          {written && (
            <p className="success-message" role="status">
              Saved {countText(written.exportedKeys.length, 'key')} to <code>{written.path}</code>, encrypted to {countText(recipients.length, 'recipient')}.
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={exporter.busy || chosenIds.length === 0 || recipients.length === 0}>
              {exporter.busy ? 'Encrypting…' : 'Save bundle for recipients…'}
            </button>
            {(chosenIds.length === 0 || recipients.length === 0) && <span className="muted small">Choose at least one key and give at least one recipient.</span>}
          </div>
        </form>
      )}
    </section>
  );
}
