import type { KeySummary } from '../../src-shared/keys/key-record';
import { whereUsed, type WhereUsedLine } from '../../src-shared/keys/used-in';
import { checkUsedInLabel } from '../keys/key-service';
import { withKey } from './commands';
import { formatTable, keyJson, oneLine, usedInJson, type CommandOutput } from './output';
import { resolveUsedInEntry, shortEntryIds } from './resolve-used-in-entry';
import type { VaultTarget } from './vault-session';

/** `used-in`: where a key is used. Places added by hand are listed, added, renamed and removed; exports are only listed. */

export function listUsedIn(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKey(target, reference, (key) => ({
    json: { key: { id: key.id, keyId: key.keyId, name: key.name }, usedIn: whereUsed(key).map(usedInJson) },
    text: whereUsedTable(key),
  }));
}

export function addUsedIn(target: VaultTarget, reference: string, label: string): Promise<CommandOutput> {
  // The label's own shape, before the passphrase; only the number of places already listed needs the vault.
  checkUsedInLabel(label);
  return withKey(target, reference, (key, { keys }) => {
    const updated = keys.addUsedIn(key.id, label);
    const entry = updated.usedIn.at(-1)!;
    return {
      json: { key: keyJson(updated), entry: usedInJson(lineOf(updated, entry.id)) },
      text: `Noted that ${keyName(updated)} is used in "${oneLine(entry.label)}" (entry ${shortEntryIds(updated.usedIn).get(entry.id)}).`,
    };
  });
}

export function renameUsedIn(target: VaultTarget, reference: string, entryReference: string, label: string): Promise<CommandOutput> {
  const settled = checkUsedInLabel(label);
  return withKey(target, reference, (key, { keys }) => {
    const entry = resolveUsedInEntry(key, entryReference);
    const updated = keys.editUsedIn(key.id, entry.id, settled);
    const changed = entry.label !== settled;
    const shortId = shortEntryIds(updated.usedIn).get(entry.id);
    return {
      json: { key: keyJson(updated), entry: usedInJson(lineOf(updated, entry.id)), changed },
      text: changed
        ? `Renamed entry ${shortId} of ${keyName(updated)} from "${oneLine(entry.label)}" to "${oneLine(settled)}".`
        : `Entry ${shortId} of ${keyName(updated)} is already "${oneLine(settled)}"; nothing was changed.`,
    };
  });
}

export function removeUsedIn(target: VaultTarget, reference: string, entryReference: string): Promise<CommandOutput> {
  return withKey(target, reference, (key, { keys }) => {
    const entry = resolveUsedInEntry(key, entryReference);
    const removed = lineOf(key, entry.id);
    const updated = keys.removeUsedIn(key.id, entry.id);
    return {
      json: { key: keyJson(updated), removed: usedInJson(removed) },
      text: `Removed "${oneLine(entry.label)}" from where ${keyName(updated)} is used.`,
    };
  });
}

function lineOf(key: KeySummary, entryId: string): WhereUsedLine {
  return whereUsed(key).find((line) => line.entryId === entryId)!;
}

function keyName(key: KeySummary): string {
  return `"${oneLine(key.name)}" (${key.keyId})`;
}

/** Places added by hand with the ids to rename or remove them by, then exports, which have none. */
function whereUsedTable(key: KeySummary): string {
  const lines = whereUsed(key);
  if (lines.length === 0) return `${keyName(key)} lists no places where it is used. Add one: used-in add ${key.keyId} "Bitrise workflow"\n`;
  const shortIds = shortEntryIds(key.usedIn);
  const rows = lines.map((line) =>
    line.type === 'added'
      ? [shortIds.get(line.entryId!) ?? '', line.label, `added ${line.at}`, '-']
      : ['-', `export: ${line.label}`, `exported ${line.at}`, line.destination ?? '-'],
  );
  return `Where ${keyName(key)} is used:\n\n${formatTable(['ENTRY', 'WHERE', 'WHEN', 'WRITTEN TO'], rows)}`;
}
