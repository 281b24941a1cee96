import { useEffect, useRef, useState } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { ReplacementPlace, ReplacementStage } from '../../../src-shared/keys/replacement';
import type { ResultError } from '../../../src-shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { Stepper } from '../walkthrough/Stepper';
import { NewKeyStep } from './NewKeyStep';
import { PlacesStep } from './PlacesStep';
import { placesDone } from './replacement-progress';
import { RevokeStep } from './RevokeStep';

const STEP_TITLES: Record<ReplacementStage, string> = {
  'new-key': 'Add the new key',
  places: 'Put the new key where the old one is used',
  revoke: 'Revoke the old key in App Store Connect',
};

export interface ReplacementJobProps {
  /** The key being replaced; its summary carries the job. */
  keySummary: KeySummary;
  /** Every key in the vault; null while loading. */
  vaultKeys: KeySummary[] | null;
  onChanged: (key: KeySummary) => void;
  onGuidedSetup: () => void;
  /** Opens the new key's export; with a place, on the target the old key went to. */
  onExport: (newKey: KeySummary, place: ReplacementPlace) => void;
  onShowKey: (id: string) => void;
  onFinished: (key: KeySummary, newKeyId: string) => void;
}

/** The replacement of a key, on its page: a stepper (new key, places, revoke) and the step at hand. */
export function ReplacementJob({ keySummary, vaultKeys, onChanged, onGuidedSetup, onExport, onShowKey, onFinished }: ReplacementJobProps) {
  const replacement = keySummary.replacement;
  const stage = replacement?.stage ?? 'new-key';
  const heading = useRef<HTMLHeadingElement>(null);
  const shownStage = useRef<ReplacementStage | null>(null);
  // The step's heading takes the focus when the step changes, and on arrival when nothing else holds it (back from guided setup).
  useEffect(() => {
    const arrived = shownStage.current === null;
    if ((arrived && document.activeElement === document.body) || (!arrived && shownStage.current !== stage)) heading.current?.focus();
    shownStage.current = stage;
  }, [stage]);
  const [askingStop, setAskingStop] = useState(false);
  // Finishing refused by main (a place added meanwhile): said above the step the job goes back to.
  const [refusal, setRefusal] = useState<ResultError | null>(null);
  if (!replacement) return null;
  const newKey = replacement.newKeyId === undefined ? undefined : vaultKeys?.find((key) => key.id === replacement.newKeyId);
  const progress = placesDone(replacement);
  const steps = [
    { id: 'new-key', label: 'New key' },
    { id: 'places', label: `Places ${progress.done} of ${progress.total}` },
    { id: 'revoke', label: 'Revoke' },
  ] as const;

  return (
    <section className="replacement" aria-labelledby="replacement-title">
      <div className="replacement__header">
        <h3 id="replacement-title">Replacing this key</h3>
        {!askingStop && (
          <button type="button" className="button button--small button--quiet replacement__stop" onClick={() => setAskingStop(true)}>
            Stop replacing…
          </button>
        )}
      </div>
      {askingStop && (
        <StopQuestion
          keySummary={keySummary}
          newKey={newKey}
          onStopped={onChanged}
          onKeep={() => {
            setAskingStop(false);
            requestAnimationFrame(() => heading.current?.focus());
          }}
        />
      )}
      <Stepper label="Replacement steps" steps={steps} current={stage} allDone={false} onGoBack={null} />
      <h4 className="replacement__title" tabIndex={-1} ref={heading}>
        {STEP_TITLES[stage]}
      </h4>
      <ErrorMessage error={stage === 'revoke' ? null : refusal} />
      {stage === 'new-key' ? (
        <NewKeyStep keySummary={keySummary} vaultKeys={vaultKeys} onChanged={onChanged} onGuidedSetup={onGuidedSetup} />
      ) : (
        <>
          {newKey && (
            <p className="replacement__new-key">
              New key: <strong>{newKey.name}</strong> <code>{newKey.keyId}</code>{' '}
              <button type="button" className="link-button" onClick={() => onShowKey(newKey.id)}>
                Show the new key
              </button>
            </p>
          )}
          {stage === 'revoke' && (
            <RevokeStep
              keySummary={keySummary}
              newKeyId={replacement.newKeyId ?? ''}
              onFinished={onFinished}
              onRefused={(error) => {
                setRefusal(error);
                onChanged(keySummary);
              }}
            />
          )}
          <PlacesStep keySummary={keySummary} replacement={replacement} newKey={newKey} onChanged={onChanged} onExport={onExport} asList={stage === 'revoke'} />
        </>
      )}
    </section>
  );
}

function StopQuestion({ keySummary, newKey, onStopped, onKeep }: { keySummary: KeySummary; newKey: KeySummary | undefined; onStopped: (key: KeySummary) => void; onKeep: () => void }) {
  const stop = useVaultCall(() => vault().keysCancelReplacement({ id: keySummary.id }));
  useEscapeKey(onKeep);
  async function confirm() {
    const result = await stop.run();
    if (result.ok) onStopped(result.value);
  }
  return (
    <div className="notice notice--warning replacement__question" role="alertdialog" aria-labelledby="replacement-stop-title" aria-describedby="replacement-stop-text">
      <h4 id="replacement-stop-title">Stop replacing “{keySummary.name}”?</h4>
      <p id="replacement-stop-text">
        The job and its ticks are dropped; “{keySummary.name}” stays as it is.
        {newKey ? ` The new key “${newKey.name}” stays in the vault.` : ''}
      </p>
      <ErrorMessage error={stop.error} />
      <div className="button-row">
        <button type="button" className="button button--danger" onClick={() => void confirm()} disabled={stop.busy} autoFocus>
          Stop replacing
        </button>
        <button type="button" className="button" onClick={onKeep}>
          Keep replacing
        </button>
      </div>
    </div>
  );
}
