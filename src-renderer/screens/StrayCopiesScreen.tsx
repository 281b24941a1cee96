import { useCallback, useState } from 'react';
import type { StrayCopy, StrayScanResult, StrayTrashResult } from '../../src-shared/scan/stray-copies';
import { countText } from '../count-text';
import { ErrorMessage } from '../components/ErrorMessage';
import { useVaultCall } from '../hooks/useVaultCall';
import { useVaultQuery } from '../hooks/useVaultQuery';
import { vault } from '../vault-client';

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
    const answer = await scanner.run({ includeDefaults });
    if (answer.ok) setResult(answer.value);
  }

  async function moveToTrash() {
    const answer = await trasher.run({ ids: removable.map((copy) => copy.id) });
    setConfirming(false);
    if (!answer.ok) return;
    setTrashed(answer.value);
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
                  <code>{copy.path}</code>
                  <span className="muted small"> {describeCopy(copy)}</span>
                </li>
              ))}
            </ul>
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
  return `not in the vault${copy.keyIdFromName ? ` (Key ID ${copy.keyIdFromName} from its name)` : ''}: import it from Keys, then remove this copy`;
}
