import { useEffect, useRef, useState, type FormEvent } from 'react';
import { normalizeBundleId, normalizeIssuerId } from '../../src-shared/keys/identifiers';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES } from '../../src-shared/keys/key-kind';
import { KEY_ENVIRONMENT_LABELS, type KeyEnvironment, type KeySummary } from '../../src-shared/keys/key-record';
import { CopyButton } from '../components/CopyButton';
import { DiscardPrompt } from '../components/DiscardPrompt';
import { EnvironmentField } from '../components/EnvironmentField';
import { ErrorMessage } from '../components/ErrorMessage';
import { KindBadge, RevokedBadge } from '../components/KindBadge';
import { TextField } from '../components/TextField';
import { fieldProblem } from '../field-problem';
import { useEscapeKey } from '../hooks/useEscapeKey';
import { useVaultCall } from '../hooks/useVaultCall';
import { formatDateTime } from '../format-date-time';
import { vault } from '../vault-client';
import { ExportPanel } from './ExportPanel';
import { AppleCheckSection } from './AppleCheckSection';
import { KeyAgeReminder } from './keys/KeyAgeReminder';
import { RevokeConfirmation } from './keys/RevokeConfirmation';
import { WhereUsedSection } from './keys/WhereUsedSection';
import type { ReplacementPlace } from '../../src-shared/keys/replacement';
import { isExportTargetId } from '../../src-shared/exports/export-targets';
import { ReplaceKeyStart } from './replacement/ReplaceKeyStart';
import { ReplacementExportNote } from './replacement/ReplacementExportNote';
import { ReplacementFinished } from './replacement/ReplacementFinished';
import { ReplacementJob } from './replacement/ReplacementJob';
import { ReplacesNote } from './replacement/ReplacesNote';
import { keyAgeText } from '../key-age';

const splitList = (text: string) => text.split(/[\s,]+/).filter((part) => part !== '');

function EditForm({ keySummary, onSaved, onCancel }: { keySummary: KeySummary; onSaved: (key: KeySummary) => void; onCancel: () => void }) {
  const [name, setName] = useState(keySummary.name);
  const [issuerId, setIssuerId] = useState(keySummary.issuerId ?? '');
  const [bundleIds, setBundleIds] = useState(keySummary.bundleIds.join(', '));
  const [tags, setTags] = useState(keySummary.tags.join(', '));
  const [notes, setNotes] = useState(keySummary.notes);
  const [environment, setEnvironment] = useState<KeyEnvironment | ''>(keySummary.environment ?? '');
  const { run, busy, error } = useVaultCall((update: Parameters<ReturnType<typeof vault>['keysUpdate']>[0]['update']) => vault().keysUpdate({ id: keySummary.id, update }));
  const takesIssuerId = keySummary.kind !== 'asc-individual';
  const changed =
    name !== keySummary.name ||
    issuerId !== (keySummary.issuerId ?? '') ||
    bundleIds !== keySummary.bundleIds.join(', ') ||
    tags !== keySummary.tags.join(', ') ||
    notes !== keySummary.notes ||
    environment !== (keySummary.environment ?? '');
  const [askingDiscard, setAskingDiscard] = useState(false);
  useEscapeKey(() => (changed ? setAskingDiscard(true) : onCancel()), !askingDiscard);
  const problems = {
    issuerId: takesIssuerId ? fieldProblem(normalizeIssuerId, issuerId) : null,
    bundleIds: splitList(bundleIds).map((bundleId) => fieldProblem(normalizeBundleId, bundleId)).find((problem) => problem !== null) ?? null,
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await run({
      name,
      notes,
      tags: splitList(tags),
      bundleIds: splitList(bundleIds),
      ...(takesIssuerId ? { issuerId } : {}),
      environment: environment === '' ? null : environment,
    });
    if (result.ok) onSaved(result.value);
  }

  return (
    <form className="form" onSubmit={submit} aria-busy={busy} aria-label="Edit key">
      <TextField label="Name" value={name} onChange={setName} autoFocus />
      {takesIssuerId && <TextField label="Issuer ID" value={issuerId} onChange={setIssuerId} problem={problems.issuerId} monospace />}
      <TextField label="Bundle IDs" value={bundleIds} onChange={setBundleIds} problem={problems.bundleIds} hint="Separated by commas." />
      <TextField label="Tags" value={tags} onChange={setTags} hint="Separated by commas." />
      <EnvironmentField label="Environment" value={environment} onChange={setEnvironment} />
      <TextField label="Notes" value={notes} onChange={setNotes} multiline />
      <ErrorMessage error={error} />
      {askingDiscard && <DiscardPrompt what="your changes to this key" onDiscard={onCancel} onKeep={() => setAskingDiscard(false)} />}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy || problems.issuerId !== null || problems.bundleIds !== null}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function DeleteConfirmation({ keySummary, onDeleted, onCancel }: { keySummary: KeySummary; onDeleted: () => void; onCancel: () => void }) {
  const [typed, setTyped] = useState('');
  const { run, busy, error } = useVaultCall((confirmKeyId: string) => vault().keysDelete({ id: keySummary.id, confirmKeyId }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    if ((await run(typed)).ok) onDeleted();
  }
  return (
    <form className="form notice notice--danger" onSubmit={submit} aria-label="Delete key" role="alertdialog">
      <p>
        Deleting removes this key from the vault for good. Apple lets you download a key only once: unless you have another copy, you
        will have to revoke it and generate a new one. Type the Key ID <code>{keySummary.keyId}</code> to confirm.
      </p>
      <TextField label="Key ID to confirm" value={typed} onChange={setTyped} autoFocus monospace />
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="button button--danger" disabled={busy || typed.trim().toUpperCase() !== keySummary.keyId}>
          Delete for good
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Keep the key
        </button>
      </div>
    </form>
  );
}

type Mode = 'view' | 'edit' | 'delete' | 'export' | 'revoke' | 'replace' | 'replace-export';

interface KeyDetailProps {
  keySummary: KeySummary;
  onSign: () => void;
  onChanged: (key: KeySummary) => void;
  onDeleted: () => void;
  /** True while the key is being edited, exported or deleted: the screen then leaves dropped files alone. */
  onBusyChange: (busy: boolean) => void;
  /** Every key in the vault (null while loading): a replacement's new key and the keys it may choose among. */
  vaultKeys: KeySummary[] | null;
  onShowKey: (id: string) => void;
  /** Opens guided setup for the key that replaces this one. */
  onGuidedReplace: (old: KeySummary) => void;
}

export function KeyDetail({ keySummary, onSign, onChanged, onDeleted, onBusyChange, vaultKeys, onShowKey, onGuidedReplace }: KeyDetailProps) {
  const [mode, setMode] = useState<Mode>('view');
  useEffect(() => {
    onBusyChange(mode !== 'view');
    return () => onBusyChange(false);
  }, [mode, onBusyChange]);
  // The edit form asks before Escape drops typed changes; an export or a delete confirmation just closes.
  useEscapeKey(() => setMode('view'), mode === 'export' || mode === 'delete' || mode === 'replace-export');
  // Back in the view, the focus returns to the button that left it.
  const section = useRef<HTMLElement>(null);
  const leftFrom = useRef<string | null>(null);
  useEffect(() => {
    if (mode !== 'view' || leftFrom.current === null) return;
    section.current?.querySelector<HTMLElement>(`[data-opens="${CSS.escape(leftFrom.current)}"]`)?.focus();
    leftFrom.current = null;
  }, [mode]);
  const open = (next: Mode, opener: string = next) => {
    leftFrom.current = opener;
    setMode(next);
  };
  /** Asks before starting this key's replacement (also for a reminder that the key is due for one). */
  const startReplacing = () => open('replace');
  const [replaceExport, setReplaceExport] = useState<{ newKey: KeySummary; place: ReplacementPlace } | null>(null);
  const [finishedWith, setFinishedWith] = useState<string | null>(null);
  const revoke = useVaultCall((id: string) => (keySummary.revoked ? vault().keysUnrevoke({ id }) : vault().keysRevoke({ id })));

  async function toggleRevoked() {
    const result = await revoke.run(keySummary.id);
    if (result.ok) {
      setMode('view');
      onChanged(result.value);
    }
  }

  if (mode === 'replace-export' && replaceExport) {
    const { newKey, place } = replaceExport;
    return (
      <ExportPanel
        keySummary={newKey}
        initialTarget={place.type === 'export' && isExportTargetId(place.target) ? place.target : undefined}
        note={<ReplacementExportNote oldName={keySummary.name} place={place} />}
        onClose={() => setMode('view')}
        onExported={() => onChanged(keySummary)}
      />
    );
  }

  if (mode === 'export') {
    return (
      <ExportPanel
        keySummary={keySummary}
        onClose={() => setMode('view')}
        onExported={() => onChanged(keySummary)}
      />
    );
  }

  return (
    <section className="panel" aria-labelledby="key-detail-title" ref={section}>
      <div className="detail-header">
        <h2 id="key-detail-title">{keySummary.name}</h2>
        <KindBadge kind={keySummary.kind} />
        {keySummary.revoked && <RevokedBadge />}
      </div>
      <p className="muted small">
        {KEY_KIND_LABELS[keySummary.kind]} · from {KEY_KIND_SOURCES[keySummary.kind]}
      </p>
      {mode === 'view' && <KeyAgeReminder keySummary={keySummary} onReplace={startReplacing} />}
      {mode === 'view' && <ReplacesNote keySummary={keySummary} vaultKeys={vaultKeys} onShowKey={onShowKey} />}
      {finishedWith !== null && <ReplacementFinished keySummary={keySummary} newKey={vaultKeys?.find((key) => key.id === finishedWith)} onShowKey={onShowKey} />}
      {mode === 'replace' && (
        <ReplaceKeyStart
          keySummary={keySummary}
          onStarted={(key) => {
            leftFrom.current = null;
            setMode('view');
            onChanged(key);
          }}
          onCancel={() => setMode('view')}
        />
      )}
      {mode === 'view' && keySummary.replacement && (
        <ReplacementJob
          keySummary={keySummary}
          vaultKeys={vaultKeys}
          onChanged={onChanged}
          onGuidedSetup={() => onGuidedReplace(keySummary)}
          onExport={(newKey, place) => {
            setReplaceExport({ newKey, place });
            open('replace-export', `replace-export:${place.id}`);
          }}
          onShowKey={onShowKey}
          onFinished={(key, newKeyId) => {
            setFinishedWith(newKeyId);
            onChanged(key);
          }}
        />
      )}
      {mode === 'edit' ? (
        <EditForm
          keySummary={keySummary}
          onSaved={(key) => {
            setMode('view');
            onChanged(key);
          }}
          onCancel={() => setMode('view')}
        />
      ) : (
        <dl className="facts">
          <dt>Key ID</dt>
          <dd>
            <code>{keySummary.keyId}</code> <CopyButton keyId={keySummary.id} field="keyId" label="Copy Key ID" />
          </dd>
          {keySummary.issuerId && (
            <>
              <dt>Issuer ID</dt>
              <dd>
                <code>{keySummary.issuerId}</code> <CopyButton keyId={keySummary.id} field="issuerId" label="Copy Issuer ID" />
              </dd>
            </>
          )}
          <dt>Bundle IDs</dt>
          <dd>{keySummary.bundleIds.length > 0 ? keySummary.bundleIds.join(', ') : <span className="muted">None</span>}</dd>
          {keySummary.environment && (
            <>
              <dt>Environment</dt>
              <dd>{KEY_ENVIRONMENT_LABELS[keySummary.environment]}</dd>
            </>
          )}
          {keySummary.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>{keySummary.tags.join(', ')}</dd>
            </>
          )}
          {keySummary.notes && (
            <>
              <dt>Notes</dt>
              <dd className="notes">{keySummary.notes}</dd>
            </>
          )}
          <dt>File</dt>
          <dd>
            <code>{keySummary.originalFileName}</code>
          </dd>
          <dt>Public key SHA-256</dt>
          <dd>
            <code className="fingerprint">{keySummary.fingerprint}</code>
          </dd>
          <dt>Added</dt>
          <dd>
            {keyAgeText(keySummary.createdAt, new Date())} <span className="muted small">({formatDateTime(keySummary.createdAt)})</span>
          </dd>
          {keySummary.revokedAt && (
            <>
              <dt>Marked revoked</dt>
              <dd>{formatDateTime(keySummary.revokedAt)}</dd>
            </>
          )}
        </dl>
      )}
      {mode === 'view' && <WhereUsedSection key={`used-${keySummary.id}`} keySummary={keySummary} onChanged={onChanged} />}
      {mode === 'view' && <AppleCheckSection key={keySummary.id} keySummary={keySummary} onChanged={onChanged} />}
      {mode === 'revoke' && <RevokeConfirmation keySummary={keySummary} busy={revoke.busy} onConfirm={() => void toggleRevoked()} onCancel={() => setMode('view')} />}
      {mode === 'delete' && <DeleteConfirmation keySummary={keySummary} onDeleted={onDeleted} onCancel={() => setMode('view')} />}
      <ErrorMessage error={revoke.error} />
      {mode === 'view' && (
        <div className="button-row">
          {!keySummary.revoked && (
            <button type="button" className="button button--primary" onClick={onSign}>
              Sign…
            </button>
          )}
          <button type="button" className="button" data-opens="export" onClick={() => open('export')}>
            Export…
          </button>
          <button type="button" className="button" data-opens="edit" onClick={() => open('edit')}>
            Edit
          </button>
          {keySummary.revoked ? (
            <button type="button" className="button" onClick={() => void toggleRevoked()} disabled={revoke.busy}>
              Mark as active
            </button>
          ) : (
            <button type="button" className="button" data-opens="revoke" onClick={() => open('revoke')}>
              Mark as revoked…
            </button>
          )}
          {!keySummary.replacement && (
            <button type="button" className="button" data-opens="replace" onClick={startReplacing}>
              Replace this key…
            </button>
          )}
          <button type="button" className="button button--danger" data-opens="delete" onClick={() => open('delete')}>
            Delete…
          </button>
        </div>
      )}
    </section>
  );
}
