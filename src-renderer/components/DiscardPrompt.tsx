import { useEffect, useRef } from 'react';
import { useEscapeKey } from '../hooks/useEscapeKey';

/** Asks before closing something the user typed into; Escape, or the focused default, keeps it. */
export function DiscardPrompt({ what, onDiscard, onKeep }: { what: string; onDiscard: () => void; onKeep: () => void }) {
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => keep.current?.focus(), []);
  useEscapeKey(onKeep);
  return (
    <div className="notice notice--danger discard-prompt" role="alertdialog" aria-labelledby="discard-prompt-text">
      <p id="discard-prompt-text">Close and discard {what}? What you typed is not saved anywhere.</p>
      <div className="button-row">
        <button type="button" className="button" ref={keep} onClick={onKeep}>
          Keep editing
        </button>
        <button type="button" className="button button--danger" onClick={onDiscard}>
          Discard
        </button>
      </div>
    </div>
  );
}
