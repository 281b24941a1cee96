import { useId, type KeyboardEvent } from 'react';

interface Props {
  /** Main's explanation of VAULT_ROLLED_BACK, shown as it wrote it. */
  message: string;
  /** True while the unlock is retried with allowOlder. */
  busy: boolean;
  onOpen: () => void;
  onCancel: () => void;
}

/**
 * Asks before opening a vault file older than the one this computer last opened. Focus starts on Cancel,
 * the choice that changes nothing, so a reflex Enter or Space cannot open the older copy; Escape cancels too.
 */
export function OlderCopyWarning({ message, busy, onOpen, onCancel }: Props) {
  const titleId = useId();
  const messageId = useId();

  function cancelOnEscape(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (!busy) onCancel();
  }

  // aria-disabled rather than disabled while busy: a disabled button drops the keyboard focus it holds.
  return (
    <div
      className="notice notice--warning older-copy-warning"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={messageId}
      aria-busy={busy}
      onKeyDown={cancelOnEscape}
      data-error-code="VAULT_ROLLED_BACK"
    >
      <h2 id={titleId} className="older-copy-warning__title">
        This is an older copy of your vault
      </h2>
      <p id={messageId}>{message}</p>
      <div className="button-row">
        <button type="button" className="button" aria-disabled={busy} onClick={() => !busy && onOpen()}>
          {busy ? 'Opening…' : 'Open this older copy'}
        </button>
        <button type="button" className="button" aria-disabled={busy} onClick={() => !busy && onCancel()} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
