import type { KeySummary } from '../../../src-shared/keys/key-record';

/** On a new key's page while it replaces another: which one, with the way to that job. */
export function ReplacesNote({ keySummary, vaultKeys, onShowKey }: { keySummary: KeySummary; vaultKeys: KeySummary[] | null; onShowKey: (id: string) => void }) {
  const old = vaultKeys?.find((key) => key.replacement?.newKeyId === keySummary.id);
  if (!old) return null;
  return (
    <p className="notice replacement-note">
      <span>
        This key replaces “{old.name}”.{' '}
        <button type="button" className="link-button" onClick={() => onShowKey(old.id)}>
          Continue the replacement
        </button>
      </span>
    </p>
  );
}
