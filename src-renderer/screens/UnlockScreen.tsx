import { useEffect, useState, type FormEvent } from 'react';
import type { LockReason } from '../../src-shared/ipc/events';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { ErrorMessage } from '../components/ErrorMessage';
import { PassphraseField } from '../components/PassphraseField';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

const LOCK_REASON_TEXT: Record<LockReason, string> = {
  manual: 'You locked the vault.',
  idle: 'The vault locked itself after a period without activity.',
  suspend: 'The vault locked when the computer went to sleep.',
  'screen-lock': 'The vault locked when the screen was locked.',
};

export function UnlockScreen({ status, lockReason, onUnlocked }: { status: VaultStatus; lockReason: LockReason | null; onUnlocked: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const { run, busy, error } = useVaultCall((value: string) => vault().vaultUnlock({ passphrase: value }));
  const quick = useVaultCall(() => vault().vaultQuickUnlock());

  async function quickUnlock() {
    const unlocked = await quick.run();
    if (unlocked.ok) onUnlocked(unlocked.value);
  }

  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [retryAt]);

  const waitSeconds = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unlocked = await run(passphrase);
    if (unlocked.ok) {
      setPassphrase('');
      onUnlocked(unlocked.value);
      return;
    }
    const seconds = unlocked.error.details?.retryAfterSeconds;
    if (unlocked.error.code === 'THROTTLED' && typeof seconds === 'number') {
      setNow(Date.now());
      setRetryAt(Date.now() + seconds * 1000);
    }
  }

  return (
    <main className="screen screen--centered">
      <h1>Unlock your vault</h1>
      {lockReason && <p className="muted">{LOCK_REASON_TEXT[lockReason]}</p>}
      <form className="form" onSubmit={submit} aria-busy={busy}>
        <PassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} autoComplete="current-password" autoFocus describedBy="unlock-error" />
        {waitSeconds > 0 ? (
          <p className="error-message" role="alert" id="unlock-error" data-error-code="THROTTLED">
            Too many wrong passphrases. You can try again in {waitSeconds} s.
          </p>
        ) : (
          <ErrorMessage error={error?.code === 'THROTTLED' ? null : error} id="unlock-error" />
        )}
        <button type="submit" className="button button--primary" disabled={busy || passphrase.length === 0 || waitSeconds > 0}>
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
      {status.quickUnlock && (
        <div className="form">
          <button type="button" className="button" onClick={() => void quickUnlock()} disabled={quick.busy}>
            Unlock with the system keychain
          </button>
          <ErrorMessage error={quick.error} />
        </div>
      )}
      <p className="muted small">
        Vault file: <code>{status.path}</code>
      </p>
    </main>
  );
}
