import { describe, expect, it } from 'vitest';
import { keyAgeText } from '../../../src-renderer/key-age';

describe('a key’s age', () => {
  const now = new Date(2026, 11, 4, 12, 0);
  it.each([
    [new Date(2026, 11, 4, 9, 0), 'today'],
    [new Date(2026, 11, 3, 9, 0), '1 day ago'],
    [new Date(2026, 10, 10, 12, 0), '24 days ago'],
    [new Date(2026, 9, 20, 12, 0), '1 month ago'],
    [new Date(2025, 9, 1, 12, 0), '14 months ago'],
    [new Date(2024, 11, 5, 12, 0), '23 months ago'],
    [new Date(2023, 5, 1, 12, 0), '3 years ago'],
  ])('added %s reads %s', (added, text) => {
    expect(keyAgeText(added.toISOString(), now)).toBe(text);
  });
});
