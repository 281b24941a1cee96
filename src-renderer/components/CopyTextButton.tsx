import { useState } from 'react';
import { vault } from '../vault-client';

/** Copies text the renderer already shows (a token, a curl line) through main, which clears it later. */
export function CopyTextButton({ text, label }: { text: string; label: string }) {
  const [message, setMessage] = useState('');
  async function copy() {
    const result = await vault().clipboardCopyText({ text });
    setMessage(result.ok ? `Copied; clears in ${result.value.clearAfterSeconds} s` : result.error.message);
  }
  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy__status" role="status">
        {message}
      </span>
    </span>
  );
}
