import { useId, useState } from 'react';
import { KEY_KIND_LABELS } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { replacementCandidates } from './replacement-progress';

/** Step 1: the new key, added through guided setup (same kind, IDs filled in) or chosen among the vault's keys. */
export function NewKeyStep({
  keySummary,
  vaultKeys,
  onChanged,
  onGuidedSetup,
}: {
  keySummary: KeySummary;
  vaultKeys: KeySummary[] | null;
  onChanged: (key: KeySummary) => void;
  onGuidedSetup: () => void;
}) {
  const candidates = vaultKeys ? replacementCandidates(keySummary, vaultKeys) : [];
  const [chosen, setChosen] = useState('');
  const selectId = useId();
  const choose = useVaultCall((newKeyId: string) => vault().keysSetReplacementKey({ id: keySummary.id, newKeyId }));
  const kindLabel = KEY_KIND_LABELS[keySummary.kind];
  async function takeChosen() {
    const result = await choose.run(chosen || (candidates[0]?.id ?? ''));
    if (result.ok) onChanged(result.value);
  }
  return (
    <div className="replacement__step">
      <p>
        Generate a new {kindLabel} in App Store Connect and add it here. The old key keeps working until you revoke it in the last step.
      </p>
      <div className="button-row">
        <button type="button" className="button button--primary" data-opens="replacement-setup" onClick={onGuidedSetup}>
          Add the new key with guided setup
        </button>
      </div>
      {candidates.length > 0 ? (
        <div className="replacement__choose">
          <label htmlFor={selectId}>Or use a key already in the vault</label>
          <div className="button-row">
            <select id={selectId} value={chosen || candidates[0]?.id} onChange={(event) => setChosen(event.target.value)}>
              {candidates.map((key) => (
                <option key={key.id} value={key.id}>
                  {key.name} ({key.keyId})
                </option>
              ))}
            </select>
            <button type="button" className="button" onClick={() => void takeChosen()} disabled={choose.busy}>
              Use this key
            </button>
          </div>
        </div>
      ) : (
        vaultKeys && <p className="muted small">No other {kindLabel} of this account is in the vault to choose instead.</p>
      )}
      <ErrorMessage error={choose.error} />
    </div>
  );
}
