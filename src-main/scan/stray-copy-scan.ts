import { lstat, open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { findPrivateKeys, mayHoldPrivateKey, type FoundPrivateKey } from '../keys/private-key-text';

/** Folders of dependencies, VCS objects and build caches: never a user's own copy of a key, and often huge. */
export const SKIPPED_FOLDER_NAMES: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  '.git',
  '.hg',
  '.svn',
  'Pods',
  'Carthage',
  'DerivedData',
  '.gradle',
  '.venv',
  'venv',
  '__pycache__',
  '.cache',
  '.Trash',
]);

export interface ScanLimits {
  /** Folder levels below each chosen folder. */
  maxDepth: number;
  /** Larger files are not read: a key file is a few hundred bytes, a config holding one a few KiB. */
  maxFileBytes: number;
  /** Stops the walk of huge trees (a home folder) after this many files. */
  maxFiles: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxDepth: 8, maxFileBytes: 256 * 1024, maxFiles: 200_000 };

export interface KeyFileFound {
  path: string;
  keys: FoundPrivateKey[];
  /** Nothing but the keys' armour and white space. */
  onlyKey: boolean;
}

export interface FolderWalk {
  files: KeyFileFound[];
  filesRead: number;
  skipped: { dependencyFolders: number; symlinks: number; largeFiles: number; unreadable: number; deeperThanLimit: number };
}

/**
 * Walks the folders for files that hold PEM private keys, by content. Symbolic links are never
 * followed (no loops, and nothing outside the chosen folders is read); each real folder is visited once.
 */
export async function walkForPrivateKeys(folders: readonly string[], limits: ScanLimits = DEFAULT_SCAN_LIMITS): Promise<FolderWalk> {
  const walk: FolderWalk = { files: [], filesRead: 0, skipped: { dependencyFolders: 0, symlinks: 0, largeFiles: 0, unreadable: 0, deeperThanLimit: 0 } };
  const seen = new Set<string>();
  const pending: Array<{ folder: string; depth: number }> = folders.map((folder) => ({ folder: path.resolve(folder), depth: 0 }));
  while (pending.length > 0 && walk.filesRead < limits.maxFiles) {
    const { folder, depth } = pending.pop()!;
    if (seen.has(folder)) continue;
    seen.add(folder);
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      walk.skipped.unreadable += 1;
      continue;
    }
    for (const entry of entries) {
      const entryPath = path.join(folder, entry.name);
      if (entry.isSymbolicLink()) walk.skipped.symlinks += 1;
      else if (entry.isDirectory()) {
        if (SKIPPED_FOLDER_NAMES.has(entry.name)) walk.skipped.dependencyFolders += 1;
        else if (depth >= limits.maxDepth) walk.skipped.deeperThanLimit += 1;
        else pending.push({ folder: entryPath, depth: depth + 1 });
      } else if (entry.isFile()) {
        const found = await readKeys(entryPath, limits.maxFileBytes, walk);
        if (found && found.keys.length > 0) walk.files.push(found);
      }
    }
  }
  walk.files.sort((a, b) => a.path.localeCompare(b.path));
  return walk;
}

async function readKeys(file: string, maxFileBytes: number, walk: FolderWalk): Promise<KeyFileFound | null> {
  try {
    const info = await lstat(file);
    if (info.size > maxFileBytes) {
      walk.skipped.largeFiles += 1;
      return null;
    }
    walk.filesRead += 1;
    const handle = await open(file, 'r');
    try {
      const bytes = await handle.readFile();
      const text = bytes.toString('latin1');
      const keys = mayHoldPrivateKey(text) ? findPrivateKeys(text) : [];
      const onlyKey = text.replace(/-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g, '').trim() === '';
      bytes.fill(0);
      return { path: file, keys, onlyKey };
    } finally {
      await handle.close();
    }
  } catch {
    walk.skipped.unreadable += 1;
    return null;
  }
}

/** The private keys a single file holds now (for a re-check just before it is moved to the trash). */
export async function privateKeysIn(file: string, maxFileBytes = DEFAULT_SCAN_LIMITS.maxFileBytes): Promise<KeyFileFound | null> {
  const walk: FolderWalk = { files: [], filesRead: 0, skipped: { dependencyFolders: 0, symlinks: 0, largeFiles: 0, unreadable: 0, deeperThanLimit: 0 } };
  return readKeys(file, maxFileBytes, walk);
}
