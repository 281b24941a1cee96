import { useState } from 'react';
import type { Result } from '../../src-shared/result';

interface Props {
  /** Asks main to copy; main clears the clipboard again after the configured seconds. */
  copy: () => Promise<Result<{ clearAfterSeconds: number }>>;
  /** The visible text; `Copy` by default. */
  text?: string;
  /** The accessible name when the visible text alone is not enough (several Copy buttons on a screen). */
  label?: string;
}

/** Every copy in the app goes through main; this shows the outcome next to the button. */
export function ClipboardButton({ copy, text = 'Copy', label }: Props) {
  const [message, setMessage] = useState('');
  async function run() {
    const result = await copy();
    setMessage(result.ok ? `Copied; clears in ${result.value.clearAfterSeconds} s` : result.error.message);
  }
  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={() => void run()} aria-label={label}>
        {text}
      </button>
      <span className="copy__status" role="status">
        {message}
      </span>
    </span>
  );
}
