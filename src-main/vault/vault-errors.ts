import { AppError } from '../../src-shared/errors';

// A damaged vault cannot be unlocked, and restoring over it would unlock it first: say how to get out.
const NOTHING_CHANGED = 'Nothing was changed. To restore from a backup, move this file aside first (rename it and keep it), then restore the backup in its place.';

/** A sealed record that does not open with this vault's key. */
export function damaged(what: string): AppError {
  return new AppError('VAULT_DAMAGED', `The vault is damaged: ${what} cannot be read. ${NOTHING_CHANGED}`);
}

/** A file that opens but is not what this app wrote: its schema, its rows against the manifest, its companions. */
export function tampered(what: string): AppError {
  return new AppError('VAULT_DAMAGED', `The vault file was changed outside the app: ${what}. ${NOTHING_CHANGED}`);
}
