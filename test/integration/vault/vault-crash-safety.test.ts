import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createdVault, vaultAt } from '../../helpers/temp-vault';
import { CRASH_PASSPHRASES } from './crash-passphrases';

const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const WRITER = new URL('./crash-writer.ts', import.meta.url).pathname;

type Ack = { op: 'put' | 'edit' | 'delete' | 'passphrase'; n: number };

/** Runs the writer until it has acknowledged `killAfter` writes, then SIGKILLs it mid-loop. */
function writeUntilKilled(file: string, first: number, passphraseIndex: number, killAfter: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, WRITER, file, String(first), String(passphraseIndex)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acknowledged: Ack[] = [];
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (put|edit|delete|passphrase) (\d+)$/.exec(line);
        if (match) acknowledged.push({ op: match[1] as Ack['op'], n: Number(match[2]) });
      }
      if (acknowledged.length >= killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(acknowledged) : reject(new Error(`writer ended without being killed: ${stderr}`))));
  });
}

/** Unlocks with the acknowledged passphrase, or the next one when the kill came after a change committed but before its line was read. */
async function reopen(file: string, acknowledged: number) {
  const vault = vaultAt(file);
  try {
    await vault.unlock(CRASH_PASSPHRASES[acknowledged]!);
    return { vault, passphraseIndex: acknowledged };
  } catch (error) {
    const next = (acknowledged + 1) % CRASH_PASSPHRASES.length;
    const retried = vaultAt(file);
    await retried.unlock(CRASH_PASSPHRASES[next]!).catch(() => {
      throw error;
    });
    return { vault: retried, passphraseIndex: next };
  }
}

describe('crash safety', () => {
  it('keeps every acknowledged put, edit, delete and passphrase change through SIGKILL at random points, with the manifest matching', async () => {
    const { vault, file } = await createdVault();
    vault.lock();
    const expected = new Map<number, { edited: boolean }>();
    let passphraseIndex = 0;
    let writes = 0;
    for (let round = 0; round < 6; round += 1) {
      const killAfter = 1 + Math.floor(Math.random() * 120);
      const acks = await writeUntilKilled(file, round * 10_000, passphraseIndex, killAfter);
      for (const ack of acks) {
        writes += 1;
        if (ack.op === 'put') expected.set(ack.n, { edited: false });
        if (ack.op === 'edit') expected.set(ack.n, { edited: true });
        if (ack.op === 'delete') expected.delete(ack.n);
        if (ack.op === 'passphrase') passphraseIndex = ack.n;
      }
      // The kill may land after a write committed but before its line was read: the delete the writer
      // does next (of n - 1, after putting a multiple of 5) may have happened, unacknowledged.
      const last = acks.at(-1);
      if (last && (last.op === 'put' || last.op === 'edit') && last.n % 5 === 0) expected.delete(last.n - 1);

      // An unlock checks every row against the manifest: it would refuse a file a crash left inconsistent.
      const reopened = await reopen(file, passphraseIndex);
      passphraseIndex = reopened.passphraseIndex;
      const stored = new Map(reopened.vault.listItems<{ n: number; edited?: boolean }>().map((item) => [item.data.n, item]));
      for (const [n, { edited }] of expected) {
        expect(stored.has(n), `record ${n} was acknowledged`).toBe(true);
        if (edited) expect(stored.get(n)?.data.edited, `the edit of ${n} was acknowledged`).toBe(true);
      }
      for (const item of stored.values()) {
        expect(reopened.vault.withSecretField(item.id, 'pem', (bytes) => bytes.toString())).toBe(`secret ${item.data.n}`);
      }
      reopened.vault.lock();
    }
    expect(writes).toBeGreaterThanOrEqual(6);
  }, 120_000);
});
