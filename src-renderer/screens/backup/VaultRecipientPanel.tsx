import { useCallback } from 'react';
import { CopyTextButton } from '../../components/CopyTextButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useVaultQuery } from '../../hooks/useVaultQuery';
import { vault } from '../../vault-client';

/** This vault's age recipient (public), for teammates to encrypt bundles to: those import without a passphrase. */
export function VaultRecipientPanel() {
  const load = useCallback(() => vault().identityRecipient(), []);
  const { value, error, reload } = useVaultQuery(load);
  return (
    <section className="panel backup-part" aria-labelledby="vault-recipient-title">
      <h3 id="vault-recipient-title">Receive keys without a passphrase</h3>
      <p>
        Give teammates this vault’s public age recipient. A bundle they encrypt to it (in their copy of the app, or with{' '}
        <code>age --recipient</code>) opens only in this vault, and imports without a passphrase.
      </p>
      <ErrorMessage error={error} onRetry={reload} />
      {value ? (
        <div className="generated-passphrase" role="group" aria-label="This vault’s age recipient">
          <p className="generated-passphrase__text">
            <code>{value.recipient}</code>
          </p>
          <CopyTextButton text={value.recipient} label="Copy recipient" />
        </div>
      ) : (
        !error && <p className="muted">Loading…</p>
      )}
    </section>
  );
}
