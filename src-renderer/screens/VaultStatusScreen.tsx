import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import type { ResultError } from '../../src-shared/result';
import { vault } from '../vault-client';

const STATE_TEXT: Record<VaultStatus['state'], { title: string; body: string }> = {
  none: { title: 'No vault yet', body: 'Create a vault to keep your App Store Connect keys encrypted on this computer.' },
  locked: { title: 'Vault locked', body: 'Unlock the vault with your passphrase to see your keys.' },
  unlocked: { title: 'Vault unlocked', body: 'Your keys are available.' },
};

export function VaultStatusScreen() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<ResultError | null>(null);

  useEffect(() => {
    void vault()
      .vaultStatus()
      .then((result) => (result.ok ? setStatus(result.value) : setError(result.error)));
  }, []);

  if (error) {
    return (
      <main className="screen screen--centered" role="alert">
        <h1>Could not read the vault</h1>
        <p>{error.message}</p>
      </main>
    );
  }
  if (!status) {
    return (
      <main className="screen screen--centered" aria-busy="true">
        <p>Opening the vault…</p>
      </main>
    );
  }
  const text = STATE_TEXT[status.state];
  return (
    <main className="screen screen--centered">
      <h1 data-vault-state={status.state}>{text.title}</h1>
      <p>{text.body}</p>
      <p className="muted">
        Vault file: <code>{status.path}</code>
      </p>
    </main>
  );
}
