import { useCallback, useEffect, useState } from 'react';
import type { LockReason } from '../src-shared/ipc/events';
import type { ResultError } from '../src-shared/result';
import type { Preferences } from '../src-shared/settings/preferences';
import type { VaultStatus } from '../src-shared/vault/vault-status';
import { CreateVaultScreen } from './screens/CreateVaultScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { VaultHome } from './screens/VaultHome';
import { WalkthroughSessionProvider } from './screens/walkthrough/WalkthroughSession';
import { vault } from './vault-client';

function applyTheme(theme: Preferences['theme']) {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function App() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [error, setError] = useState<ResultError | null>(null);
  const [lockReason, setLockReason] = useState<LockReason | null>(null);

  useEffect(() => {
    const refresh = () =>
      vault()
        .vaultStatus()
        .then((result) => (result.ok ? setStatus(result.value) : setError(result.error)));
    void refresh();
    void vault()
      .settingsGet()
      .then((result) => result.ok && applyTheme(result.value.theme));
    return vault().on('vault.locked', ({ reason }) => {
      setLockReason(reason);
      void refresh();
    });
  }, []);

  const lock = useCallback(async () => {
    const result = await vault().vaultLock();
    if (result.ok) setStatus(result.value);
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
  // Above the lock switch, so guided setup resumes at the same step after an auto-lock.
  return (
    <WalkthroughSessionProvider>
      {status.state === 'none' && <CreateVaultScreen status={status} onCreated={setStatus} />}
      {status.state === 'locked' && <UnlockScreen status={status} lockReason={lockReason} onUnlocked={setStatus} />}
      {status.state === 'unlocked' && <VaultHome onLock={() => void lock()} onThemeChange={applyTheme} />}
    </WalkthroughSessionProvider>
  );
}
