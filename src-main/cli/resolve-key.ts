import { AppError } from '../../src-shared/errors';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { UsageError } from './usage-error';

/**
 * Finds the key a command line means by KEY: its record id, its Key ID (any case), or its name
 * (any case), tried in that order. A name shared by several keys is a usage error listing them.
 */
export function resolveKey(keys: readonly KeySummary[], reference: string): KeySummary {
  const wanted = reference.trim();
  if (wanted === '') throw new UsageError('Name the key by its record id, Key ID or name.');
  const byId = keys.find((key) => key.id === wanted.toLowerCase());
  if (byId) return byId;
  const byKeyId = keys.find((key) => key.keyId === wanted.toUpperCase());
  if (byKeyId) return byKeyId;
  const folded = wanted.toLocaleLowerCase();
  const byName = keys.filter((key) => key.name.toLocaleLowerCase() === folded);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    const matches = byName.map((key) => `  ${key.keyId}  ${key.id}  ${key.name}`).join('\n');
    throw new UsageError(`${byName.length} keys are named "${wanted}"; name one by its Key ID or record id instead:\n${matches}`);
  }
  throw new AppError('NOT_FOUND', `No key in the vault has the record id, Key ID or name "${wanted}". Run \`list\` to see the keys.`);
}
