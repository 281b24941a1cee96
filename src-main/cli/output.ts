import { KEY_KIND_LABELS, type KeyKind } from '../../src-shared/keys/key-kind';
import type { KeyEnvironment, KeyExportEntry, KeySourceFormat, KeySummary } from '../../src-shared/keys/key-record';
import type { AuditEvent, AuditEventType } from '../../src-shared/vault/audit-event';

/**
 * What a command prints: one JSON document for `--json`, readable text otherwise. The JSON shapes
 * below are the CLI's own contract (listed in the README), built field by field so that a change to
 * the app's types does not silently change what scripts read. Absent values are `null`, never missing.
 */
export interface CommandOutput {
  json: Record<string, unknown>;
  text: string;
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
}

export interface EventJson {
  id: string;
  at: string;
  type: AuditEventType;
  summary: string;
  /** The record id of the key the event is about. */
  recordId: string | null;
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
  };
}

export function eventJson(event: AuditEvent): EventJson {
  return { id: event.id, at: event.at, type: event.type, summary: event.summary, recordId: event.itemId ?? null };
}

export function writeOutput(output: CommandOutput, asJson: boolean, stdout: NodeJS.WritableStream): void {
  stdout.write(asJson ? `${JSON.stringify(output.json, null, 2)}\n` : ensureFinalNewline(output.text));
}

/** Columns padded to their widest cell, two spaces apart. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cells = [headers, ...rows].map((row) => row.map(oneLine));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  return cells.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

export function keyTable(keys: readonly KeySummary[], query: string): string {
  if (keys.length === 0) return query.trim() === '' ? 'The vault holds no keys.\n' : `No key matches "${oneLine(query)}".\n`;
  return formatTable(
    ['NAME', 'KEY ID', 'KIND', 'ISSUER ID', 'BUNDLE IDS', 'STATE'],
    keys.map((key) => [key.name, key.keyId, key.kind, key.issuerId ?? '-', key.bundleIds.join(', ') || '-', keyState(key)]),
  );
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
    ['Fingerprint', `SHA-256 ${key.fingerprint}`],
    ['Original file', key.originalFileName],
    ['Added', key.createdAt],
    ['Updated', key.updatedAt],
    ['Record id', key.id],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${oneLine(value)}`);
  if (key.exports.length > 0) lines.push('Exports:', ...key.exports.map((entry) => `  ${oneLine(entry.target)} at ${entry.at}`));
  lines.push('Notes:', ...(key.notes === '' ? ['  -'] : key.notes.split(/\r?\n/).map((line) => `  ${oneLine(line)}`)));
  lines.push('Public key:', ...key.publicKeyPem.trimEnd().split('\n').map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
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
