import { useRef, useState } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { ResultError } from '../../../src-shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { REVOKE_PAGES } from '../../../src-shared/apple/apple-pages';
import { OpenPageButton } from '../walkthrough/OpenPageButton';

interface RevokeStepProps {
  keySummary: KeySummary;
  newKeyId: string;
  onFinished: (key: KeySummary, newKeyId: string) => void;
  /** Main found a place not ticked off (added since this page was loaded): the job goes back to step 2. */
  onRefused: (error: ResultError) => void;
}

/** Step 3: revoke the old key at Apple (the page for its kind), then mark it revoked here, which ends the job. */
export function RevokeStep({ keySummary, newKeyId, onFinished, onRefused }: RevokeStepProps) {
  const [asking, setAsking] = useState(false);
  const finishButton = useRef<HTMLButtonElement>(null);
  const finish = useVaultCall(() => vault().keysFinishReplacement({ id: keySummary.id }));
  const closeQuestion = () => {
    setAsking(false);
    requestAnimationFrame(() => finishButton.current?.focus());
  };
  useEscapeKey(closeQuestion, asking);
  async function confirm() {
    const result = await finish.run();
    if (result.ok) onFinished(result.value, newKeyId);
    else if (result.error.code === 'REPLACEMENT_INCOMPLETE') onRefused(result.error);
  }
  return (
    <div className="replacement__step">
      <p>
        The new key is in every place listed below. Revoking stops the old key at once, everywhere it is still used, so revoke it only now that
        step 2 is done.
      </p>
      {keySummary.revoked && <p>“{keySummary.name}” is already marked as revoked here; check that it is revoked in App Store Connect too.</p>}
      <OpenPageButton link={{ page: REVOKE_PAGES[keySummary.kind], label: 'Open App Store Connect' }} />
      {asking ? (
        <div className="notice notice--warning replacement__question" role="alertdialog" aria-labelledby="replacement-finish-title">
          <h4 id="replacement-finish-title">Mark “{keySummary.name}” as revoked and finish?</h4>
          <p>The key stays in the vault, marked as revoked, and the replacement ends.</p>
          <ErrorMessage error={finish.error} />
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => void confirm()} disabled={finish.busy} autoFocus>
              Mark as revoked and finish
            </button>
            <button type="button" className="button" onClick={closeQuestion}>
              Not yet
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="button button--primary" ref={finishButton} onClick={() => setAsking(true)}>
            I revoked it: mark as revoked and finish…
          </button>
        </div>
      )}
    </div>
  );
}
