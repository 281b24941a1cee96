import { AppError } from '../../src-shared/errors';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { whereUsed, type KeyUsedInEntry } from '../../src-shared/keys/used-in';
import { oneLine } from './output';
import { UsageError } from './usage-error';

/** Shorter starts of an id would too easily name the wrong place by a slip of the keyboard. */
export const MIN_ENTRY_ID_PREFIX = 4;
const SHORT_ID_LENGTH = 8;

/**
 * Finds the place added by hand that a command line means by ENTRY: its id (any case), its label
 * (any case, runs of spaces as one, as labels are stored), or the start of its id, at least
 * MIN_ENTRY_ID_PREFIX characters, tried in that order. Exports are recorded by the vault itself and
 * are never matched. A label or start shared by several places is a usage error listing them.
 */
export function resolveUsedInEntry(key: KeySummary, reference: string): KeyUsedInEntry {
  const wanted = reference.trim();
  if (wanted === '') throw new UsageError(`Name the place by its id, the start of its id, or its label; \`used-in ${key.keyId}\` lists them.`);
  const folded = wanted.toLowerCase();
  const byId = key.usedIn.find((entry) => entry.id === folded);
  if (byId) return byId;

  const label = foldLabel(wanted);
  const byLabel = key.usedIn.filter((entry) => foldLabel(entry.label) === label);
  if (byLabel.length === 1) return byLabel[0]!;
  if (byLabel.length > 1) throw ambiguous(key, byLabel, `${byLabel.length} places of this key are labelled "${oneLine(wanted)}"; name one by its id instead:`);

  const byPrefix = folded.length >= MIN_ENTRY_ID_PREFIX ? key.usedIn.filter((entry) => entry.id.startsWith(folded)) : [];
  if (byPrefix.length === 1) return byPrefix[0]!;
  if (byPrefix.length > 1) throw ambiguous(key, byPrefix, `${byPrefix.length} places of this key have ids starting with "${wanted}"; type more of the id:`);

  const keyName = `"${oneLine(key.name)}" (${key.keyId})`;
  if (whereUsed(key).some((line) => line.type === 'export' && foldLabel(line.label) === label)) {
    throw new AppError(
      'NOT_FOUND',
      `"${oneLine(wanted)}" is an export of ${keyName}, which the vault records itself; only places added by hand can be renamed or removed. Nothing was changed.`,
    );
  }
  const shortPrefix = folded.length < MIN_ENTRY_ID_PREFIX && /^[0-9a-f-]+$/.test(folded) ? ` (the start of an id takes at least ${MIN_ENTRY_ID_PREFIX} characters)` : '';
  throw new AppError(
    'NOT_FOUND',
    `${keyName} lists no place added by hand with the id or label "${oneLine(wanted)}"${shortPrefix}. Run \`used-in ${key.keyId}\` to see them. Nothing was changed.`,
  );
}

/**
 * The ids the text output shows: the first SHORT_ID_LENGTH characters, longer where two places of
 * the key would otherwise share one, so each shown id names its place when typed back.
 */
export function shortEntryIds(entries: readonly KeyUsedInEntry[]): Map<string, string> {
  let length = SHORT_ID_LENGTH;
  const ids = entries.map((entry) => entry.id);
  while (new Set(ids.map((id) => id.slice(0, length))).size < ids.length && length < Math.max(...ids.map((id) => id.length))) length += 1;
  return new Map(ids.map((id) => [id, id.slice(0, length)]));
}

function foldLabel(label: string): string {
  return label.replace(/\s+/g, ' ').trim().toLocaleLowerCase();
}

function ambiguous(key: KeySummary, matches: readonly KeyUsedInEntry[], heading: string): UsageError {
  const shown = shortEntryIds(key.usedIn);
  return new UsageError(`${heading}\n${matches.map((entry) => `  ${shown.get(entry.id) ?? entry.id}  ${oneLine(entry.label)}`).join('\n')}`);
}
