import { TextField } from '../../components/TextField';
import { useVaultQuery } from '../../hooks/useVaultQuery';
import { vault } from '../../vault-client';
import type { KeyKindGuide } from '../../walkthrough/guide';
import { OpenPageButton } from './OpenPageButton';

interface Props {
  guide: KeyKindGuide;
  keyId: string;
  onKeyId: (keyId: string) => void;
  keyIdProblem: string | null;
  /** The file name and the typed Key ID disagree. */
  identityProblem: string | null;
  /** Null while the Key ID is not valid, so there is nothing to confirm yet. */
  confirmable: boolean;
  confirmed: boolean;
  onConfirmed: (confirmed: boolean) => void;
  issuerId: string;
  onIssuerId: (issuerId: string) => void;
  issuerIdProblem: string | null;
}

const loadIssuerIds = () => vault().keysIssuerIds();

/** Step 5: the Key ID comes from the file name and is confirmed; the Issuer ID is copied or reused. */
export function IdentifiersStep(props: Props) {
  const { guide, keyId, onKeyId, keyIdProblem, identityProblem, confirmable, confirmed, onConfirmed, issuerId, onIssuerId, issuerIdProblem } = props;
  // Issuer IDs already in the vault, offered for reuse (team keys share one).
  const knownIssuerIds = useVaultQuery(loadIssuerIds).value ?? [];

  return (
    <>
      <TextField label="Key ID" value={keyId} onChange={onKeyId} problem={keyIdProblem} monospace hint={`Filled in from the file name. ${guide.keyId.hint}`} />
      {identityProblem && (
        <p className="error-message" role="alert" data-error-code="KEY_ID_MISMATCH">
          {identityProblem}
        </p>
      )}
      <label className="confirm">
        <input type="checkbox" checked={confirmed} disabled={!confirmable} onChange={(event) => onConfirmed(event.target.checked)} />
        <span>{guide.keyId.confirmLabel}</span>
      </label>
      {guide.issuerId ? (
        <div className="issuer">
          <TextField
            label="Issuer ID"
            value={issuerId}
            onChange={onIssuerId}
            problem={issuerIdProblem}
            monospace
            hint={guide.issuerId.hint}
          />
          {knownIssuerIds.length > 0 && (
            <div className="issuer__known">
              <span className="small" id="known-issuers">
                Already in the vault:
              </span>
              <ul className="issuer__list" aria-labelledby="known-issuers">
                {knownIssuerIds.map((known) => (
                  <li key={known}>
                    <button type="button" className="button button--small monospace" aria-pressed={issuerId.trim().toLowerCase() === known} onClick={() => onIssuerId(known)}>
                      {known}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <p className="muted small">{guide.issuerId.whenMissing}</p>
          {guide.issuerId.link && <OpenPageButton link={guide.issuerId.link} />}
        </div>
      ) : (
        <p className="muted">Individual keys have no Issuer ID: their tokens name the user instead, so there is nothing more to copy.</p>
      )}
    </>
  );
}
