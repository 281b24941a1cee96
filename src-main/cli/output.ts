import { describeAppleCheck, type KeyAppleCheck } from '../../src-shared/apple-check/apple-check';
import { KEY_KIND_LABELS, type KeyKind } from '../../src-shared/keys/key-kind';
import type { KeyEnvironment, KeyExportEntry, KeySourceFormat, KeySummary } from '../../src-shared/keys/key-record';
import { REPLACEMENT_STAGE_TEXT, type KeyReplacement, type ReplacementPlace, type ReplacementStage } from '../../src-shared/keys/replacement';
import { whereUsed, type WhereUsedLine } from '../../src-shared/keys/used-in';
import type { AuditEvent, AuditEventSource, AuditEventType } from '../../src-shared/vault/audit-event';
import type { ExitCode } from './exit-codes';

/**
 * What a command prints: one JSON document for `--json`, readable text otherwise. The JSON shapes
 * below are the CLI's own contract (listed in the README), built field by field so that a change to
 * the app's types does not silently change what scripts read. Absent values are `null`, never missing.
 */
export interface CommandOutput {
  json: Record<string, unknown>;
  text: string;
  /** Refusals that did not stop the command (one file of several), each a line for stderr. */
  refusals?: string[];
  /** A failing exit code for a command that still printed its output. */
  exitCode?: ExitCode;
}

export interface KeyJson {
  id: string;
  name: string;
  kind: KeyKind;
  keyId: string;
  issuerId: string | null;
  bundleIds: string[];
  tags: string[];
  notes: string;
  environment: KeyEnvironment | null;
  revoked: boolean;
  revokedAt: string | null;
  fingerprint: string;
  publicKeyPem: string;
  originalFileName: string;
  sourceFormat: KeySourceFormat;
  createdAt: string;
  updatedAt: string;
  exports: KeyExportEntry[];
  /** The last check with Apple (`check`), or null. */
  appleCheck: KeyAppleCheck | null;
  /** Where the key is used: the places added by hand, then every export. */
  usedIn: UsedInJson[];
  /** The guided replacement of this key while it runs (`replace`), or null. */
  replacement: ReplacementJson | null;
}

export interface ReplacementJson {
  startedAt: string;
  stage: ReplacementStage;
  /** The new key's record id, once added or chosen. */
  newKeyId: string | null;
  /** Numbered from 1 in this order by `replace tick`. */
  places: Array<{ id: string; type: ReplacementPlace['type']; label: string; target: string | null; destination: string | null; doneAt: string | null }>;
}

export interface UsedInJson {
  type: WhereUsedLine['type'];
  /** The hand-added entry's id; null for exports. */
  id: string | null;
  label: string;
  /** The export target's id; null for hand-added entries. */
  target: string | null;
  /** The folder or bundle file an export was written to; null for hand-added entries and older exports. */
  destination: string | null;
  at: string;
}

export interface EventJson {
  id: string;
  at: string;
  type: AuditEventType;
  summary: string;
  /** The record id of the key the event is about. */
  recordId: string | null;
  /** Which program wrote it; null for events written before this was recorded. */
  source: AuditEventSource | null;
}

export function keyJson(key: KeySummary): KeyJson {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    keyId: key.keyId,
    issuerId: key.issuerId ?? null,
    bundleIds: [...key.bundleIds],
    tags: [...key.tags],
    notes: key.notes,
    environment: key.environment ?? null,
    revoked: key.revoked,
    revokedAt: key.revokedAt ?? null,
    fingerprint: key.fingerprint,
    publicKeyPem: key.publicKeyPem,
    originalFileName: key.originalFileName,
    sourceFormat: key.sourceFormat,
    createdAt: key.createdAt,
    updatedAt: key.updatedAt,
    exports: key.exports.map(({ target, at }) => ({ target, at })),
    appleCheck: key.appleCheck === undefined ? null : { at: key.appleCheck.at, works: key.appleCheck.works, summary: key.appleCheck.summary },
    usedIn: whereUsed(key).map(usedInJson),
    replacement: key.replacement === undefined ? null : replacementJson(key.replacement),
  };
}

export function usedInJson(line: WhereUsedLine): UsedInJson {
  return {
    type: line.type,
    id: line.entryId ?? null,
    label: line.label,
    target: line.target ?? null,
    destination: line.destination ?? null,
    at: line.at,
  };
}

export function replacementJson(replacement: KeyReplacement): ReplacementJson {
  return {
    startedAt: replacement.startedAt,
    stage: replacement.stage,
    newKeyId: replacement.newKeyId ?? null,
    places: replacement.places.map((place) => ({
      id: place.id,
      type: place.type,
      label: place.label,
      target: place.target ?? null,
      destination: place.destination ?? null,
      doneAt: place.doneAt ?? null,
    })),
  };
}

export function eventJson(event: AuditEvent): EventJson {
  return { id: event.id, at: event.at, type: event.type, summary: event.summary, recordId: event.itemId ?? null, source: event.source ?? null };
}

export function writeOutput(output: CommandOutput, asJson: boolean, stdout: NodeJS.WritableStream): void {
  stdout.write(asJson ? `${JSON.stringify(output.json, null, 2)}\n` : ensureFinalNewline(output.text));
}

/** How a table may be narrowed to a width: which columns give way first, and how narrow each may get. */
export interface TableFit {
  width: number;
  /** Column indexes in the order they give way, each with its narrowest width. */
  shrink: ReadonlyArray<{ column: number; min: number }>;
}

const ELLIPSIS = '\u2026';
const COLUMN_GAP = 2;

/**
 * Columns padded to their widest cell, two spaces apart. With `fit`, the shrinkable columns give way
 * in turn until a row fits the width, and cells cut short end with an ellipsis; a table that cannot
 * fit even then keeps its rows whole rather than dropping a column.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, fit?: TableFit): string {
  const cells = [headers, ...rows].map((row) => row.map(oneLine));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => displayLength(row[column] ?? ''))));
  if (fit !== undefined) narrowColumns(widths, fit);
  return cells.map((row) => row.map((cell, column) => padTo(cell, widths[column] ?? 0)).join(' '.repeat(COLUMN_GAP)).trimEnd()).join('\n') + '\n';
}

function narrowColumns(widths: number[], { width, shrink }: TableFit): void {
  let excess = widths.reduce((sum, columnWidth) => sum + columnWidth, 0) + COLUMN_GAP * (widths.length - 1) - width;
  for (const { column, min } of shrink) {
    if (excess <= 0) return;
    const current = widths[column] ?? 0;
    const given = Math.min(excess, Math.max(0, current - min));
    widths[column] = current - given;
    excess -= given;
  }
}

/** The cell in exactly `width` characters: padded, or cut with an ellipsis. */
function padTo(cell: string, width: number): string {
  const characters = Array.from(cell);
  if (characters.length <= width) return cell + ' '.repeat(width - characters.length);
  return characters.slice(0, Math.max(0, width - 1)).join('') + ELLIPSIS;
}

/** Characters, not UTF-16 units, so a name with an emoji is measured as it is cut. */
function displayLength(text: string): number {
  return Array.from(text).length;
}

const KEY_TABLE_HEADERS = ['NAME', 'KEY ID', 'KIND', 'ISSUER ID', 'BUNDLE IDS', 'STATE'] as const;
// Bundle IDs give way first, then Issuer IDs (most keys share one), then names; Key IDs, kinds and states are never cut.
// At their narrowest, a row of an In-App Purchase key revoked on some day fits 80 columns.
const KEY_TABLE_SHRINK = [
  { column: 4, min: 8 },
  { column: 3, min: 7 },
  { column: 0, min: 12 },
];

/**
 * One line per key. `width` (the terminal's columns) narrows it to fit, names cut with an ellipsis;
 * without one, nothing is cut, so a pipe gets every name whole.
 */
export function keyTable(keys: readonly KeySummary[], query: string, width?: number): string {
  if (keys.length === 0) return query.trim() === '' ? 'The vault holds no keys.\n' : `No key matches "${oneLine(query)}".\n`;
  return formatTable(
    KEY_TABLE_HEADERS,
    keys.map((key) => [key.name, key.keyId, key.kind, key.issuerId ?? '-', key.bundleIds.join(', ') || '-', keyListState(key)]),
    width === undefined ? undefined : { width, shrink: KEY_TABLE_SHRINK },
  );
}

/** The table's state: the day a key was revoked, not the time (`show` and --json have the time). */
function keyListState(key: Pick<KeySummary, 'revoked' | 'revokedAt'>): string {
  return key.revoked ? `revoked${key.revokedAt ? ` ${key.revokedAt.slice(0, 10)}` : ''}` : 'active';
}

/**
 * The width `list` fits its table to: COLUMNS when set (as `ls` reads it), else the terminal's width
 * when stdout is one; undefined for a pipe or a file, where nothing is cut.
 */
export function outputWidth(stdout: { isTTY?: boolean; columns?: number }, env: Record<string, string | undefined>): number | undefined {
  const fromEnv = Number(env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : undefined;
}

/** Everything about one key that may be shown: never the private key. */
export function keyDetails(key: KeySummary): string {
  const rows: Array<[string, string]> = [
    ['Name', key.name],
    ['Key ID', key.keyId],
    ['Kind', `${KEY_KIND_LABELS[key.kind]} (${key.kind})`],
    ['Issuer ID', key.issuerId ?? '- (individual keys have none)'],
    ['Bundle IDs', key.bundleIds.join(', ') || '-'],
    ['Tags', key.tags.join(', ') || '-'],
    ['Environment', key.environment ?? '-'],
    ['State', keyState(key)],
    ['Apple', key.appleCheck === undefined ? '- (not checked; see `check`)' : describeAppleCheck(key.appleCheck)],
    ['Fingerprint', `SHA-256 ${key.fingerprint}`],
    ['Original file', key.originalFileName],
    ['Added', key.createdAt],
    ['Updated', key.updatedAt],
    ['Record id', key.id],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${oneLine(value)}`);
  const used = whereUsed(key);
  lines.push('Where used:', ...(used.length === 0 ? ['  -'] : used.map(whereUsedLine)));
  if (key.replacement !== undefined) lines.push(`Replacement: ${REPLACEMENT_STAGE_TEXT[key.replacement.stage]} (see \`replace status\`)`);
  lines.push('Notes:', ...(key.notes === '' ? ['  -'] : key.notes.split(/\r?\n/).map((line) => `  ${oneLine(line)}`)));
  lines.push('Public key:', ...key.publicKeyPem.trimEnd().split('\n').map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}

function whereUsedLine(line: WhereUsedLine): string {
  if (line.type === 'added') return `  ${oneLine(line.label)} (added ${line.at})`;
  const destination = line.destination === undefined ? '' : ` in ${oneLine(line.destination)}`;
  return `  exported to ${oneLine(line.label)} at ${line.at}${destination}`;
}

export function eventTable(events: readonly AuditEvent[], total: number): string {
  if (events.length === 0) return 'No activity to show.\n';
  const table = formatTable(['AT', 'TYPE', 'SUMMARY'], events.map((event) => [event.at, event.type, event.summary]));
  return events.length < total ? `${table}(${events.length} of ${total}; use --limit and --offset for more)\n` : table;
}

export function keyState(key: Pick<KeySummary, 'revoked' | 'revokedAt'>): string {
  return key.revoked ? `revoked${key.revokedAt ? ` ${key.revokedAt}` : ''}` : 'active';
}

/** Names and notes are the user's text: keep terminal control characters out of the output. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

function ensureFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
