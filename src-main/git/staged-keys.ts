import { findPrivateKeys, mayHoldPrivateKey } from '../keys/private-key-text';
import type { RunGit } from './git-runner';

/** A staged file that would put a private key into the repository. */
export interface StagedKeyFile {
  /** As git names it, relative to the repository's top. */
  path: string;
  reason: 'p8-file' | 'private-key';
}

// Larger staged files are not read for armour: keys are small, and a build artefact need not be scanned.
export const MAX_SCANNED_BLOB_BYTES = 8 * 1024 * 1024;

/**
 * What the index holds that a commit would add: every staged file named `.p8`, and every staged file
 * whose staged content (not the working copy) holds PEM private-key armour that parses as a key.
 */
export function findStagedKeys(repository: string, git: RunGit): StagedKeyFile[] {
  const top = git(['rev-parse', '--show-toplevel'], repository).toString('utf8').trim();
  const listed = git(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames'], top).toString('utf8');
  const found: StagedKeyFile[] = [];
  for (const file of listed.split('\0').filter((name) => name !== '')) {
    if (/\.p8$/i.test(file)) {
      found.push({ path: file, reason: 'p8-file' });
      continue;
    }
    const size = Number(git(['cat-file', '-s', `:${file}`], top).toString('utf8').trim());
    if (!(size <= MAX_SCANNED_BLOB_BYTES)) continue;
    const text = git(['cat-file', 'blob', `:${file}`], top).toString('latin1');
    if (mayHoldPrivateKey(text) && findPrivateKeys(text).length > 0) found.push({ path: file, reason: 'private-key' });
  }
  return found;
}
