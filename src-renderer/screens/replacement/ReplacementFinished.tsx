import { useEffect, useRef } from 'react';
import type { KeySummary } from '../../../src-shared/keys/key-record';

/** After the last step: the old key is marked revoked, and the new key is one click away. */
export function ReplacementFinished({ keySummary, newKey, onShowKey }: { keySummary: KeySummary; newKey: KeySummary | undefined; onShowKey: (id: string) => void }) {
  const title = useRef<HTMLParagraphElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <div className="notice notice--success replacement-finished" role="status">
      <div>
        <p ref={title} tabIndex={-1}>
          <strong>Replaced.</strong> “{keySummary.name}” is marked as revoked{newKey ? `, and “${newKey.name}” takes its place` : ''}.
        </p>
        {newKey && (
          <button type="button" className="button button--primary" onClick={() => onShowKey(newKey.id)}>
            Show the new key
          </button>
        )}
      </div>
    </div>
  );
}
