import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { makeOwnerOnlyFolder, OWNER_ONLY_FILE } from './owner-only';

/**
 * The newest write generation this machine has seen of each vault, kept outside the vault file, so
 * that an older copy put in its place (a synced folder, a restored disk image) is noticed.
 */
export interface SeenGenerations {
  lastSeen(vaultId: string): number | null;
  /** May be written a moment later; `flush` writes it now. */
  remember(vaultId: string, generation: number): void;
  flush(): void;
}

export const SEEN_GENERATIONS_FILE = 'seen-vaults.json';

interface SeenFile {
  vaults: Record<string, number>;
}

/**
 * One small JSON file in the app's data folder, shared by the app and the command-line tool. An
 * unreadable file counts as empty: it can make the check miss a rollback, never refuse a vault.
 * Generations are written just after the write that made them (off the write's own path, which
 * stays one fsync), and at once on `flush` (the vault flushes when it locks).
 */
export function seenGenerationsFile(file: string): SeenGenerations {
  const pending = new Map<string, number>();
  let scheduled = false;
  const read = (): SeenFile => {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as SeenFile;
      return typeof parsed.vaults === 'object' && parsed.vaults !== null ? parsed : { vaults: {} };
    } catch {
      return { vaults: {} };
    }
  };
  const flush = () => {
    scheduled = false;
    if (pending.size === 0) return;
    const seen = read();
    for (const [vaultId, generation] of pending) seen.vaults[vaultId] = generation;
    makeOwnerOnlyFolder(path.dirname(file));
    const temp = `${file}.${randomUUID()}.partial`;
    try {
      writeFileSync(temp, JSON.stringify(seen), { mode: OWNER_ONLY_FILE, flag: 'wx' });
      renameSync(temp, file);
      pending.clear();
    } finally {
      rmSync(temp, { force: true });
    }
  };
  return {
    lastSeen: (vaultId) => {
      const generation = pending.get(vaultId) ?? read().vaults[vaultId];
      return Number.isSafeInteger(generation) ? (generation as number) : null;
    },
    remember: (vaultId, generation) => {
      pending.set(vaultId, generation);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        try {
          flush();
        } catch {
          // Written again at the next write or at lock; a full disk here only weakens the rollback check.
        }
      });
    },
    flush,
  };
}

/** For tests: remembered for the life of the object only. */
export function seenGenerationsInMemory(): SeenGenerations {
  const seen = new Map<string, number>();
  return { lastSeen: (vaultId) => seen.get(vaultId) ?? null, remember: (vaultId, generation) => void seen.set(vaultId, generation), flush: () => undefined };
}
