import { useEffect, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

/** Turns the OS-keychain copy of the vault key on or off. */
export function QuickUnlockSettings() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [passphraseAfterRestart, setPassphraseAfterRestart] = useState(true);
  const { run, busy, error } = useVaultCall((request: { enabled: boolean; passphraseAfterRestart: boolean }) => vault().vaultSetQuickUnlock(request));

  useEffect(() => {
    void vault()
      .vaultStatus()
      .then((result) => result.ok && setEnabled(result.value.quickUnlock));
  }, []);

  async function toggle(next: boolean) {
    const result = await run({ enabled: next, passphraseAfterRestart });
    if (result.ok) setEnabled(result.value.quickUnlock);
  }

  if (enabled === null) return null;
  return (
    <section aria-labelledby="quick-unlock-title" className="section">
      <h2 id="quick-unlock-title">Quick unlock</h2>
      <p className="muted">
        Keep a copy of the vault key in the system keychain, so the vault opens without typing the passphrase. The passphrase is still asked
        for after 5 quick unlocks and after every passphrase change.
      </p>
      <div className="form">
        {!enabled && (
          <label className="choice">
            <input type="checkbox" checked={passphraseAfterRestart} onChange={(event) => setPassphraseAfterRestart(event.target.checked)} />
            Also ask for the passphrase after each restart of the app
          </label>
        )}
        <ErrorMessage error={error} />
        <div className="button-row">
          <button type="button" className="button" disabled={busy} onClick={() => void toggle(!enabled)}>
            {enabled ? 'Turn off quick unlock' : 'Turn on quick unlock'}
          </button>
          {enabled && <span className="success-message">On: the vault key is in the system keychain.</span>}
        </div>
      </div>
    </section>
  );
}
