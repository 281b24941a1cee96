import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { StrayCopy, StrayScanResult, StrayTrashResult } from '../../src-shared/scan/stray-copies';
import { countText } from '../count-text';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { useVaultQuery } from '../hooks/useVaultQuery';
import { vault } from '../vault-client';
import { StrayImportOffer } from './StrayImportOffer';

/**
 * Plaintext copies of private keys left in folders: which the vault already holds (they can go to the
 * trash, one confirmation for the lot) and which it lacks (import them). Main picks the folders and
 * reads the files; this screen sees paths, kinds, Key IDs and vault matches only.
 */
export function StrayCopiesScreen() {
  const [includeDefaults, setIncludeDefaults] = useState(true);
  const [result, setResult] = useState<StrayScanResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [trashed, setTrashed] = useState<StrayTrashResult | null>(null);
  const [importingId, setImportingId] = useState<string | null>(null);
  const [added, setAdded] = useState<KeySummary | null>(null);
  const addedMessage = useRef<HTMLParagraphElement>(null);
  // The form that had focus is gone once the key is in: focus lands on what happened.
  useEffect(() => {
    if (added) addedMessage.current?.focus();
  }, [added]);
  const loadFolders = useCallback(() => vault().strayFolders(), []);
  const folders = useVaultQuery(loadFolders);
  const [chosen, setChosen] = useState<string[] | null>(null);
  const choose = useVaultCall(() => vault().strayChooseFolder());
  const scanner = useVaultCall((request: { includeDefaults: boolean }) => vault().strayScan(request));
  const trasher = useVaultCall((request: { ids: string[] }) => vault().strayTrash(request));

  const chosenFolders = chosen ?? folders.value?.chosen ?? [];
  const defaults = folders.value?.defaults ?? [];
  const removable = (result?.copies ?? []).filter((copy) => copy.inVault && copy.onlyKey);
  const nothingToScan = chosenFolders.length === 0 && (!includeDefaults || defaults.length === 0);

  async function addFolder() {
    const answer = await choose.run();
    if (answer.ok && answer.value) setChosen(answer.value.chosen);
  }

  async function scan() {
    setTrashed(null);
    setConfirming(false);
    setImportingId(null);
    setAdded(null);
    const answer = await scanner.run({ includeDefaults });
    if (answer.ok) setResult(answer.value);
  }

  /** The row now says the vault holds the key, so its file joins the copies that can go to the trash (main re-checks). */
  function markImported(copyId: string, key: KeySummary) {
    setImportingId(null);
    setAdded(key);
    setResult((current) =>
      current ? { ...current, copies: current.copies.map((copy) => (copy.id === copyId ? { ...copy, inVault: { keyId: key.keyId, name: key.name } } : copy)) } : current,
    );
  }

  async function moveToTrash() {
    const answer = await trasher.run({ ids: removable.map((copy) => copy.id) });
    setConfirming(false);
    if (!answer.ok) return;
    setTrashed(answer.value);
    setAdded(null);
    const gone = new Set(answer.value.trashed);
    setResult((current) => (current ? { ...current, copies: current.copies.filter((copy) => !gone.has(copy.path)) } : current));
  }

  return (
    <div>
      <h2>Stray copies</h2>
      <p>
        Looks for private keys left in plaintext on this computer, by their contents, whatever the files are called. Dependency and version-control
        folders, symbolic links, files over 256 KiB and folders more than 8 levels down are not looked into.
      </p>
      <section className="panel" aria-labelledby="stray-folders-title">
        <h3 id="stray-folders-title">Where to look</h3>
        <ErrorMessage error={folders.error} onRetry={folders.reload} />
        <label className="choice">
          <input type="checkbox" checked={includeDefaults} onChange={(event) => setIncludeDefaults(event.target.checked)} />
          The usual places: {defaults.length > 0 ? defaults.map((folder) => <code key={folder}>{folder} </code>) : 'Downloads, Desktop and Documents'}
        </label>
        {chosenFolders.length > 0 && (
          <ul aria-label="Folders you added">
            {chosenFolders.map((folder) => (
              <li key={folder}>
                <code>{folder}</code>
              </li>
            ))}
          </ul>
        )}
        <ErrorMessage error={choose.error} />
        <div className="button-row">
          <button type="button" className="button" onClick={() => void addFolder()} disabled={choose.busy}>
            Add a folder…
          </button>
          <button type="button" className="button button--primary" onClick={() => void scan()} disabled={scanner.busy || nothingToScan}>
            {scanner.busy ? 'Scanning…' : 'Scan'}
          </button>
        </div>
        <ErrorMessage error={scanner.error} />
      </section>

      {result && (
        <section className="panel" aria-labelledby="stray-results-title" aria-busy={trasher.busy}>
          <h3 id="stray-results-title">What the scan found</h3>
          <p role="status">
            {result.copies.length === 0
              ? `No private keys in the ${countText(result.filesRead, 'file')} read.`
              : `${countText(result.copies.length, 'file')} with a private key in plaintext, in ${countText(result.filesRead, 'file')} read.`}
          </p>
          {result.copies.length > 0 && (
            <ul aria-label="Files holding private keys">
              {result.copies.map((copy) => (
                <li key={copy.id}>
                  <code id={`stray-path-${copy.id}`}>{copy.path}</code>
                  <span className="muted small"> {describeCopy(copy)}</span>
                  {importable(copy) && (
                    <StrayImportOffer
                      copy={copy}
                      describedBy={`stray-path-${copy.id}`}
                      open={importingId === copy.id}
                      onOpenChange={(open) => setImportingId(open ? copy.id : null)}
                      onImported={(key) => markImported(copy.id, key)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
          {added && (
            <p className="success-message" role="status" tabIndex={-1} ref={addedMessage}>
              Added “{added.name}” ({added.keyId}) to the vault. Its plaintext copy can now go to the trash with the others.
            </p>
          )}
          {trashed && (
            <p className="success-message" role="status">
              Moved {countText(trashed.trashed.length, 'file')} to the trash.
              {trashed.kept.map((entry) => ` Kept ${entry.path}: ${entry.reason}.`).join('')}
            </p>
          )}
          <ErrorMessage error={trasher.error} />
          {removable.length > 0 && !confirming && (
            <div className="button-row">
              <button type="button" className="button" onClick={() => setConfirming(true)}>
                Move {removable.length} {removable.length === 1 ? 'copy' : 'copies'} of vaulted keys to the trash…
              </button>
            </div>
          )}
          {confirming && (
            <div role="alertdialog" aria-labelledby="stray-confirm-title">
              <p id="stray-confirm-title">
                Move these {countText(removable.length, 'file')} to the system trash? The vault holds each key; you can put a file back from the trash.
              </p>
              <div className="button-row">
                <button type="button" className="button button--danger" onClick={() => void moveToTrash()} disabled={trasher.busy} autoFocus>
                  {trasher.busy ? 'Moving…' : 'Move to the trash'}
                </button>
                <button type="button" className="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </div>
  );
}

function describeCopy(copy: StrayCopy): string {
  if (copy.inVault) {
    const where = `a copy of "${copy.inVault.name}" (${copy.inVault.keyId}), which the vault holds`;
    return copy.onlyKey ? where : `${where}; the file holds other text too, so edit it yourself`;
  }
  if (copy.encrypted) return 'an encrypted key: it cannot be matched without its passphrase';
  const foreign = FOREIGN_FORMS[copy.kind];
  if (foreign) return `${foreign}, not an App Store Connect key (those are EC P-256): the vault does not take it`;
  const notInVault = `not in the vault${copy.keyIdFromName ? ` (Key ID ${copy.keyIdFromName} from its name)` : ''}`;
  if (!copy.onlyKey) return `${notInVault}; the file holds other text too: copy the key, from its BEGIN line to its END line, and add it on Keys with Paste from clipboard`;
  return notInVault;
}

const FOREIGN_FORMS: Partial<Record<StrayCopy['kind'], string>> = { rsa: 'an RSA key', openssh: 'an OpenSSH key', other: 'some other kind of private key' };

/** A key the vault lacks, alone in its file, in a form App Store Connect keys come in: main opens it for the add-key form. */
function importable(copy: StrayCopy): boolean {
  return !copy.inVault && !copy.encrypted && copy.onlyKey && (copy.kind === 'pkcs8' || copy.kind === 'sec1');
}
