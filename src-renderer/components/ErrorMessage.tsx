import type { ResultError } from '../../src-shared/result';

/** Main's error, as main wrote it; with `onRetry`, a button that asks again (for loads the user did not start). */
export function ErrorMessage({ error, id, onRetry }: { error: ResultError | null; id?: string; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <p className="error-message" role="alert" id={id} data-error-code={error.code}>
      {error.message}
      {onRetry && (
        <>
          {' '}
          <button type="button" className="button button--small" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
    </p>
  );
}
