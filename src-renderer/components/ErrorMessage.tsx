import type { ResultError } from '../../src-shared/result';

export function ErrorMessage({ error, id }: { error: ResultError | null; id?: string }) {
  if (!error) return null;
  return (
    <p className="error-message" role="alert" id={id} data-error-code={error.code}>
      {error.message}
    </p>
  );
}
