import { REVOKE_PAGES } from '../../../src-shared/apple/apple-pages';
import { KEY_KIND_SOURCES } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { useEscapeKey } from '../../hooks/useEscapeKey';
import { OpenPageButton } from '../walkthrough/OpenPageButton';

/** Says that marking a key revoked changes only this vault, and opens the page where Apple revokes it. */
export function RevokeConfirmation({ keySummary, busy, onConfirm, onCancel }: { keySummary: KeySummary; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  useEscapeKey(onCancel);
  return (
    <div className="notice notice--warning revoke-confirmation" role="alertdialog" aria-labelledby="revoke-title" aria-describedby="revoke-text">
      <h3 id="revoke-title">Mark “{keySummary.name}” as revoked here?</h3>
      <p id="revoke-text">
        This only marks the key in this vault: the app stops signing with it and warns before exporting it. Apple keeps accepting the key until
        you revoke it in App Store Connect, under {KEY_KIND_SOURCES[keySummary.kind]}.
      </p>
      <OpenPageButton link={{ page: REVOKE_PAGES[keySummary.kind], label: 'Open App Store Connect' }} />
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onConfirm} disabled={busy} autoFocus>
          Mark as revoked here
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
