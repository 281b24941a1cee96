import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { checkKeyIdentity, parseKeyFileName } from '../../src-shared/keys/identifiers';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import type { ChannelRequest } from '../../src-shared/ipc/channels';
import type { KeyFileRef, KeyInspection, RecentKeyFile } from '../../src-shared/keys/key-record';
import type { KeySourceRequest } from '../../src-shared/keys/key-requests';
import type { ResultError } from '../../src-shared/result';
import { fieldProblem } from '../field-problem';
import { vault } from '../vault-client';
import { useVaultCall } from './useVaultCall';

type KeyImportRequest = ChannelRequest<'keys.import'>;

/** Where a key comes from, with the name shown to the user (the file name, or “Pasted key”). */
export type KeySource = KeySourceRequest & { label: string };

export type DownloadsWatchState =
  | { state: 'off' }
  | { state: 'starting' }
  | { state: 'watching'; folder: string; recent: RecentKeyFile[] }
  | { state: 'unavailable'; message: string };

export interface KeyImportOptions {
  /** Main watches the Downloads folder while this is true and offers each new key file. */
  watchDownloads: boolean;
  /** A file chosen earlier (before the vault locked, say); it is checked again when the hook mounts. */
  initialFile?: KeyFileRef | null;
  /** Called when the user picks, drops or receives a new source; not for the initial file. */
  onSourceChange?: (source: KeySource) => void;
  /** Called when a new source turned out to be a valid key; not for the initial file. */
  onInspected?: (inspection: KeyInspection, source: KeySource) => void;
  /** A file dropped beside the form (elsewhere on the screen), which opened it; inspected on mount like a picked file. */
  droppedFile?: DroppedFile | null;
}

/** A file dropped on the window, as main took it: the renderer never learns its path. */
export type DroppedFile = KeyFileRef;

export const fileSource = (file: KeyFileRef): KeySource => ({ type: 'file', fileId: file.fileId, label: file.fileName });

/** Registers a dropped File with main through the preload, then exchanges the one-time handle for a file id. */
async function takeDroppedFile(file: File): Promise<DroppedFile | null> {
  const registered = await vault().registerDroppedFile(file);
  if (!registered.ok || registered.value === null) return null;
  const opened = await vault().keysOpenDroppedFile({ handle: registered.value.handle });
  return opened.ok ? opened.value : null;
}

export const splitList = (text: string) => text.split(/[\s,]+/).filter((part) => part !== '');

/** The message for a file name whose kind or Key ID disagrees with what the user chose or typed; null when they agree. */
export function identityProblem(fileName: string | undefined, kind: KeyKind, typedKeyId: string): string | null {
  return fieldProblem(() => checkKeyIdentity({ fileName, chosenKind: kind, typedKeyId: typedKeyId || undefined }), 'check');
}

/** Only the kind: whether a file named like this can be a key of the chosen kind. */
export function fileKindProblem(fileName: string, kind: KeyKind): string | null {
  if (!parseKeyFileName(fileName)) return null;
  return identityProblem(fileName, kind, '');
}

function toRequest({ label: _label, ...request }: KeySource): KeySourceRequest {
  return request;
}

/**
 * Drag-and-drop handlers for one drop zone; `onDrop` gets null when the drop held no file this app can read.
 * While `accepts` is false the zone still swallows drops (a file dropped on a window must not open it) but
 * shows no highlight and takes nothing.
 */
export function useFileDrop(onDrop: (file: DroppedFile | null) => void, accepts = true) {
  const [dragging, setDragging] = useState(false);
  return {
    dragging: dragging && accepts,
    onDragOver(event: DragEvent) {
      event.preventDefault();
      // Zones nest (the add-key panel inside the Keys screen): only the innermost one shows and takes the drop.
      event.stopPropagation();
      if (!accepts) {
        event.dataTransfer.dropEffect = 'none';
        return;
      }
      setDragging(true);
    },
    onDragLeave(event: DragEvent) {
      // Moving over a child of the zone also fires dragleave on the zone; only leaving the zone itself counts.
      if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
      setDragging(false);
    },
    onDrop(event: DragEvent) {
      event.preventDefault();
      event.stopPropagation();
      setDragging(false);
      if (!accepts) return;
      const file = event.dataTransfer.files[0];
      if (!file) onDrop(null);
      else void takeDroppedFile(file).then(onDrop);
    },
  };
}

/**
 * Picking a key (dialog, drop, Downloads folder, clipboard), inspecting it in main and importing it:
 * shared by the add-key form and the guided setup. Main reads the file; the renderer only holds the id main gave it.
 */
export function useKeyImport({ watchDownloads, initialFile, onSourceChange, onInspected, droppedFile }: KeyImportOptions) {
  const [source, setSource] = useState<KeySource | null>(initialFile ? fileSource(initialFile) : null);
  const [inspection, setInspection] = useState<KeyInspection | null>(null);
  const [sourceError, setSourceError] = useState<ResultError | null>(null);
  const [watch, setWatch] = useState<DownloadsWatchState>({ state: watchDownloads ? 'starting' : 'off' });
  const importCall = useVaultCall((request: KeyImportRequest) => vault().keysImport(request));
  const latest = useRef(0);
  const callbacks = useRef({ onSourceChange, onInspected });
  useEffect(() => {
    callbacks.current = { onSourceChange, onInspected };
  });

  const check = useCallback(async (next: KeySource, announce: boolean) => {
    // Files can arrive faster than main answers; only the newest one counts.
    const request = ++latest.current;
    setSource(next);
    setInspection(null);
    setSourceError(null);
    if (announce) callbacks.current.onSourceChange?.(next);
    const result = await vault().keysInspect({ source: toRequest(next) });
    if (request !== latest.current) return;
    if (!result.ok) {
      setSourceError(result.error);
      return;
    }
    setInspection(result.value);
    if (announce) callbacks.current.onInspected?.(result.value, next);
  }, []);

  const inspect = useCallback((next: KeySource) => check(next, true), [check]);

  const initialFileRef = useRef(initialFile);
  useEffect(() => {
    const file = initialFileRef.current;
    if (file) void check(fileSource(file), false);
  }, [check]);

  const droppedFileRef = useRef(droppedFile);
  useEffect(() => {
    const file = droppedFileRef.current;
    if (file) void inspect(fileSource(file));
  }, [inspect]);

  useEffect(() => {
    if (!watchDownloads) return;
    let current = true;
    void vault()
      .downloadsWatch({ watching: true })
      .then((result) => current && setWatch(result.ok ? { state: 'watching', folder: result.value.folder, recent: result.value.recent } : { state: 'unavailable', message: result.error.message }));
    const offFound = vault().on('downloads.keyFound', (found) => void inspect(fileSource(found)));
    const offStopped = vault().on('downloads.stopped', ({ message }) => setWatch({ state: 'unavailable', message }));
    return () => {
      current = false;
      offFound();
      offStopped();
      setWatch({ state: 'off' });
      void vault().downloadsWatch({ watching: false });
    };
  }, [watchDownloads, inspect]);

  async function chooseFile() {
    const result = await vault().keysChooseFile();
    if (result.ok && result.value) await inspect(fileSource(result.value));
  }

  const dropZone = useFileDrop((file) => {
    if (file) void inspect(fileSource(file));
    else setSourceError({ code: 'FILE_UNREADABLE', message: 'The dropped item is not a file this app can read. Use “Choose file…” instead.' });
  });

  /** Imports the current source with the given fields; main checks everything again. */
  async function importKey(fields: Omit<KeyImportRequest, 'source'>) {
    if (!source) return { ok: false as const, error: { code: 'BAD_REQUEST' as const, message: 'Choose the key file first.' } };
    return importCall.run({ source: toRequest(source), ...fields });
  }

  return {
    source,
    inspection,
    sourceError,
    watch,
    inspect,
    chooseFile,
    dropZone,
    importKey,
    importing: importCall.busy,
    importError: importCall.error,
    /** The plaintext file behind the current source, which may be deleted once imported. */
    sourceFile: source?.type === 'file' ? { fileId: source.fileId, fileName: source.label } : null,
  };
}
