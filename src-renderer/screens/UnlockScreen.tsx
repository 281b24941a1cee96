import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LockReason } from '../../src-shared/ipc/events';
import type { ResultError } from '../../src-shared/result';
import type { VaultStatus } from '../../src-shared/vault/vault-status';
import { ErrorMessage } from '../components/ErrorMessage';
import { OlderCopyWarning } from '../components/OlderCopyWarning';
import { PassphraseField } from '../components/PassphraseField';
import { WorkingNote } from '../components/WorkingNote';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

const LOCK_REASON_TEXT: Record<LockReason, string> = {
  manual: 'You locked the vault.',
  idle: 'The vault locked itself after a period without activity.',
  suspend: 'The vault locked when the computer went to sleep.',
  'screen-lock': 'The vault locked when the screen was locked.',
};

type UnlockPath = 'passphrase' | 'keychain';

/** Main's refusal in its own words, with the wait it states (“N s”, N being its retryAfterSeconds) counted down to what is left. */
function withWaitLeft(error: ResultError, secondsLeft: number): ResultError {
  return { ...error, message: error.message.replace(`${error.details?.retryAfterSeconds} s`, `${secondsLeft} s`) };
}

/** A refusal the older-copy warning shows instead of the error line. */
const isOlderCopy = (error: ResultError | null) => error?.code === 'VAULT_ROLLED_BACK';

export function UnlockScreen({ status, lockReason, onUnlocked }: { status: VaultStatus; lockReason: LockReason | null; onUnlocked: (status: VaultStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  // Which way of unlocking met an older copy of the vault file, while the warning asks what to do.
  const [olderCopy, setOlderCopy] = useState<{ path: UnlockPath; message: string } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const keychainButtonRef = useRef<HTMLButtonElement>(null);
  const { run, busy, error, setError } = useVaultCall((value: string, allowOlder: boolean) => vault().vaultUnlock({ passphrase: value, allowOlder }));
  const quick = useVaultCall((allowOlder: boolean) => vault().vaultQuickUnlock({ allowOlder }));

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
  const shownError = isOlderCopy(error) ? null : error && waitSeconds > 0 ? withWaitLeft(error, waitSeconds) : error;

  /** Back to the control that started the unlock: the passphrase (still as typed) or the keychain button. */
  function focusStart(path: UnlockPath) {
    if (path === 'keychain') keychainButtonRef.current?.focus();
    else formRef.current?.querySelector('input')?.focus();
  }

  /** One try; allowOlder once the user chose to open an older copy of the file. */
  async function unlock(path: UnlockPath, allowOlder: boolean) {
    if (!allowOlder) setOlderCopy(null);
    const unlocked = path === 'passphrase' ? await run(passphrase, allowOlder) : await quick.run(allowOlder);
    if (unlocked.ok) {
      setPassphrase('');
      onUnlocked(unlocked.value);
      return;
    }
    if (isOlderCopy(unlocked.error)) {
      setOlderCopy({ path, message: unlocked.error.message });
      return;
    }
    if (allowOlder) {
      // Refused for another reason (the passphrase was edited, say): its error replaces the warning that had focus.
      setOlderCopy(null);
      focusStart(path);
    }
    // Main says how long to wait both on the wrong passphrase that starts a wait and on a try made during one.
    const seconds = unlocked.error.details?.retryAfterSeconds;
    if (path === 'passphrase' && typeof seconds === 'number' && seconds > 0) {
      setNow(Date.now());
      setRetryAt(Date.now() + seconds * 1000);
    }
  }

  function cancelOlderCopy(path: UnlockPath) {
    focusStart(path);
    setOlderCopy(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (waitSeconds > 0) return;
    await unlock('passphrase', false);
  }

  const warning = olderCopy && (
    <OlderCopyWarning
      message={olderCopy.message}
      busy={olderCopy.path === 'passphrase' ? busy : quick.busy}
      onOpen={() => void unlock(olderCopy.path, true)}
      onCancel={() => cancelOlderCopy(olderCopy.path)}
    />
  );

  return (
    <main className="screen screen--centered">
      <h1>Unlock your vault</h1>
      {lockReason && <p className="muted">{LOCK_REASON_TEXT[lockReason]}</p>}
      <form className="form" onSubmit={submit} aria-busy={busy} ref={formRef}>
        <PassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} autoComplete="current-password" autoFocus describedBy="unlock-error" />
        {olderCopy?.path === 'passphrase' && warning}
        <ErrorMessage error={shownError} id="unlock-error" />
        {busy && <WorkingNote text="Deriving the key from your passphrase, then checking every record in the vault…" />}
        {/* While the warning asks, its two buttons are the choices; a third that only asks again would confuse. */}
        {olderCopy?.path !== 'passphrase' && (
          <button type="submit" className="button button--primary" disabled={busy || passphrase.length === 0 || waitSeconds > 0}>
            {busy ? 'Unlocking…' : 'Unlock'}
          </button>
        )}
      </form>
      {status.quickUnlock && (
        <div className="form">
          <button type="button" className="button" onClick={() => void unlock('keychain', false)} disabled={quick.busy} ref={keychainButtonRef}>
            Unlock with the system keychain
          </button>
          {olderCopy?.path === 'keychain' && warning}
          <ErrorMessage error={isOlderCopy(quick.error) ? null : quick.error} />
          {quick.busy && <WorkingNote text="Checking every record in the vault…" />}
        </div>
      )}
      <p className="muted small">
        Vault file: <code>{status.path}</code>
      </p>
    </main>
  );
}
