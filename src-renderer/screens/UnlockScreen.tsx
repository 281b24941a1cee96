import { useEffect, useState, type FormEvent } from 'react';
import type { LockReason } from '../../src-shared/ipc/events';
import type { ResultError } from '../../src-shared/result';
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

/** Main's refusal in its own words, with the wait it states (“N s”, N being its retryAfterSeconds) counted down to what is left. */
function withWaitLeft(error: ResultError, secondsLeft: number): ResultError {
  return { ...error, message: error.message.replace(`${error.details?.retryAfterSeconds} s`, `${secondsLeft} s`) };
}

export function UnlockScreen({ status, lockReason, onUnlocked }: { status: VaultStatus; lockReason: LockReason | null; onUnlocked: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const { run, busy, error, setError } = useVaultCall((value: string) => vault().vaultUnlock({ passphrase: value }));
  const quick = useVaultCall(() => vault().vaultQuickUnlock());

  async function quickUnlock() {
    const unlocked = await quick.run();
    if (unlocked.ok) onUnlocked(unlocked.value);
  }

  useEffect(() => {
    if (retryAt === null) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current < retryAt) return;
      // The wait is over, and its message with it.
      setRetryAt(null);
      setError(null);
    }, 250);
    return () => clearInterval(timer);
  }, [retryAt, setError]);

  const waitSeconds = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (waitSeconds > 0) return;
    const unlocked = await run(passphrase);
    if (unlocked.ok) {
      setPassphrase('');
      onUnlocked(unlocked.value);
      return;
    }
    // Main says how long to wait both on the wrong passphrase that starts a wait and on a try made during one.
    const seconds = unlocked.error.details?.retryAfterSeconds;
    if (typeof seconds === 'number' && seconds > 0) {
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
        <ErrorMessage error={error && waitSeconds > 0 ? withWaitLeft(error, waitSeconds) : error} id="unlock-error" />
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
