import { expect } from 'vitest';
import type { ErrorCode } from '../../src-shared/errors';
import { thrownAppError } from './keys';

/** A row either normalises its input to `accepts`, or refuses it with `code` and a message containing each of `says`. */
export type ValidatorCase<In, Out> = { name: string; input: In } & ({ accepts: Out } | { code: ErrorCode; says: string[] });

/** Runs one table row against a validator that returns its normalised input or throws an AppError. */
export function runValidatorCase<In, Out>(validate: (input: In) => Out, row: ValidatorCase<In, Out>): void {
  if ('accepts' in row) {
    expect(validate(row.input)).toEqual(row.accepts);
    return;
  }
  const error = thrownAppError(() => validate(row.input));
  expect(error.code).toBe(row.code);
  for (const text of row.says) expect(error.message).toContain(text);
}
