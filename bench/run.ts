/**
 * npm run bench: figures as ratios against baselines measured in the same run on this machine.
 * Nothing here asserts a time; read the table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_KDF_COST, deriveKeyEncryptionKey } from '../src-main/vault/kdf';
import { Vault } from '../src-main/vault/vault';

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
}

const PASSPHRASE = 'bench passphrase for the vault';

async function medianMs(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function benchUnlock(folder: string): Promise<Row> {
  const file = path.join(folder, 'unlock.sqlite');
  const vault = new Vault({ path: file });
  await vault.create(PASSPHRASE);
  vault.lock();
  const kdfMs = await medianMs(5, () => deriveKeyEncryptionKey(PASSPHRASE, { name: 'argon2id', ...DEFAULT_KDF_COST, salt: randomBytes(16).toString('base64') }));
  const unlockMs = await medianMs(5, async () => {
    await vault.unlock(PASSPHRASE);
    vault.lock();
  });
  return { figure: 'unlock (Argon2id 64 MiB, t=3, p=4)', value: `${unlockMs.toFixed(0)} ms`, baseline: `KDF alone ${kdfMs.toFixed(0)} ms`, ratio: (unlockMs / kdfMs).toFixed(2) };
}

const folder = mkdtempSync(path.join(tmpdir(), 'asc-vault-bench-'));
try {
  const rows = [await benchUnlock(folder)];
  console.table(rows);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
