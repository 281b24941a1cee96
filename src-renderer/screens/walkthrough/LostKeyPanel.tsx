import { useState } from 'react';
import { KEY_KIND_LABELS, KEY_KINDS, type KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { ResultError } from '../../../src-shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KindBadge, RevokedBadge } from '../../components/KindBadge';
import { useKeyList } from '../../hooks/useKeyList';
import { vault } from '../../vault-client';
import { KEY_KIND_GUIDES } from '../../walkthrough/guides';
import { OpenPageButton } from './OpenPageButton';

interface Props {
  kind: KeyKind | null;
  onKind: (kind: KeyKind) => void;
  onVaultChanged: () => void;
  onReplace: () => void;
  onBack: () => void;
}

/** A lost .p8 cannot be downloaded again: revoke it at Apple, mark the record revoked, make a new key. */
export function LostKeyPanel({ kind, onKind, onVaultChanged, onReplace, onBack }: Props) {
  const guide = kind ? KEY_KIND_GUIDES[kind] : null;
  const { keys, error: listError, reload: reloadList } = useKeyList();
  // Keys marked revoked here replace their listed rows in place, so a row does not jump to the end of the list.
  const [revokedHere, setRevokedHere] = useState<ReadonlyMap<string, KeySummary>>(new Map());
  const [revokeError, setRevokeError] = useState<ResultError | null>(null);

  async function markRevoked(id: string) {
    const result = await vault().keysRevoke({ id });
    if (!result.ok) {
      setRevokeError(result.error);
      return;
    }
    setRevokeError(null);
    setRevokedHere((previous) => new Map(previous).set(id, result.value));
    onVaultChanged();
  }

  const ofKind = keys?.map((key) => revokedHere.get(key.id) ?? key).filter((key) => key.kind === kind) ?? [];
  return (
    <div className="walkthrough__body">
      <p className="walkthrough__lead">
        Apple keeps no copy of a key, so a lost <code>.p8</code> cannot be downloaded again. Revoke the key in App Store Connect, so nobody who finds the file can use it, and
        generate a new one.
      </p>
      <fieldset className="choice-group">
        <legend>Kind of the lost key</legend>
        {KEY_KINDS.map((option) => (
          <label key={option} className="choice">
            <input type="radio" name="lost-kind" value={option} checked={kind === option} onChange={() => onKind(option)} />
            <span>{KEY_KIND_LABELS[option]}</span>
          </label>
        ))}
      </fieldset>
      {guide && (
        <>
          <h4 className="walkthrough__subheading">1. Revoke it in App Store Connect</h4>
          <OpenPageButton link={guide.lost.link} />
          <ol className="clicks">
            {guide.lost.revokeClicks.map((click) => (
              <li key={click}>{click}</li>
            ))}
          </ol>
          <h4 className="walkthrough__subheading">2. Mark it revoked in this vault</h4>
          <ErrorMessage error={revokeError} />
          <ErrorMessage error={listError} onRetry={reloadList} />
          {keys && ofKind.length === 0 && <p className="muted">No {KEY_KIND_LABELS[guide.kind]} is in this vault, so there is nothing to mark.</p>}
          {ofKind.length > 0 && (
            <ul className="lost-keys" aria-label="Keys of this kind in the vault">
              {ofKind.map((key) => (
                <li key={key.id} className="lost-keys__row">
                  <span className="lost-keys__name">{key.name}</span>
                  <KindBadge kind={key.kind} />
                  <code>{key.keyId}</code>
                  {key.revoked ? (
                    <RevokedBadge />
                  ) : (
                    <button type="button" className="button button--small" onClick={() => void markRevoked(key.id)}>
                      Mark {key.keyId} as revoked
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h4 className="walkthrough__subheading">3. Generate the replacement</h4>
          <p>Guided setup takes you through it. Then put the new key wherever the lost one was used: providers, CI secrets, offers.</p>
        </>
      )}
      <div className="button-row walkthrough__nav">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        <button type="button" className="button button--primary" onClick={onReplace} disabled={!guide}>
          Generate the replacement
        </button>
      </div>
    </div>
  );
}
