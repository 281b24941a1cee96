import type { KeyReplacement } from '../../../src-shared/keys/replacement';
import { replacementStatus } from './replacement-progress';

/** In the key list: the key is being replaced, and where the job stands. */
export function ReplacingBadge({ replacement }: { replacement: KeyReplacement | undefined }) {
  if (!replacement) return null;
  const status = replacementStatus(replacement);
  return (
    <span className="badge badge--replacing" title={`Being replaced: ${status}`}>
      <span aria-hidden="true">↻</span>
      <span className="badge--replacing__word" aria-hidden="true">
        {' '}
        Replacing
      </span>
      <span className="visually-hidden">Being replaced: {status}</span>
    </span>
  );
}
