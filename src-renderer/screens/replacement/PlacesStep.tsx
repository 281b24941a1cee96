import { useId } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { KeyReplacement, ReplacementPlace } from '../../../src-shared/keys/replacement';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import { placesDone } from './replacement-progress';

interface PlacesStepProps {
  keySummary: KeySummary;
  replacement: KeyReplacement;
  newKey: KeySummary | undefined;
  onChanged: (key: KeySummary) => void;
  onExport: (newKey: KeySummary, place: ReplacementPlace) => void;
  /** Once every place is done: the list stays, under its own heading, for unticking one. */
  asList: boolean;
}

/** Step 2: every place the old key is used, each ticked off by hand or by exporting the new key there. */
export function PlacesStep({ keySummary, replacement, newKey, onChanged, onExport, asList }: PlacesStepProps) {
  const tick = useVaultCall((placeId: string, done: boolean) => vault().keysTickReplacementPlace({ id: keySummary.id, placeId, done }));
  const progress = placesDone(replacement);
  const idPrefix = useId();
  const destinationId = (index: number) => `${idPrefix}-destination-${index}`;
  const labelId = (index: number) => `${idPrefix}-label-${index}`;
  async function toggle(place: ReplacementPlace, done: boolean) {
    if (tick.busy) return;
    const result = await tick.run(place.id, done);
    if (result.ok) onChanged(result.value);
  }
  if (replacement.places.length === 0) return asList ? null : <p>The old key is not listed as used anywhere.</p>;
  return (
    <div className="replacement__step" aria-busy={tick.busy}>
      {asList ? (
        <h4 className="replacement__subheading">Places ({progress.text})</h4>
      ) : (
        <p>
          Put the new key everywhere the old one is used, and tick each place off. <strong aria-live="polite">{progress.text}</strong>
        </p>
      )}
      <ul className="replacement__places">
        {replacement.places.map((place, index) => (
          <li key={place.id} className={`replacement__place${place.doneAt ? ' replacement__place--done' : ''}`}>
            <label className="choice">
              <input
                type="checkbox"
                checked={place.doneAt !== undefined}
                aria-describedby={place.destination === undefined ? undefined : destinationId(index)}
                onChange={(event) => void toggle(place, event.target.checked)}
              />
              <span id={labelId(index)}>Put the new key in {place.label}</span>
            </label>
            {place.destination !== undefined && (
              <p className="small muted replacement__destination" id={destinationId(index)}>
                The old key went to <code>{place.destination}</code>
              </p>
            )}
            {newKey && !place.doneAt && (
              <button type="button" className="button button--small" data-opens={`replace-export:${place.id}`} aria-describedby={labelId(index)} onClick={() => onExport(newKey, place)}>
                {place.type === 'export' ? `Export the new key to ${place.label}…` : 'Export the new key…'}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={tick.error} />
    </div>
  );
}
