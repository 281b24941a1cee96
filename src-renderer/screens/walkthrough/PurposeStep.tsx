import { KEY_KIND_LABELS, type KeyKind } from '../../../src-shared/keys/key-kind';
import { KindBadge } from '../../components/KindBadge';
import { KEY_KIND_GUIDES } from '../../walkthrough/guides';
import { KEY_PURPOSES, PURPOSE_NOTES } from '../../walkthrough/purposes';

interface PurposeStepProps {
  kind: KeyKind | null;
  onKind: (kind: KeyKind) => void;
  onLostKey: () => void;
  /** A replacement's new key: the kind is the old key's, and no other may be chosen. */
  lockedKind?: KeyKind;
}

/** Step 1: the purpose decides the kind; App Store Connect API keys are then team or individual. */
export function PurposeStep({ kind, onKind, onLostKey, lockedKind }: PurposeStepProps) {
  const purpose = KEY_PURPOSES.find((option) => kind !== null && (option.kinds as readonly KeyKind[]).includes(kind));
  return (
    <>
      <fieldset className="choice-group choice-group--roomy">
        <legend>The key is for</legend>
        {KEY_PURPOSES.map((option) => (
          <label key={option.id} className="choice">
            <input
              type="radio"
              name="purpose"
              value={option.id}
              checked={purpose?.id === option.id}
              disabled={lockedKind !== undefined && !(option.kinds as readonly KeyKind[]).includes(lockedKind)}
              onChange={() => onKind(option.kinds[0])}
            />
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
              <input type="radio" name="scope" value={option} checked={kind === option} disabled={lockedKind !== undefined && option !== lockedKind} onChange={() => onKind(option)} />
              <span>
                <strong>{KEY_KIND_GUIDES[option].choice.label}</strong>
                <span className="choice__detail">{KEY_KIND_GUIDES[option].choice.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {lockedKind && <p className="notice">The new key replaces one that is an {KEY_KIND_LABELS[lockedKind]}, so it must be one too: keys of different kinds are not interchangeable.</p>}
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
