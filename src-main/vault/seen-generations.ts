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
  remember(vaultId: string, generation: number): void;
}

export const SEEN_GENERATIONS_FILE = 'seen-vaults.json';

interface SeenFile {
  vaults: Record<string, number>;
}

/**
 * One small JSON file in the app's data folder, shared by the app and the command-line tool. An
 * unreadable file counts as empty: it can make the check miss a rollback, never refuse a vault.
 */
export function seenGenerationsFile(file: string): SeenGenerations {
  const read = (): SeenFile => {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as SeenFile;
      return typeof parsed.vaults === 'object' && parsed.vaults !== null ? parsed : { vaults: {} };
    } catch {
      return { vaults: {} };
    }
  };
  return {
    lastSeen: (vaultId) => {
      const generation = read().vaults[vaultId];
      return Number.isSafeInteger(generation) ? (generation as number) : null;
    },
    remember: (vaultId, generation) => {
      const seen = read();
      seen.vaults[vaultId] = generation;
      makeOwnerOnlyFolder(path.dirname(file));
      const temp = `${file}.${randomUUID()}.partial`;
      try {
        writeFileSync(temp, JSON.stringify(seen), { mode: OWNER_ONLY_FILE, flag: 'wx' });
        renameSync(temp, file);
      } finally {
        rmSync(temp, { force: true });
      }
    },
  };
}

/** For tests and for opening backups: remembered for the life of the object only. */
export function seenGenerationsInMemory(): SeenGenerations {
  const seen = new Map<string, number>();
  return { lastSeen: (vaultId) => seen.get(vaultId) ?? null, remember: (vaultId, generation) => void seen.set(vaultId, generation) };
}
