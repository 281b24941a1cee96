import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createdVault, TEST_PASSPHRASE, vaultAt } from '../../helpers/temp-vault';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;

/** Runs the writer until it has acknowledged `killAfter` records, then SIGKILLs it mid-loop. */
function writeUntilKilled(file: string, first: number, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, WRITER, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: number[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acknowledged.push(Number(match[1]));
      }
      if (acknowledged.length >= killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer ended without being killed: ${stderr}`))));
  });
}

describe('crash safety', () => {
  it('keeps every acknowledged record through SIGKILL at random points', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const acknowledged: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      const killAfter = 1 + Math.floor(Math.random() * 150);
      acknowledged.push(...(await writeUntilKilled(file, round * 10_000, killAfter)));

      const reopened = vaultAt(file);
      await reopened.unlock(TEST_PASSPHRASE);
      const stored = new Set(reopened.listItems<{ n: number }>().map((item) => item.data.n));
      for (const n of acknowledged) expect(stored.has(n), `record ${n} was acknowledged`).toBe(true);
      for (const item of reopened.listItems<{ n: number }>()) {
        expect(reopened.withSecret(item.id, (secret) => secret)).toEqual({ pem: `secret ${item.data.n}` });
      }
      reopened.lock();
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
  });
});
