import { useEffect, useId, useState, type FormEvent, type RefObject } from 'react';
import { normalizeBundleId, normalizeIssuerId, normalizeKeyId } from '../../src-shared/keys/identifiers';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, KEY_KINDS, type KeyKind } from '../../src-shared/keys/key-kind';
import { type KeyEnvironment, type KeyFileRef, type KeyImportResult } from '../../src-shared/keys/key-record';
import { EnvironmentField } from '../components/EnvironmentField';
import { ErrorMessage } from '../components/ErrorMessage';
import { RecentDownloadOffer } from '../components/RecentDownloadOffer';
import { TextField } from '../components/TextField';
import { fieldProblem } from '../field-problem';
import { fileSource, identityProblem, splitList, useKeyImport, type DroppedFile } from '../hooks/useKeyImport';
import { vault } from '../vault-client';

interface ImportKeyPanelProps {
  /** A key file handed over by what opened the panel (a drop elsewhere on the Keys screen, a stray copy found by a scan); inspected as if dropped on it. */
  droppedFile: DroppedFile | null;
  /** Where the screen hands later drops beside the open panel: they replace the file and keep what was typed. */
  screenDropsRef: RefObject<((file: DroppedFile) => void) | null>;
  onImported: (result: KeyImportResult, sourceFile: KeyFileRef | null) => void;
  onCancel: () => void;
}

/** Import from a file (dialog or drop) or the clipboard; every check is shown as the user types. */
export function ImportKeyPanel({ droppedFile, screenDropsRef, onImported, onCancel }: ImportKeyPanelProps) {
  const [kind, setKind] = useState<KeyKind | ''>('');
  const [keyId, setKeyId] = useState('');
  const [issuerId, setIssuerId] = useState('');
  const [bundleIds, setBundleIds] = useState('');
  const [name, setName] = useState('');
  const [notes, setNotes] = useState('');
  const [environment, setEnvironment] = useState<KeyEnvironment | ''>('');
  const [knownIssuerIds, setKnownIssuerIds] = useState<string[]>([]);
  const issuerListId = useId();
  const { source, inspection, sourceError, watch, inspect, chooseFile, dropZone, importKey, importing: busy, importError: error, sourceFile } = useKeyImport({
    watchDownloads: true,
    droppedFile,
    onInspected: (found) => {
      if (found.fileKind) setKind(found.fileKind === 'in-app-purchase' ? 'in-app-purchase' : 'asc-team');
      if (found.fileKeyId) setKeyId(found.fileKeyId);
    },
  });

  useEffect(() => {
    screenDropsRef.current = (file) => void inspect(fileSource(file));
    return () => {
      screenDropsRef.current = null;
    };
  }, [screenDropsRef, inspect]);

  useEffect(() => {
    void vault()
      .keysIssuerIds()
      .then((result) => result.ok && setKnownIssuerIds(result.value));
  }, []);

  const takesIssuerId = kind !== 'asc-individual';
  const problems = {
    keyId: fieldProblem(normalizeKeyId, keyId),
    issuerId: takesIssuerId ? fieldProblem(normalizeIssuerId, issuerId) : null,
    bundleIds: splitList(bundleIds).map((bundleId) => fieldProblem(normalizeBundleId, bundleId)).find((problem) => problem !== null) ?? null,
    identity: source?.type === 'file' && kind !== '' ? identityProblem(source.label, kind, keyId) : null,
  };
  const ready = source !== null && inspection !== null && !inspection.duplicateOf && kind !== '' && keyId !== '' && (!takesIssuerId || issuerId !== '') && Object.values(problems).every((problem) => problem === null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!source || kind === '') return;
    const result = await importKey({
      kind,
      keyId,
      ...(takesIssuerId ? { issuerId } : {}),
      bundleIds: splitList(bundleIds),
      name,
      notes,
      ...(environment === '' ? {} : { environment }),
    });
    if (result.ok) onImported(result.value, sourceFile);
  }

  return (
    <section
      aria-labelledby="import-title"
      className={`panel drop-zone${dropZone.dragging ? ' drop-zone--active' : ''}`}
      onDragOver={dropZone.onDragOver}
      onDragLeave={dropZone.onDragLeave}
      onDrop={dropZone.onDrop}
    >
      <h2 id="import-title">Add a key</h2>
      <p className="muted">Choose the .p8 file you downloaded from App Store Connect, drop it here, or paste the key text you copied.</p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void chooseFile()}>
          Choose file…
        </button>
        <button type="button" className="button" onClick={() => void inspect({ type: 'clipboard', label: 'Pasted key' })}>
          Paste from clipboard
        </button>
      </div>
      {!source && watch.state === 'watching' && (
        <p className="watching" role="status">
          <span className="spinner" aria-hidden="true" />
          Waiting for <code>SubscriptionKey_….p8</code> or <code>AuthKey_….p8</code> to arrive in <code>{watch.folder}</code>
        </p>
      )}
      {!source && watch.state === 'watching' && <RecentDownloadOffer files={watch.recent} onUse={(file) => void inspect(fileSource(file))} />}
      {!source && watch.state === 'unavailable' && <p className="muted small">{watch.message}</p>}
      {source && (
        <p className="source-line" role="status">
          Source: <strong>{source.label}</strong>
          {inspection ? ' · a valid P-256 private key' : !sourceError && ' · checking the key…'}
        </p>
      )}
      <ErrorMessage error={sourceError} />
      {inspection?.duplicateOf && (
        <p className="error-message" role="alert">
          This key is already in the vault as “{inspection.duplicateOf.name}” (Key ID {inspection.duplicateOf.keyId}).
        </p>
      )}
      {inspection && !inspection.duplicateOf && (
        <form className="form" onSubmit={submit} aria-busy={busy}>
          <fieldset className="choice-group">
            <legend>Kind of key</legend>
            {KEY_KINDS.map((option) => (
              <label key={option} className="choice">
                <input type="radio" name="kind" value={option} checked={kind === option} onChange={() => setKind(option)} />
                <span>
                  <strong>{KEY_KIND_LABELS[option]}</strong>
                  <span className="muted small"> · {KEY_KIND_SOURCES[option]}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {problems.identity && (
            <p className="error-message" role="alert">
              {problems.identity}
            </p>
          )}
          <TextField label="Key ID" value={keyId} onChange={setKeyId} problem={problems.keyId} monospace hint="The 10-character ID in the Key ID column of App Store Connect, not the key’s name." />
          {takesIssuerId && (
            <>
              <TextField
                label="Issuer ID"
                value={issuerId}
                onChange={setIssuerId}
                problem={problems.issuerId}
                list={issuerListId}
                monospace
                hint="Shown above the keys table on the App Store Connect API tab; one per team."
              />
              <datalist id={issuerListId}>
                {knownIssuerIds.map((known) => (
                  <option key={known} value={known} />
                ))}
              </datalist>
            </>
          )}
          <TextField label="Bundle IDs (optional)" value={bundleIds} onChange={setBundleIds} problem={problems.bundleIds} hint="The apps this key is used with, separated by commas." />
          <TextField label="Name (optional)" value={name} onChange={setName} hint="For you; App Store Connect does not use it." />
          <EnvironmentField label="Environment (optional)" value={environment} onChange={setEnvironment} />
          <TextField label="Notes (optional)" value={notes} onChange={setNotes} multiline />
          <ErrorMessage error={error} />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={!ready || busy}>
              {busy ? 'Adding…' : 'Add to vault'}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!inspection && (
        <div className="button-row">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
