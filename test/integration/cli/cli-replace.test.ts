import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliCopy, cliRunner, ISSUER_ID, REPO_ROOT, writeKeyFile, type CliRunner, type KeyFile } from './cli-harness';

/** `replace`, run as a script runs it: each run is an unlock, so each test makes the runs its behaviour needs. */

interface PlaceJson {
  id: string;
  type: 'added' | 'export';
  label: string;
  target: string | null;
  destination: string | null;
  doneAt: string | null;
}
interface KeyJson {
  id: string;
  keyId: string;
  revoked: boolean;
  usedIn: Array<{ label: string }>;
  replacement: { startedAt: string; stage: string; newKeyId: string | null; places: PlaceJson[] } | null;
}
interface ReplaceJson {
  key: KeyJson;
  newKey: KeyJson | null;
}

const SLOW_TEST_MS = 120_000;
const BUILD_FOLDER = 'cli-replace-test';
let cli: CliRunner;
let folder: string;

beforeAll(() => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-replace-'));
}, 120_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true });
});

/** A vault with an old team key exported to fastlane and used in Bitrise, and a new team key. */
async function vaultWithOldAndNew(name: string): Promise<{ vault: string; old: KeyFile; fresh: KeyFile; out: string }> {
  const vault = path.join(folder, name, 'vault.sqlite');
  const out = path.join(folder, name, 'repo');
  mkdirSync(out, { recursive: true });
  const old = writeKeyFile(path.dirname(vault), 'AuthKey');
  const fresh = writeKeyFile(path.dirname(vault), 'AuthKey');
  for (const args of [
    ['init'],
    ['import', old.path, '--issuer-id', ISSUER_ID, '--name', 'Old CI'],
    ['import', fresh.path, '--issuer-id', ISSUER_ID, '--name', 'New CI'],
    ['export', 'Old CI', '--to', 'fastlane', '--out', out],
  ]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0 });
  }
  return { vault, old, fresh, out };
}

describe('asc-key-vault replace', () => {
  it(
    'starts, chooses the new key, ticks places (an export of the new key ticks its own), and finishes with the old key revoked',
    async () => {
      const { vault, old, fresh, out } = await vaultWithOldAndNew('flow');
      const started = await cli.runJson<ReplaceJson>(vault, ['replace', 'start', 'Old CI', '--json']);
      expect(started.key.replacement).toMatchObject({ stage: 'new-key', newKeyId: null, places: [{ type: 'export', label: 'fastlane', target: 'fastlane', destination: out, doneAt: null }] });

      const used = await cli.runJson<ReplaceJson>(vault, ['replace', 'use', old.keyId, fresh.keyId, '--json']);
      expect(used).toMatchObject({ key: { replacement: { stage: 'places' } }, newKey: { keyId: fresh.keyId } });

      const exported = await cli.runWithVault(vault, ['export', 'New CI', '--to', 'fastlane', '--out', out, '--overwrite']);
      expect(exported, exported.stderr).toMatchObject({ code: 0 });
      const status = await cli.runWithVault(vault, ['replace', 'status', 'Old CI']);
      expect(status.stdout).toContain('Places (1 of 1 done;');
      expect(status.stdout).toContain(`  1. [x] export to fastlane in ${out}`);
      expect(status.stdout).toContain(`Next: revoke ${old.keyId} in App Store Connect (https://appstoreconnect.apple.com/access/integrations/api), then \`replace finish KEY\`.`);

      const undone = await cli.runJson<ReplaceJson>(vault, ['replace', 'tick', 'Old CI', '1', '--undo', '--json']);
      expect(undone.key.replacement?.stage).toBe('places');
      const early = await cli.runWithVault(vault, ['replace', 'finish', 'Old CI']);
      expect(early).toMatchObject({ code: 4, stdout: '' });
      expect(early.stderr).toMatch(/^error REPLACEMENT_INCOMPLETE: "Old CI" is still used in one place not ticked off: fastlane\./);

      await cli.runJson<ReplaceJson>(vault, ['replace', 'tick', 'Old CI', '1', '--json']);
      const finished = await cli.runJson<ReplaceJson>(vault, ['replace', 'finish', 'Old CI', '--json']);
      expect(finished).toMatchObject({ key: { keyId: old.keyId, revoked: true, replacement: null }, newKey: { keyId: fresh.keyId, revoked: false } });
    },
    SLOW_TEST_MS,
  );

  it(
    'refuses what cannot be, with exit codes a script can read, and changes nothing',
    async () => {
      const { vault, fresh } = await vaultWithOldAndNew('refusals');
      const notStarted = await cli.runWithVault(vault, ['replace', 'status', 'Old CI']);
      expect(notStarted).toMatchObject({ code: 6, stdout: '' });
      expect(notStarted.stderr).toMatch(/^error NOT_FOUND: "Old CI" is not being replaced/);

      await cli.runJson<ReplaceJson>(vault, ['replace', 'start', 'Old CI', '--json']);
      const iap = writeKeyFile(path.dirname(vault), 'SubscriptionKey');
      expect(await cli.runWithVault(vault, ['import', iap.path, '--issuer-id', ISSUER_ID])).toMatchObject({ code: 0 });
      const wrongKind = await cli.runWithVault(vault, ['replace', 'use', 'Old CI', iap.keyId]);
      expect(wrongKind).toMatchObject({ code: 4, stdout: '' });
      expect(wrongKind.stderr).toMatch(/^error KIND_MISMATCH: .*keys of different kinds are not interchangeable/);

      const noSuchPlace = await cli.runWithVault(vault, ['replace', 'tick', 'Old CI', '7']);
      expect(noSuchPlace).toMatchObject({ code: 2, stdout: '' });
      expect(noSuchPlace.stderr).toContain('There is no place 7: give a number from 1 to 1');
      const noNewKey = await cli.runWithVault(vault, ['replace', 'tick', 'Old CI', '1']);
      expect(noNewKey).toMatchObject({ code: 2 });
      expect(noNewKey.stderr).toContain('Add the key that replaces "Old CI" first');

      const unchanged = await cli.runJson<ReplaceJson>(vault, ['replace', 'status', 'Old CI', '--json']);
      expect(unchanged).toMatchObject({ key: { replacement: { stage: 'new-key', newKeyId: null, places: [{ doneAt: null }] } }, newKey: null });

      await cli.runJson<ReplaceJson>(vault, ['replace', 'use', 'Old CI', fresh.keyId, '--json']);
      const stopped = await cli.runWithVault(vault, ['replace', 'stop', 'Old CI']);
      expect(stopped).toMatchObject({ code: 0, stdout: 'Stopped replacing "Old CI" (' + (await keyIdOf(vault, 'Old CI')) + '). The new key stays in the vault.\n' });
      const shown = await cli.runJson<{ key: KeyJson }>(vault, ['show', 'New CI', '--json']);
      expect(shown.key.revoked).toBe(false);
    },
    SLOW_TEST_MS,
  );
});

async function keyIdOf(vault: string, name: string): Promise<string> {
  return (await cli.runJson<{ key: KeyJson }>(vault, ['show', name, '--json'])).key.keyId;
}
