import type { KeySummary } from '../../../src-shared/keys/key-record';
import { KeyHealth } from '../../components/KeyHealth';
import { KindBadge, RevokedBadge } from '../../components/KindBadge';
import { DueForReplacementBadge } from './KeyAgeReminder';
import { ReplacingBadge } from '../replacement/ReplacingBadge';

interface KeyRowProps {
  keySummary: KeySummary;
  selected: boolean;
  /** The one row the Tab key reaches; the arrow keys move it (roving tabindex). */
  tabbable: boolean;
  /** Past the reminder to replace keys (Settings). */
  dueForReplacement: boolean;
  onOpen: () => void;
}

/** One line per key: the name, cut short with the whole of it in the tooltip, then its badges and Key ID. */
export function KeyRow({ keySummary, selected, tabbable, dueForReplacement, onOpen }: KeyRowProps) {
  return (
    <button
      type="button"
      id={keyRowId(keySummary.id)}
      className={`key-row${keySummary.revoked ? ' key-row--revoked' : ''}`}
      aria-current={selected ? 'true' : undefined}
      tabIndex={tabbable ? 0 : -1}
      title={keySummary.name}
      onClick={onOpen}
    >
      <span className="key-row__name">{keySummary.name}</span>
      <span className="key-row__meta">
        <KindBadge kind={keySummary.kind} compact />
        {keySummary.revoked && <RevokedBadge />}
        {dueForReplacement && <DueForReplacementBadge compact />}
        <ReplacingBadge replacement={keySummary.replacement} />
        <KeyHealth check={keySummary.appleCheck} />
        <code>{keySummary.keyId}</code>
      </span>
    </button>
  );
}

export const keyRowId = (id: string) => `key-row-${id}`;
