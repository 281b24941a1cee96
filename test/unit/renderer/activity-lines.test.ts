import { describe, expect, it } from 'vitest';
import { foldRepeatedUnlocks } from '../../../src-renderer/activity-lines';
import type { AuditEvent } from '../../../src-shared/vault/audit-event';

const event = (id: number, type: AuditEvent['type'], summary: string, source?: AuditEvent['source']): AuditEvent => ({
  id: String(id),
  at: `2026-06-01T12:${String(60 - id).padStart(2, '0')}:00.000Z`,
  type,
  summary,
  ...(source ? { source } : {}),
});

describe('activity lines', () => {
  it('folds back-to-back unlocks from the same program into one line with a count and the time of the first', () => {
    const lines = foldRepeatedUnlocks([
      event(1, 'vault.unlocked', 'Vault unlocked', 'cli'),
      event(2, 'vault.unlocked', 'Vault unlocked', 'cli'),
      event(3, 'vault.unlocked', 'Vault unlocked', 'cli'),
      event(4, 'vault.unlocked', 'Vault unlocked', 'app'),
      event(5, 'token.issued', 'Issued a token', 'cli'),
      event(6, 'vault.unlocked', 'Vault unlocked', 'cli'),
      event(7, 'vault.unlocked', 'Vault unlocked with the system keychain', 'cli'),
    ]);
    expect(lines.map((line) => [line.event.id, line.count, line.earliestAt])).toEqual([
      ['1', 3, '2026-06-01T12:57:00.000Z'],
      ['4', 1, '2026-06-01T12:56:00.000Z'],
      ['5', 1, '2026-06-01T12:55:00.000Z'],
      ['6', 1, '2026-06-01T12:54:00.000Z'],
      ['7', 1, '2026-06-01T12:53:00.000Z'],
    ]);
  });

  it('never folds other events, however alike', () => {
    expect(foldRepeatedUnlocks([event(1, 'token.issued', 'Issued a token', 'cli'), event(2, 'token.issued', 'Issued a token', 'cli')])).toHaveLength(2);
  });
});
