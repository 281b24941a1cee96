import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyImportResult, KeySummary } from '../../src-shared/keys/key-record';
import { keyMatcher } from '../../src-shared/keys/key-search';
import type { ResultError } from '../../src-shared/result';
import { DiscardPrompt } from '../components/DiscardPrompt';
import { ErrorMessage } from '../components/ErrorMessage';
import { useEscapeKey } from '../hooks/useEscapeKey';
import { useFileDrop, type DroppedFile } from '../hooks/useKeyImport';
import { useKeyList } from '../hooks/useKeyList';
import { useReplacementReminderDays } from '../hooks/useReplacementReminderDays';
import { SHORTCUTS } from '../shortcuts';
import { vault } from '../vault-client';
import { useBackupStatus } from './backup/BackupStatusProvider';
import { ImportKeyPanel } from './ImportKeyPanel';
import { EmptyDetail } from './keys/EmptyDetail';
import { DEFAULT_KEY_LIST_VIEW, type KeyListView } from './keys/key-list-order';
import { KeyListPane } from './keys/KeyListPane';
import { KeyDetail } from './KeyDetail';
import { ReplacementBanner } from './replacement/ReplacementBanner';
import { replacementDraft, replacementSetupStart } from './replacement/replacement-progress';
import { Walkthrough } from './walkthrough/Walkthrough';
import { useWalkthroughSession } from './walkthrough/WalkthroughSession';

type Pane = { type: 'empty' } | { type: 'import'; dropped?: DroppedFile } | { type: 'guided' } | { type: 'detail'; id: string };

interface Imported {
  result: KeyImportResult;
  sourceFile: DroppedFile | null;
  sourceDeleted: boolean;
}

function ImportedNotice({ imported, onSourceDeleted, onDismiss }: { imported: Imported; onSourceDeleted: () => void; onDismiss: () => void }) {
  const [error, setError] = useState<ResultError | null>(null);
  async function deleteSource() {
    if (!imported.sourceFile) return;
    const result = await vault().keysDeleteSourceFile({ fileId: imported.sourceFile.fileId });
    if (result.ok) onSourceDeleted();
    else setError(result.error);
  }
  return (
    <div className="notice notice--success" role="status">
      <div>
        <p>
          <strong>“{imported.result.key.name}” is in the vault</strong>, checked against the file byte for byte.
        </p>
        {imported.result.notices.map((notice) => (
          <p key={notice} className="small">
            {notice}
          </p>
        ))}
        {imported.sourceFile && !imported.sourceDeleted && (
          <p className="small">
            The plaintext file <code>{imported.sourceFile.fileName}</code> is still on disk. Delete it now that the vault holds the key?
          </p>
        )}
        {imported.sourceDeleted && <p className="small">The plaintext file was deleted.</p>}
        <ErrorMessage error={error} />
        <div className="button-row">
          {imported.sourceFile && !imported.sourceDeleted && (
            <button type="button" className="button" onClick={() => void deleteSource()}>
              Delete {imported.sourceFile.fileName}
            </button>
          )}
          <button type="button" className="button button--quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      </div>
    </div>
  );
}

/** A shortcut or menu item aimed at this screen; `seq` tells a repeat of the same command from the last one. */
export interface KeysCommand {
  name: 'find' | 'add-key';
  seq: number;
}

/** Whether the add-key panel holds anything the user would lose: a file chosen, or text typed. */
function importPanelHasWork(): boolean {
  const panel = document.querySelector('[aria-labelledby="import-title"]');
  if (!panel) return false;
  const typed = [...panel.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type]), input[type="text"], textarea')].some((field) => field.value.trim() !== '');
  return typed || panel.querySelector('.source-line') !== null;
}

/** Puts the focus on the list's one Tab stop: the open key's row, or the first. */
function focusKeyList(): void {
  document.querySelector<HTMLElement>('.key-rows button[tabindex="0"]')?.focus();
}

export function KeysScreen({ onSign, command }: { onSign: (id: string) => void; command: KeysCommand | null }) {
  const [query, setQuery] = useState('');
  const walkthrough = useWalkthroughSession();
  // Guided setup comes back where it was, after a lock or a visit to another section.
  const [pane, setPane] = useState<Pane>(() => (walkthrough.draft?.shown ? { type: 'guided' } : { type: 'empty' }));
  // Guided setup for a replacement's new key, which asks before it drops another guided setup in progress.
  const [replacingOverDraft, setReplacingOverDraft] = useState<KeySummary | null>(null);
  const showPane = (next: Pane) => {
    setReplacingOverDraft(null);
    if (next.type === 'guided') walkthrough.show();
    else walkthrough.hide();
    setPane(next);
  };
  // A key file dropped anywhere on the screen opens the add-key form on it (or gives it to the open one). Not while a
  // key is being edited, exported or deleted, or in guided setup, whose download step takes drops of its own.
  const [detailBusy, setDetailBusy] = useState(false);
  const openImportPanel = useRef<((file: DroppedFile) => void) | null>(null);
  const screenDrop = useFileDrop(
    (file) => {
      if (!file) return;
      if (openImportPanel.current) openImportPanel.current(file);
      else showPane({ type: 'import', dropped: file });
    },
    pane.type === 'empty' || pane.type === 'import' || (pane.type === 'detail' && !detailBusy),
  );
  const [imported, setImported] = useState<Imported | null>(null);
  const [revision, setRevision] = useState(0);
  const { refresh: refreshBackupStatus } = useBackupStatus();
  // Every change to the keys may change the backup reminder (a key newer than the last backup).
  const reload = useCallback(() => {
    setRevision((value) => value + 1);
    refreshBackupStatus();
  }, [refreshBackupStatus]);
  // One keys.list per reload; the search filters what it answered, so typing asks main nothing and the
  // list follows the newest query, after each keystroke's own update when a long list takes a while to draw.
  const { keys, error: listError } = useKeyList({ revision });
  const searched = useDeferredValue(query);
  const foundKeys = useMemo(() => (keys && searched.trim() !== '' ? keys.filter(keyMatcher(searched)) : keys), [keys, searched]);
  const [view, setView] = useState<KeyListView>(DEFAULT_KEY_LIST_VIEW);
  const reminderDays = useReplacementReminderDays();
  const [askingDiscard, setAskingDiscard] = useState(false);
  const openReplacementSetup = (old: KeySummary, discardOther = false) => {
    const start = replacementSetupStart(old, walkthrough.draft);
    if (start === 'ask' && !discardOther) {
      setReplacingOverDraft(old);
      return;
    }
    setReplacingOverDraft(null);
    walkthrough.show(start === 'resume' ? undefined : replacementDraft(old));
    setPane({ type: 'guided' });
  };
  const keepOtherSetup = () => {
    setReplacingOverDraft(null);
    // Back to the button that asked, on the key's replacement job.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-opens="replacement-setup"]')?.focus());
  };
  const closePane = () => {
    setAskingDiscard(false);
    showPane({ type: 'empty' });
    // After the pane's content is gone, so the list's Tab stop is the closed key's row.
    requestAnimationFrame(focusKeyList);
  };
  // Guided setup and the key detail's own forms take Escape themselves; the add-key form asks before losing work.
  useEscapeKey(
    () => {
      if (pane.type === 'import' && importPanelHasWork()) setAskingDiscard(true);
      else closePane();
    },
    (pane.type === 'detail' || pane.type === 'import') && !askingDiscard,
  );

  // A command is handled once, as it arrives (React's way to adjust state to a changed prop, without an effect).
  const [handledCommand, setHandledCommand] = useState(0);
  if (command && command.seq !== handledCommand) {
    setHandledCommand(command.seq);
    if (command.name === 'add-key' && pane.type !== 'import') showPane({ type: 'import' });
  }
  // After a delete, the focus goes to the list once it no longer holds the deleted key.
  const focusListOnReload = useRef(false);
  useEffect(() => {
    if (!focusListOnReload.current) return;
    focusListOnReload.current = false;
    focusKeyList();
  }, [keys]);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (command?.name !== 'find') return;
    search.current?.focus();
    search.current?.select();
  }, [command]);
  // Looked up among all keys, so a search or filter that hides the open key leaves it open.
  const selected =
    pane.type === 'detail' ? (keys?.find((key) => key.id === pane.id) ?? (imported?.result.key.id === pane.id ? imported.result.key : undefined)) : undefined;

  return (
    <div
      className={`keys-layout${screenDrop.dragging ? ' drop-zone--active' : ''}`}
      onDragOver={screenDrop.onDragOver}
      onDragLeave={screenDrop.onDragLeave}
      onDrop={screenDrop.onDrop}
    >
      <section className="keys-list" aria-labelledby="keys-title">
        <KeyListPane
          allKeys={keys}
          foundKeys={foundKeys}
          query={searched}
          view={view}
          onViewChange={setView}
          reminderDays={reminderDays}
          openId={pane.type === 'detail' ? pane.id : null}
          onOpen={(id) => showPane({ type: 'detail', id })}
          header={
            <>
              <div className="keys-list__header">
                <h2 id="keys-title">Keys</h2>
                <div className="button-row">
                  <button type="button" className="button button--small" onClick={() => showPane({ type: 'guided' })}>
                    Guided setup
                  </button>
                  <button
                    type="button"
                    className="button button--small button--primary"
                    aria-keyshortcuts={SHORTCUTS.addKey.aria}
                    title={`Add key (${SHORTCUTS.addKey.label})`}
                    onClick={() => showPane({ type: 'import' })}
                  >
                    Add key
                  </button>
                </div>
              </div>
              <div className="field">
                <label htmlFor="key-search" className="visually-hidden">
                  Search keys
                </label>
                <input id="key-search" ref={search} type="search" aria-keyshortcuts={SHORTCUTS.find.aria} value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search name, IDs, bundle ID, tag" />
              </div>
              <ErrorMessage error={listError} onRetry={reload} />
            </>
          }
        />
      </section>
      <div className="keys-pane">
        <ReplacementBanner keys={keys} openId={pane.type === 'detail' ? pane.id : pane.type === 'guided' ? (walkthrough.draft?.replaces?.id ?? null) : null} onContinue={(id) => showPane({ type: 'detail', id })} />
        {askingDiscard && <DiscardPrompt what="the key you were adding" onDiscard={closePane} onKeep={() => setAskingDiscard(false)} />}
        {replacingOverDraft && (
          <DiscardPrompt what="the guided setup you started for another key" onDiscard={() => openReplacementSetup(replacingOverDraft, true)} onKeep={keepOtherSetup} />
        )}
        {imported && <ImportedNotice imported={imported} onSourceDeleted={() => setImported({ ...imported, sourceDeleted: true })} onDismiss={() => setImported(null)} />}
        {pane.type === 'import' && (
          <ImportKeyPanel
            droppedFile={pane.dropped ?? null}
            screenDropsRef={openImportPanel}
            onImported={(result, sourceFile) => {
              setImported({ result, sourceFile, sourceDeleted: false });
              showPane({ type: 'detail', id: result.key.id });
              reload();
            }}
            onCancel={() => showPane({ type: 'empty' })}
          />
        )}
        {pane.type === 'guided' && <Walkthrough onVaultChanged={reload} onClose={(id) => showPane(id ? { type: 'detail', id } : { type: 'empty' })} />}
        {pane.type === 'empty' && keys && <EmptyDetail hasKeys={keys.length > 0} onGuided={() => showPane({ type: 'guided' })} />}
        {selected && (
          <KeyDetail
            key={selected.id}
            keySummary={selected}
            onSign={() => onSign(selected.id)}
            onChanged={reload}
            onBusyChange={setDetailBusy}
            vaultKeys={keys}
            onShowKey={(id) => showPane({ type: 'detail', id })}
            onGuidedReplace={(old) => openReplacementSetup(old)}
            onDeleted={() => {
              setAskingDiscard(false);
              showPane({ type: 'empty' });
              focusListOnReload.current = true;
              reload();
            }}
          />
        )}
      </div>
    </div>
  );
}
