import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { ErrorMessage } from '../components/ErrorMessage';
import { PassphraseField } from '../components/PassphraseField';
import { StrengthMeter } from '../components/StrengthMeter';
import { WorkingNote } from '../components/WorkingNote';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

export function CreateVaultScreen({ status, onCreated }: { status: VaultStatus; onCreated: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const { run, busy, error, setError } = useVaultCall((value: string) => vault().vaultCreate({ passphrase: value }));

  const mismatch = confirmation.length > 0 && confirmation !== passphrase;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (passphrase !== confirmation) {
      setError({ code: 'BAD_REQUEST', message: 'The two passphrases differ. Type the same passphrase twice.' });
      return;
    }
    const created = await run(passphrase);
    if (created.ok) onCreated(created.value);
  }

  return (
    <main className="screen screen--centered">
      <h1>Create your vault</h1>
      <p>Your App Store Connect keys will be encrypted with a passphrase that only you know.</p>
      <form className="form" onSubmit={submit} aria-busy={busy}>
        <PassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} autoComplete="new-password" autoFocus describedBy="strength-text" />
        <StrengthMeter passphrase={passphrase} id="strength-text" />
        <PassphraseField
          label="Type it again"
          value={confirmation}
          onChange={setConfirmation}
          autoComplete="new-password"
          invalid={mismatch}
          describedBy={mismatch ? 'confirmation-error' : undefined}
        />
        {mismatch && (
          <p className="field-hint field-hint--error" id="confirmation-error">
            The two passphrases differ.
          </p>
        )}
        <div className="notice notice--warning">
          <input id="no-recovery" type="checkbox" checked={acknowledged} onChange={(event) => setAcknowledged(event.target.checked)} />
          <label htmlFor="no-recovery">
            I understand there is <strong>no recovery</strong>: if I forget this passphrase, the keys in this vault are lost, and each
            must be revoked and generated again in App Store Connect.
          </label>
        </div>
        <ErrorMessage error={error} />
        <button type="submit" className="button button--primary" disabled={!acknowledged || busy || passphrase.length === 0}>
          {busy ? 'Creating vault…' : 'Create vault'}
        </button>
        {busy && <WorkingNote text="Measuring this computer, then deriving the encryption key from your passphrase (about a second)…" />}
      </form>
      <p className="muted small">
        Vault file: <code>{status.path}</code>
      </p>
    </main>
  );
}
