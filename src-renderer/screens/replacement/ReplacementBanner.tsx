import type { KeySummary } from '../../../src-shared/keys/key-record';
import { replacementStatus } from './replacement-progress';

/** One line per replacement under way, above the Keys screen's pane, leading back to the job. */
export function ReplacementBanner({ keys, openId, onContinue }: { keys: KeySummary[] | null; openId: string | null; onContinue: (id: string) => void }) {
  // The job shows (or is a click away) on the open page: the old key's, its new key's, or the new key's guided setup.
  const replacing = (keys ?? []).filter((key) => key.replacement !== undefined && key.id !== openId && key.replacement.newKeyId !== openId);
  if (replacing.length === 0) return null;
  return (
    <ul className="replacement-banner" aria-label="Keys being replaced">
      {replacing.map((key) => (
        <li key={key.id} className="replacement-banner__line">
          <span>
            Replacing <strong>{key.name}</strong>: {key.replacement && replacementStatus(key.replacement)}
          </span>
          <button type="button" className="button button--small" aria-label={`Continue replacing “${key.name}”`} onClick={() => onContinue(key.id)}>
            Continue
          </button>
        </li>
      ))}
    </ul>
  );
}
