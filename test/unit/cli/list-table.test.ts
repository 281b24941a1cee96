import { describe, expect, it } from 'vitest';
import { keyTable, outputWidth } from '../../../src-main/cli/output';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

function key(name: string, keyId: string, kind: KeyKind, extra: Partial<KeySummary> = {}): KeySummary {
  return {
    id: keyId.toLowerCase(), keyId, name, kind, issuerId: ISSUER_ID, bundleIds: [], originalFileName: '', publicKeyPem: '', fingerprint: '',
    notes: '', tags: [], createdAt: '', updatedAt: '', revoked: false, sourceFormat: 'pkcs8', exports: [], usedIn: [], ...extra,
  };
}

const KEYS = [
  key('Subscriptions for the production app, the one the store team rotates every spring', '2X9R4HXF34', 'in-app-purchase', {
    bundleIds: ['com.example.app', 'com.example.app.widget', 'com.example.app.watchkitapp'],
  }),
  key('CI team key', '8KJ3ZQ5TYB', 'asc-team'),
  key('Old CI key', '7QWERTY123', 'asc-team', { revoked: true, revokedAt: '2026-03-14T09:26:53.589Z' }),
];
const characters = (line: string) => Array.from(line).length;

describe('list: one line per key, fitted to the terminal', () => {
  it.each([80, 100, 120])('keeps every row within %i columns, cutting names with an ellipsis', (width) => {
    const lines = keyTable(KEYS, '', width).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + KEYS.length);
    for (const line of lines) expect(characters(line), line).toBeLessThanOrEqual(width);
    expect(lines[1]).toMatch(/^Subscriptio.*… +2X9R4HXF34 +in-app-purchase /);
    expect(lines[2]).toMatch(/^CI team key +8KJ3ZQ5TYB /);
    expect(lines[3]).toMatch(/ revoked 2026-03-14$/);
  });

  it('cuts nothing when it already fits, or when there is no width (a pipe)', () => {
    const short = [KEYS[1]!];
    expect(keyTable(short, '', 200)).toBe(keyTable(short, ''));
    expect(keyTable(short, '')).not.toContain('…');
    const whole = keyTable(KEYS, '');
    expect(whole).toContain(KEYS[0]!.name);
    expect(whole).toContain(ISSUER_ID);
  });

  it('keeps rows whole rather than dropping a column when the terminal is too narrow for any fit', () => {
    const lines = keyTable(KEYS, '', 40).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + KEYS.length);
    expect(lines[2]).toMatch(/8KJ3ZQ5TYB +asc-team +57\d*… +- +active$/);
  });
});

describe('the width list fits to', () => {
  it.each([
    { name: 'COLUMNS, as ls reads it', stdout: { isTTY: true, columns: 200 }, env: { COLUMNS: '90' }, width: 90 },
    { name: 'the terminal’s width', stdout: { isTTY: true, columns: 132 }, env: {}, width: 132 },
    { name: 'none for a pipe or a file', stdout: {}, env: {}, width: undefined },
    { name: 'none for a COLUMNS that is not a width', stdout: {}, env: { COLUMNS: 'wide' }, width: undefined },
  ])('$name', ({ stdout, env, width }) => {
    expect(outputWidth(stdout, env)).toBe(width);
  });
});
