import type { KeyKind } from '../../src-shared/keys/key-kind';

const SHORT_LABELS: Record<KeyKind, string> = {
  'in-app-purchase': 'In-App Purchase',
  'asc-team': 'API · Team',
  'asc-individual': 'API · Individual',
};

export function KindBadge({ kind }: { kind: KeyKind }) {
  return <span className={`badge badge--${kind}`}>{SHORT_LABELS[kind]}</span>;
}

export function RevokedBadge() {
  return <span className="badge badge--revoked">Revoked</span>;
}
