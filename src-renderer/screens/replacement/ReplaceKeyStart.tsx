import type { KeySummary } from '../../../src-shared/keys/key-record';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';

/** Says what replacing a key involves before the job starts; the job is kept on the key until finished or stopped. */
export function ReplaceKeyStart({ keySummary, onStarted, onCancel }: { keySummary: KeySummary; onStarted: (key: KeySummary) => void; onCancel: () => void }) {
  const start = useVaultCall(() => vault().keysStartReplacement({ id: keySummary.id }));
  useEscapeKey(onCancel);
  async function confirm() {
    const result = await start.run();
    if (result.ok) onStarted(result.value);
  }
  return (
    <div className="notice notice--explain replacement-start" role="alertdialog" aria-labelledby="replace-start-title" aria-describedby="replace-start-text">
      <h3 id="replace-start-title">Replace “{keySummary.name}”?</h3>
      <p id="replace-start-text">
        A short guided job: add a new key of the same kind, put it everywhere this one is used (ticking each place off), then revoke this key in App
        Store Connect. Nothing changes until you take a step, and the job waits here, across locks and restarts, until you finish or stop it.
      </p>
      {keySummary.revoked && <p>This key is already marked as revoked: the job still lists every place it was used, so none is forgotten.</p>}
      <ErrorMessage error={start.error} />
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => void confirm()} disabled={start.busy} autoFocus>
          Start replacing
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
