import { useState } from 'react';
import { APPLE_PAGES } from '../../../src-shared/apple/apple-pages';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useVaultCall } from '../../hooks/useVaultCall';
import { vault } from '../../vault-client';
import type { PageLink } from '../../walkthrough/guide';

/** Asks main to open an Apple page in the system browser; the renderer never navigates away. */
export function OpenPageButton({ link, primary }: { link: PageLink; primary?: boolean }) {
  const [opened, setOpened] = useState(false);
  const { run, busy, error } = useVaultCall(() => vault().appOpenApplePage({ page: link.page }));
  async function open() {
    setOpened((await run()).ok);
  }
  return (
    <div className="open-page">
      <button type="button" className={`button${primary ? ' button--primary' : ''}`} onClick={() => void open()} disabled={busy}>
        {link.label} ↗
      </button>
      <span className="open-page__status" role="status">
        {opened && (
          <>
            Opened <span className="open-page__url">{APPLE_PAGES[link.page]}</span> in your browser.
          </>
        )}
      </span>
      <ErrorMessage error={error} />
    </div>
  );
}
