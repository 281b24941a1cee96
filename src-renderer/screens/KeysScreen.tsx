import type { VaultStatus } from '../../src-shared/vault/vault-status';

export function KeysScreen({ status }: { status: VaultStatus }) {
  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">Keys</h2>
      <p>{status.itemCount === 0 ? 'No keys yet.' : `${status.itemCount} keys in this vault.`}</p>
    </section>
  );
}
