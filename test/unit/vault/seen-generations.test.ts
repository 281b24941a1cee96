import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seenGenerationsFile } from '../../../src-main/vault/seen-generations';
import { tempFolder } from '../../helpers/temp-vault';

const VAULT = '2b1c6c3e-93f5-4c41-a0c8-0e3c3c6f7a11';
const OTHER = '5f0f3a55-3f8e-4a43-9d8e-4d7c2f8a6b22';

describe('the generations remembered outside the vault file', () => {
  it('writes just after a write and at flush, owner-only in an owner-only folder, keeping other vaults’ entries', async () => {
    const file = path.join(tempFolder(), 'ASC Key Vault', 'seen-vaults.json');
    const seen = seenGenerationsFile(file);
    seen.remember(OTHER, 3);
    seen.flush();
    seen.remember(VAULT, 7);
    expect(seen.lastSeen(VAULT), 'known at once in this process').toBe(7);

    await new Promise((resolve) => setImmediate(resolve));

    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ vaults: { [OTHER]: 3, [VAULT]: 7 } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(seenGenerationsFile(file).lastSeen(VAULT), 'and in the next process').toBe(7);
  });

  it('reads a damaged or foreign file as remembering nothing, and writes over it', () => {
    const file = path.join(tempFolder(), 'seen-vaults.json');
    writeFileSync(file, '{"vaults": [1, 2');
    const seen = seenGenerationsFile(file);
    expect(seen.lastSeen(VAULT)).toBeNull();
    seen.remember(VAULT, 2);
    seen.flush();
    expect(seenGenerationsFile(file).lastSeen(VAULT)).toBe(2);
  });
});
