import { useEffect, useRef, useState } from 'react';
import type { KeyFileRef, KeySummary } from '../../src-shared/keys/key-record';
import type { StrayCopy } from '../../src-shared/scan/stray-copies';
import { DiscardPrompt } from '../components/DiscardPrompt';
import { ErrorMessage } from '../components/ErrorMessage';
import { useEscapeKey } from '../hooks/useEscapeKey';
import type { DroppedFile } from '../hooks/useKeyImport';
import { useVaultCall } from '../hooks/useVaultCall';
import { vault } from '../vault-client';
import { ImportKeyPanel } from './ImportKeyPanel';

interface Props {
  copy: StrayCopy;
  /** The id of the element naming the file, so the button says which file it imports. */
  describedBy: string;
  /** Whether this copy's import form is the one open on the screen (one at a time). */
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onImported: (key: KeySummary) => void;
}

/**
 * “Import…” for a found key the vault lacks: main re-reads the file and answers a file id for it, and the
 * add-key form opens with the file chosen, so its name gives the kind and Key ID as usual.
 */
export function StrayImportOffer({ copy, describedBy, open, onOpenChange, onImported }: Props) {
  const [file, setFile] = useState<KeyFileRef | null>(null);
  const opener = useVaultCall((request: { id: string }) => vault().strayOpenForImport(request));
  // The form registers here for drops elsewhere on its screen; this screen takes none, so only drops on the form count.
  const screenDrops = useRef<((file: DroppedFile) => void) | null>(null);
  const form = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const showing = open && file !== null;
  const [askingDiscard, setAskingDiscard] = useState(false);
  useEscapeKey(
    () => {
      if (form.current && formHasTyping(form.current, copy.keyIdFromName)) setAskingDiscard(true);
      else closeForm();
    },
    showing && !askingDiscard,
  );
  // Keyboard users land in the form when it opens, and back on this row's button when they close it
  // (not when another row's form replaces it: the focus is there).
  const returnFocus = useRef(false);
  useEffect(() => {
    if (showing) form.current?.focus();
    else if (returnFocus.current) button.current?.focus();
    returnFocus.current = false;
  }, [showing]);

  function closeForm() {
    returnFocus.current = true;
    onOpenChange(false);
  }

  async function openForm() {
    const answer = await opener.run({ id: copy.id });
    if (!answer.ok) return;
    setFile(answer.value);
    onOpenChange(true);
  }

  if (showing) {
    return (
      <div className="stray-import" ref={form} tabIndex={-1}>
        {askingDiscard && (
          <DiscardPrompt
            what="the key you were adding"
            onDiscard={() => {
              setAskingDiscard(false);
              closeForm();
            }}
            onKeep={() => setAskingDiscard(false)}
          />
        )}
        <ImportKeyPanel key={file.fileId} droppedFile={file} screenDropsRef={screenDrops} onImported={(result) => onImported(result.key)} onCancel={closeForm} />
      </div>
    );
  }
  return (
    <>
      {' '}
      <button ref={button} type="button" className="button button--small" aria-describedby={describedBy} onClick={() => void openForm()} disabled={opener.busy}>
        {opener.busy ? 'Opening…' : 'Import…'}
      </button>
      <ErrorMessage error={opener.error} />
    </>
  );
}

/** Whether the user typed into the form: any text besides the Key ID its file name filled in. */
function formHasTyping(form: HTMLElement, keyIdFromName: string | undefined): boolean {
  const fields = form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type]), input[type="text"], textarea');
  return [...fields].some((field) => field.value.trim() !== '' && field.value !== keyIdFromName);
}
