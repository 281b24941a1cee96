import type { ReactNode } from 'react';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import { KindBadge, RevokedBadge } from '../../components/KindBadge';

/** One key in a backup, a bundle or the share list: name, kind and Key ID, then what applies to it. */
export function KeyLine({ name, kind, keyId, revoked, children }: { name: string; kind: KeyKind; keyId: string; revoked?: boolean; children?: ReactNode }) {
  return (
    <span className="key-line">
      <span className="key-line__name">{name}</span>
      <span className="key-line__meta">
        <KindBadge kind={kind} />
        {revoked && <RevokedBadge />}
        <code>{keyId}</code>
        {children}
      </span>
    </span>
  );
}
