import { KEY_KIND_LABELS, type KeyKind } from '../../src-shared/keys/key-kind';

export const KIND_SHORT_LABELS: Record<KeyKind, string> = {
  'in-app-purchase': 'In-App Purchase',
  'asc-team': 'API · Team',
  'asc-individual': 'API · Individual',
};

/** For one-line rows, where the name needs the room; the tooltip says it in full. */
const KIND_COMPACT_LABELS: Record<KeyKind, string> = {
  'in-app-purchase': 'IAP',
  'asc-team': 'API Team',
  'asc-individual': 'API Indiv.',
};

export function KindBadge({ kind, compact = false }: { kind: KeyKind; compact?: boolean }) {
  return compact ? (
    <span className={`badge badge--${kind}`} title={KEY_KIND_LABELS[kind]}>
      {KIND_COMPACT_LABELS[kind]}
    </span>
  ) : (
    <span className={`badge badge--${kind}`}>{KIND_SHORT_LABELS[kind]}</span>
  );
}

export function RevokedBadge() {
  return <span className="badge badge--revoked">Revoked</span>;
}
