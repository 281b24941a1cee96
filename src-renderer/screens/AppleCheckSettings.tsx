import { useEffect, useState } from 'react';
import { APPLE_API_HOSTS } from '../../src-shared/apple-check/apple-hosts';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';

/** What a check sends, said before the user can turn checks on. */
export function WhatACheckSends() {
  return (
    <>
      <p>Nothing is sent until you press “Check with Apple” on a key. Then, and only then, main:</p>
      <ul>
        <li>signs a token with that key, valid for 5 minutes, naming its Key ID, its Issuer ID and, for an In-App Purchase key, one bundle ID;</li>
        <li>
          sends it in one request per page or bundle ID, only to Apple’s API hosts ({APPLE_API_HOSTS.join(', ')}): the list of apps for an App Store
          Connect API key, a look-up of a transaction that does not exist (in production and sandbox, per bundle ID) for an In-App Purchase key;
        </li>
        <li>keeps Apple’s answer on the key and in the activity log.</li>
      </ul>
      <p>The private key never leaves this computer. Requests use the system’s proxy settings.</p>
    </>
  );
}

/** The opt-in for checks with Apple: off by default, turned on only after reading what is sent. */
export function AppleCheckSettings() {
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const [explaining, setExplaining] = useState(false);
  const { run, busy, error } = useVaultCall((appleCheckEnabled: boolean) => vault().settingsUpdate({ appleCheckEnabled }));

  useEffect(() => {
    void vault()
      .settingsGet()
      .then((result) => result.ok && setEnabled(result.value.appleCheckEnabled));
  }, []);

  async function save(next: boolean) {
    const result = await run(next);
    if (!result.ok) return;
    setEnabled(result.value.appleCheckEnabled);
    setExplaining(false);
  }

  if (enabled === null) return null;
  return (
    <section aria-labelledby="apple-check-title" className="section">
      <h2 id="apple-check-title">Check keys with Apple</h2>
      <p className="muted">Ask Apple, from a key’s page, whether the key works and what it can see, before it goes anywhere.</p>
      <div className="form">
        {explaining && (
          <div className="notice notice--explain" role="group" aria-label="What a check sends">
            <WhatACheckSends />
          </div>
        )}
        <ErrorMessage error={error} />
        <div className="button-row">
          {enabled && (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => void save(false)}>
                Turn off checks with Apple
              </button>
              <span className="success-message">On: a key is checked only when you ask, on its page.</span>
            </>
          )}
          {!enabled && !explaining && (
            <>
              <button type="button" className="button" onClick={() => setExplaining(true)}>
                Turn on checks with Apple…
              </button>
              <span className="muted">Off: nothing is sent to Apple.</span>
            </>
          )}
          {!enabled && explaining && (
            <>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void save(true)}>
                Turn on checks with Apple
              </button>
              <button type="button" className="button" onClick={() => setExplaining(false)}>
                Keep them off
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
