import { isAppError } from '../src-shared/errors';

/** Runs a shared validator (which throws an AppError) and returns its message, or null when valid or empty. */
export function fieldProblem(validate: (input: string) => unknown, value: string): string | null {
  if (value.trim() === '') return null;
  try {
    validate(value);
    return null;
  } catch (error) {
    return isAppError(error) ? error.message : 'This value is not valid.';
  }
}
