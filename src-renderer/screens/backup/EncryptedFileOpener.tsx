import type { FormEvent } from 'react';
import type { ResultError } from '../../../src-shared/result';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PassphraseField } from '../../components/PassphraseField';

interface Props {
  noun: 'bundle' | 'backup';
  fileName: string | null;
  busy: boolean;
  onChoose: () => void;
  chooseError: ResultError | null;
  /** False once the file is open: its contents take the form's place. */
  askPassphrase: boolean;
  passphrase: string;
  onPassphraseChange: (passphrase: string) => void;
  onOpen: (event: FormEvent) => void;
  opening: boolean;
  openError: ResultError | null;
  /** False for a bundle encrypted to age keys: it opens with the vault's own. */
  passphraseNeeded?: boolean;
}

/** The first two steps of a bundle import or a restore: choose the encrypted file in main's dialog, then give its passphrase. */
export function EncryptedFileOpener({ noun, fileName, busy, onChoose, chooseError, askPassphrase, passphrase, onPassphraseChange, onOpen, opening, openError, passphraseNeeded = true }: Props) {
  const label = noun === 'bundle' ? 'Bundle' : 'Backup';
  return (
    <>
      <div className="button-row">
        <button type="button" className="button" onClick={onChoose} disabled={busy}>
          {fileName ? `Choose another ${noun}…` : `Choose a ${noun}…`}
        </button>
        {fileName && (
          <span>
            {label}: <code>{fileName}</code>
          </span>
        )}
      </div>
      <ErrorMessage error={chooseError} />

      {fileName && askPassphrase && (
        <form className="form" onSubmit={onOpen}>
          {passphraseNeeded ? (
            <PassphraseField label={`Passphrase of the ${noun}`} value={passphrase} onChange={onPassphraseChange} autoComplete="current-password" autoFocus />
          ) : (
            <p>This {noun} is encrypted to age public keys, not a passphrase: it opens if this vault’s recipient is one of them.</p>
          )}
          <ErrorMessage error={openError} />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={busy || (passphraseNeeded && passphrase === '')}>
              {opening ? 'Decrypting…' : `Open the ${noun}`}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
