import { SHORTCUTS } from '../../shortcuts';

/** The detail pane with nothing open: what to do next, and the keys that do it. */
export function EmptyDetail({ hasKeys, onGuided }: { hasKeys: boolean; onGuided: () => void }) {
  return (
    <section className="empty-detail" aria-labelledby="empty-detail-title">
      <h2 id="empty-detail-title">{hasKeys ? 'No key open' : 'Your vault is empty'}</h2>
      {hasKeys ? (
        <p className="muted">Choose a key in the list to see its IDs, sign a token with it or export it.</p>
      ) : (
        <>
          <p className="muted">No keys yet. Add the .p8 file you downloaded from App Store Connect, or let guided setup take you through making one.</p>
          <div className="button-row">
            {/* The first thing to do in a new vault, so the focus starts here (after Create vault, too). */}
            <button type="button" className="button button--primary" onClick={onGuided} autoFocus>
              Start guided setup
            </button>
          </div>
        </>
      )}
      <dl className="shortcut-list small">
        {hasKeys && (
          <div>
            <dt>
              <kbd>↑</kbd> <kbd>↓</kbd> <kbd>Enter</kbd>
            </dt>
            <dd>move in the list and open a key</dd>
          </div>
        )}
        <div>
          <dt>
            <kbd>{SHORTCUTS.find.label}</kbd>
          </dt>
          <dd>search the keys</dd>
        </div>
        <div>
          <dt>
            <kbd>{SHORTCUTS.addKey.label}</kbd>
          </dt>
          <dd>add a key</dd>
        </div>
        <div>
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>close the open key or form</dd>
        </div>
      </dl>
    </section>
  );
}
