import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../../helpers/temp-vault';
import { CLI, configHomeFor, copyOfVault, ISSUER_ID, PASSPHRASE, REPO_ROOT, rememberSecret, runJson, runWithVault, writeKeyFile } from './cli-harness';

const NEW_PASSPHRASE = 'a new passphrase for the same vault';
rememberSecret(NEW_PASSPHRASE);
const SLOW_TEST_MS = 60_000;

/** Edits the vault file with python3's own SQLite, as someone with write access but no passphrase would. */
function editWithPython(file: string, sql: string): void {
  execFileSync('python3', ['-c', 'import sqlite3, sys\ndb = sqlite3.connect(sys.argv[1])\ndb.executescript(sys.argv[2])\ndb.commit()\ndb.close()', file, sql]);
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

// Made once for the file (tempFolder's folders go after each test); each test works on its own copy.
const templateFolder = mkdtempSync(path.join(tmpdir(), 'asc-vault-integrity-'));
const template = path.join(templateFolder, 'vault.sqlite');
afterAll(() => rmSync(templateFolder, { recursive: true, force: true }));

beforeAll(async () => {
  expect((await runWithVault(template, ['init'])).code).toBe(0);
  const keys = templateFolder;
  for (const name of ['first', 'second']) {
    const run = await runWithVault(template, ['import', writeKeyFile(keys, 'AuthKey').path, '--issuer-id', ISSUER_ID, '--name', name]);
    expect(run.code, run.stderr).toBe(0);
  }
}, SLOW_TEST_MS);

describe('the command line on a vault file changed behind its back', () => {
  // One row per attack, each on its own copy: what another SQLite client did, and what the refusal says.
  it.each([
    { attack: 'a key row deleted', sql: 'DELETE FROM items WHERE rowid = (SELECT min(rowid) FROM items);', says: '1 key record was removed from it.' },
    { attack: 'the activity log wiped', sql: 'DELETE FROM events;', says: 'activity entries were removed from it.' },
    { attack: 'a trigger that keeps deleted keys', sql: 'CREATE TRIGGER keep_keys BEFORE DELETE ON items BEGIN SELECT RAISE(IGNORE); END;', says: 'it holds a trigger that the app never creates ("keep_keys")' },
    {
      attack: 'a view hiding a key',
      sql: 'ALTER TABLE items RENAME TO items_real; CREATE VIEW items AS SELECT * FROM items_real WHERE rowid > 1;',
      says: 'it holds a table that the app never creates ("items_real")',
    },
    { attack: 'an extra table', sql: 'CREATE TABLE deleted_keys (id TEXT, ciphertext BLOB);', says: 'it holds a table that the app never creates ("deleted_keys")' },
  ])('refuses a vault with $attack: exit 5, the reason, the file byte for byte as it was', async ({ sql, says }) => {
    const vault = copyOfVault(template);
    editWithPython(vault, sql);
    const before = readFileSync(vault);

    const run = await runWithVault(vault, ['delete', 'first', '--confirm', 'x']);

    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^error VAULT_DAMAGED: The vault file was changed outside the app: .* Nothing was changed\. To restore from a backup, move this file aside first \(rename it and keep it\), then restore the backup in its place\.\n$/);
    expect(run.stderr).toContain(says);
    expect(readFileSync(vault).equals(before)).toBe(true);
    expect(existsSync(`${vault}-wal`) ? readFileSync(`${vault}-wal`).length : 0).toBe(0);
  });

  it('refuses a key row put back from before its revoke, so the revoke cannot be undone behind the app', async () => {
    const vault = copyOfVault(template);
    const older = `${vault}.older`;
    copyFileSync(vault, older);
    expect((await runWithVault(vault, ['revoke', 'first'])).code).toBe(0);
    editWithPython(vault, `ATTACH '${older}' AS old; INSERT OR REPLACE INTO items SELECT * FROM old.items;`);
    const before = readFileSync(vault);

    const run = await runWithVault(vault, ['list']);

    expect(run.code).toBe(5);
    expect(run.stderr).toContain('a key record was replaced with an older or foreign copy');
    expect(readFileSync(vault).equals(before)).toBe(true);
  }, SLOW_TEST_MS);

  it('warns with exit 7 about an older copy put back in place, and opens it with --allow-older', async () => {
    const vault = copyOfVault(template);
    const older = `${vault}.older`;
    expect((await runWithVault(vault, ['list'])).code).toBe(0);
    copyFileSync(vault, older);
    expect((await runWithVault(vault, ['revoke', 'first'])).code).toBe(0);
    copyFileSync(older, vault);
    const before = readFileSync(vault);

    const refused = await runWithVault(vault, ['list', '--json']);
    expect(refused.code).toBe(7);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^error VAULT_ROLLED_BACK: This vault file is an older copy than the one last opened on this computer: .* \(On the command line: --allow-older\.\)\n$/);
    expect(readFileSync(vault).equals(before)).toBe(true);

    const opened = await runJson<{ keys: Array<{ name: string; revoked: boolean }> }>(vault, ['list', '--allow-older']);
    expect(opened.keys.map((key) => [key.name, key.revoked])).toEqual([['first', false], ['second', false]]);
    expect((await runWithVault(vault, ['list'])).code, 'once opened on purpose, it is the newest this computer knows').toBe(0);
  }, SLOW_TEST_MS);

  it('tightens a vault file other users could read, and says so on stderr', async () => {
    const vault = copyOfVault(template);
    chmodSync(vault, 0o644);

    const run = await runWithVault(vault, ['list', '--json']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: vault.sqlite could be read or changed by other users of this computer (mode 0644); it is now owner-only (0600).\n');
    expect(modeOf(vault)).toBe(0o600);
  });

  it('creates the vault owner-only, and its folders, whatever the umask', () => {
    const home = tempFolder();
    const vault = path.join(home, 'made', 'by', 'init', 'vault.sqlite');
    const run = spawnSync('sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, CLI, 'init', '--vault', vault], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ASC_VAULT_PASSPHRASE: PASSPHRASE, XDG_CONFIG_HOME: configHomeFor(vault) },
      encoding: 'utf8',
    });

    expect(run.status, run.stderr).toBe(0);
    expect(modeOf(vault)).toBe(0o600);
    for (const folder of ['made', 'made/by', 'made/by/init']) expect(modeOf(path.join(home, folder)), folder).toBe(0o700);
    expect(existsSync(`${vault}-wal`)).toBe(false);
  });
});

describe('asc-key-vault passphrase', () => {
  it('changes the passphrase: the old one is refused after, the new one opens every key', async () => {
    const vault = copyOfVault(template);

    const changed = await runJson(vault, ['passphrase'], { ASC_VAULT_NEW_PASSPHRASE: NEW_PASSPHRASE });

    expect(changed).toEqual({ path: vault, changed: true, quickUnlockTurnedOff: false });
    const old = await runWithVault(vault, ['list']);
    expect(old.code).toBe(3);
    const listed = await runJson<{ keys: unknown[] }>(vault, ['list'], { ASC_VAULT_PASSPHRASE: NEW_PASSPHRASE });
    expect(listed.keys).toHaveLength(2);
  }, SLOW_TEST_MS);

  it('refuses, changing nothing, a missing or weak new passphrase and one given as an argument', async () => {
    const vault = copyOfVault(template);
    const before = readFileSync(vault);

    const missing = await runWithVault(vault, ['passphrase']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No new passphrase given. stdin is not a terminal, so use --new-passphrase-file PATH or set ASC_VAULT_NEW_PASSPHRASE');
    const weak = await runWithVault(vault, ['passphrase'], { ASC_VAULT_NEW_PASSPHRASE: 'short' });
    expect(weak.code).toBe(4);
    expect(weak.stderr).toMatch(/^error WEAK_PASSPHRASE: /);
    const argument = await runWithVault(vault, ['passphrase', '--new-passphrase', NEW_PASSPHRASE]);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toContain('A passphrase is never taken as an argument');

    expect(readFileSync(vault).equals(before)).toBe(true);
  }, SLOW_TEST_MS);
});
