import type { KeyKind } from '../../../src-shared/keys/key-kind';
import { KindBadge } from '../../components/KindBadge';
import { KEY_KIND_GUIDES } from '../../walkthrough/guides';
import { KEY_PURPOSES, PURPOSE_NOTES } from '../../walkthrough/purposes';

/** Step 1: the purpose decides the kind; App Store Connect API keys are then team or individual. */
export function PurposeStep({ kind, onKind, onLostKey }: { kind: KeyKind | null; onKind: (kind: KeyKind) => void; onLostKey: () => void }) {
  const purpose = KEY_PURPOSES.find((option) => kind !== null && (option.kinds as readonly KeyKind[]).includes(kind));
  return (
    <>
      <fieldset className="choice-group choice-group--roomy">
        <legend>The key is for</legend>
        {KEY_PURPOSES.map((option) => (
          <label key={option.id} className="choice">
            <input type="radio" name="purpose" value={option.id} checked={purpose?.id === option.id} onChange={() => onKind(option.kinds[0])} />
            <span>
              <strong>{option.label}</strong>
              <span className="choice__detail">{option.usedBy}</span>
              <span className="choice__detail choice__badges">
                {option.kinds.map((optionKind) => (
                  <KindBadge key={optionKind} kind={optionKind} />
                ))}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {purpose && purpose.kinds.length > 1 && (
        <fieldset className="choice-group choice-group--roomy">
          <legend>Whose key</legend>
          {purpose.kinds.map((option) => (
            <label key={option} className="choice">
              <input type="radio" name="scope" value={option} checked={kind === option} onChange={() => onKind(option)} />
              <span>
                <strong>{KEY_KIND_GUIDES[option].choice.label}</strong>
                <span className="choice__detail">{KEY_KIND_GUIDES[option].choice.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <ul className="walkthrough__notes">
        {PURPOSE_NOTES.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
      <p className="small">
        Lost a .p8 file?{' '}
        <button type="button" className="link-button" onClick={onLostKey}>
          Revoke it and make a new one
        </button>
      </p>
    </>
  );
}
