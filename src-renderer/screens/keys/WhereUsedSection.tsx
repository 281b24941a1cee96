import { useRef, useState, type FormEvent } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { MAX_USED_IN_LABEL, whereUsed, type WhereUsedLine } from '../../../src-shared/keys/used-in';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/TextField';
import { formatDateTime } from '../../format-date-time';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';

type Editing = { type: 'edit' | 'remove'; entryId: string } | null;

const tooLong = (label: string) => (label.trim().length > MAX_USED_IN_LABEL ? `At most ${MAX_USED_IN_LABEL} characters; this is ${label.trim().length}.` : null);

/** A key's "Where used": the places the user added by hand (add, rename, remove after asking) and every export main wrote. */
export function WhereUsedSection({ keySummary, onChanged }: { keySummary: KeySummary; onChanged: (key: KeySummary) => void }) {
  const [label, setLabel] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const section = useRef<HTMLElement>(null);
  const add = useVaultCall((text: string) => vault().keysAddUsedIn({ id: keySummary.id, label: text }));
  const lines = whereUsed(keySummary);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await add.run(label);
    if (!result.ok) return;
    setLabel('');
    onChanged(result.value);
  }

  function closeEntry(entryId: string, changed?: KeySummary) {
    setEditing(null);
    if (changed) onChanged(changed);
    // Back to the entry's Edit button, or to the add field once the entry is gone.
    requestAnimationFrame(() => {
      const target = section.current?.querySelector<HTMLElement>(`[data-entry="${entryId}"] [data-opens="edit"]`) ?? section.current?.querySelector<HTMLElement>('input');
      target?.focus();
    });
  }

  return (
    <section className="where-used" aria-labelledby="where-used-title" ref={section}>
      <h3 id="where-used-title">Where used</h3>
      {lines.length === 0 ? (
        <p className="muted small">Not exported yet. Add the places this key is used, so you know what to update when it is replaced.</p>
      ) : (
        <ul className="where-used__list">
          {lines.map((line) =>
            line.entryId === undefined ? (
              <ExportLine key={`${line.target ?? ''}-${line.at}`} line={line} />
            ) : (
              <li key={line.entryId} data-entry={line.entryId}>
                {editing?.entryId === line.entryId && editing.type === 'edit' ? (
                  <RenameForm keySummary={keySummary} line={line} onDone={(changed) => closeEntry(line.entryId ?? '', changed)} />
                ) : editing?.entryId === line.entryId && editing.type === 'remove' ? (
                  <RemoveQuestion keySummary={keySummary} line={line} onDone={(changed) => closeEntry(line.entryId ?? '', changed)} />
                ) : (
                  <AddedLine line={line} onEdit={() => setEditing({ type: 'edit', entryId: line.entryId ?? '' })} onRemove={() => setEditing({ type: 'remove', entryId: line.entryId ?? '' })} />
                )}
              </li>
            ),
          )}
        </ul>
      )}
      <form className="where-used__add" onSubmit={submit} aria-label="Add where this key is used" aria-busy={add.busy}>
        <TextField label="Add a place" value={label} onChange={setLabel} placeholder="A project, workflow or service" problem={tooLong(label)} />
        <button type="submit" className="button" disabled={add.busy || label.trim() === '' || tooLong(label) !== null}>
          Add
        </button>
      </form>
      <ErrorMessage error={add.error} />
    </section>
  );
}

function ExportLine({ line }: { line: WhereUsedLine }) {
  return (
    <li>
      <span>Exported to {line.label}</span> <span className="muted small">{formatDateTime(line.at)}</span>
      {line.destination !== undefined && (
        <>
          {' '}
          <code className="where-used__destination">{line.destination}</code>
        </>
      )}
    </li>
  );
}

function AddedLine({ line, onEdit, onRemove }: { line: WhereUsedLine; onEdit: () => void; onRemove: () => void }) {
  return (
    <div className="where-used__entry">
      <span className="where-used__label">{line.label}</span> <span className="muted small">added {formatDateTime(line.at)}</span>
      <span className="where-used__actions">
        <button type="button" className="button button--small" data-opens="edit" onClick={onEdit} aria-label={`Rename “${line.label}”`}>
          Rename
        </button>
        <button type="button" className="button button--small" onClick={onRemove} aria-label={`Remove “${line.label}”`}>
          Remove…
        </button>
      </span>
    </div>
  );
}

function RenameForm({ keySummary, line, onDone }: { keySummary: KeySummary; line: WhereUsedLine; onDone: (changed?: KeySummary) => void }) {
  const [label, setLabel] = useState(line.label);
  const rename = useVaultCall((text: string) => vault().keysEditUsedIn({ id: keySummary.id, entryId: line.entryId ?? '', label: text }));
  useEscapeKey(() => onDone());
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await rename.run(label);
    if (result.ok) onDone(result.value);
  }
  return (
    <form className="where-used__rename" onSubmit={submit} aria-label={`Rename “${line.label}”`} aria-busy={rename.busy}>
      <TextField label="Place" value={label} onChange={setLabel} problem={tooLong(label)} autoFocus />
      <div className="button-row">
        <button type="submit" className="button button--primary button--small" disabled={rename.busy || label.trim() === '' || tooLong(label) !== null}>
          Save
        </button>
        <button type="button" className="button button--small" onClick={() => onDone()}>
          Cancel
        </button>
      </div>
      <ErrorMessage error={rename.error} />
    </form>
  );
}

function RemoveQuestion({ keySummary, line, onDone }: { keySummary: KeySummary; line: WhereUsedLine; onDone: (changed?: KeySummary) => void }) {
  const remove = useVaultCall(() => vault().keysRemoveUsedIn({ id: keySummary.id, entryId: line.entryId ?? '' }));
  useEscapeKey(() => onDone());
  async function confirm() {
    const result = await remove.run();
    if (result.ok) onDone(result.value);
  }
  return (
    <div className="notice notice--warning where-used__remove" role="alertdialog" aria-label={`Remove “${line.label}”?`}>
      <p>Remove “{line.label}” from where this key is used? The activity log keeps a line saying it was removed.</p>
      <div className="button-row">
        <button type="button" className="button button--danger button--small" onClick={() => void confirm()} disabled={remove.busy} autoFocus>
          Remove
        </button>
        <button type="button" className="button button--small" onClick={() => onDone()}>
          Keep it
        </button>
      </div>
      <ErrorMessage error={remove.error} />
    </div>
  );
}
