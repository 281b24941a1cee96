import { useState } from 'react';
import type { CopyableKeyField } from '../../src-shared/keys/key-requests';
import { vault } from '../vault-client';

/** Copies through main, which clears the clipboard again after the configured seconds. */
export function CopyButton({ keyId, field, label }: { keyId: string; field: CopyableKeyField; label: string }) {
  const [message, setMessage] = useState('');
  async function copy() {
    const result = await vault().clipboardCopyKeyField({ id: keyId, field });
    setMessage(result.ok ? `Copied; clears in ${result.value.clearAfterSeconds} s` : result.error.message);
  }
  return (
    <span className="copy">
      <button type="button" className="button button--small" onClick={() => void copy()} aria-label={label}>
        Copy
      </button>
      <span className="copy__status" role="status">
        {message}
      </span>
    </span>
  );
}
