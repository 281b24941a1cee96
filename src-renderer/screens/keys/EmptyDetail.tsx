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
            <button type="button" className="button button--primary" onClick={onGuided}>
              Start guided setup
            </button>
          </div>
        </>
      )}
      {hasKeys && (
        <dl className="shortcut-list small">
          <div>
            <dt>
              <kbd>↑</kbd> <kbd>↓</kbd> <kbd>Enter</kbd>
            </dt>
            <dd>move in the list and open a key</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
