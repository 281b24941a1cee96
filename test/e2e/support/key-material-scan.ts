import { expect } from 'vitest';

/** Fails when any text the renderer received could carry private-key material. */
export function expectNoKeyMaterial(texts: string[]): void {
  for (const text of texts) {
    expect(text).not.toMatch(/PRIVATE KEY/);
    expect(text).not.toMatch(/MIG[HT]AgEA/);
  }
}
