import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { Vault } from '../../../src-main/vault/vault';
import type { ErrorCode } from '../../../src-shared/errors';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { MAX_USED_IN_ENTRIES, MAX_USED_IN_LABEL } from '../../../src-shared/keys/used-in';
import { routedAppIn } from '../../helpers/routed-app-in';
import { buildCliCopy, cliRunner, configHomeFor, copyOfVault, ISSUER_ID, PASSPHRASE, REPO_ROOT, writeKeyFile, type CliRun, type CliRunner, type KeyFile } from './cli-harness';

/**
 * `used-in`, run as a user runs it. Each run pays for an Argon2id unlock (about half a second), so
 * every test makes as few runs as its behaviour needs.
 */

interface UsedInJson {
  type: 'added' | 'export';
  id: string | null;
  label: string;
  target: string | null;
  destination: string | null;
  at: string;
}

interface KeyJson {
  id: string;
  keyId: string;
  name: string;
  usedIn: UsedInJson[];
}

interface EventJson {
  type: string;
  summary: string;
  recordId: string | null;
  source: string | null;
}

const USED_IN_FIELDS = ['type', 'id', 'label', 'target', 'destination', 'at'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SLOW_TEST_MS = 120_000;

/** A vault made by the CLI once (init, two imports, one export), copied for each test. */
interface Template {
  folder: string;
  vault: string;
  team: KeyFile;
  inAppPurchase: KeyFile;
  exportFolder: string;
}
let template: Template;
let cli: CliRunner;
// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-used-in-test';

beforeAll(async () => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-used-in-template-'));
  const vault = path.join(folder, 'vault.sqlite');
  const exportFolder = path.join(folder, 'adapty');
  template = { folder, vault, team: writeKeyFile(folder, 'AuthKey'), inAppPurchase: writeKeyFile(folder, 'SubscriptionKey'), exportFolder };
  for (const args of [
    ['init'],
    ['import', template.team.path, '--issuer-id', ISSUER_ID, '--name', 'CI team'],
    ['import', template.inAppPurchase.path, '--issuer-id', ISSUER_ID, '--bundle-id', 'com.example.app', '--name', 'Prod IAP'],
  ]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  }
  mkdirSync(exportFolder);
  const exported = await cli.runWithVault(vault, ['export', 'Prod IAP', '--to', 'adapty', '--out', exportFolder]);
  expect(exported, exported.stderr).toMatchObject({ code: 0 });
}, SLOW_TEST_MS);

afterAll(() => {
  if (template) rmSync(template.folder, { recursive: true, force: true });
  rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true });
});

function expectRefused(run: CliRun, exit: number, code: ErrorCode | null, message: RegExp): void {
  expect(run.code, run.stderr).toBe(exit);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(new RegExp(`^error${code === null ? '' : ` ${code}`}: `));
  expect(run.stderr).toMatch(message);
}

async function keyEvents(vault: string, keyId: string): Promise<EventJson[]> {
  const { events } = await cli.runJson<{ events: EventJson[] }>(vault, ['events', '--limit', '200']);
  const { key } = await cli.runJson<{ key: KeyJson }>(vault, ['show', keyId]);
  return events.filter((event) => event.recordId === key.id);
}

describe('asc-key-vault used-in', () => {
  it('adds, lists, renames and removes places by hand, each with its --json document, recorded in the activity log as the command line’s', async () => {
    const vault = copyOfVault(template.vault);
    const { keyId } = template.team;

    const added = await cli.runJson<{ key: KeyJson; entry: UsedInJson }>(vault, ['used-in', 'add', 'CI team', '  Bitrise   workflow ']);
    expect(Object.keys(added)).toEqual(['key', 'entry']);
    expect(Object.keys(added.entry)).toEqual(USED_IN_FIELDS);
    expect(added.entry).toEqual({ type: 'added', id: expect.stringMatching(UUID), label: 'Bitrise workflow', target: null, destination: null, at: expect.stringMatching(ISO_TIME) });
    expect(added.key.usedIn).toEqual([added.entry]);
    const bitrise = added.entry;

    const addedAsText = await cli.runWithVault(vault, ['used-in', 'add', keyId.toLowerCase(), 'RevenueCat project Fitness']);
    expect(addedAsText).toMatchObject({ code: 0, stderr: '' });
    expect(addedAsText.stdout).toMatch(new RegExp(`^Noted that "CI team" \\(${keyId}\\) is used in "RevenueCat project Fitness" \\(entry [0-9a-f]{8}\\)\\.\\n$`));

    const listed = await cli.runJson<{ key: Record<string, unknown>; usedIn: UsedInJson[] }>(vault, ['used-in', 'CI team']);
    expect(listed.key).toEqual({ id: added.key.id, keyId, name: 'CI team' });
    expect(listed.usedIn.map((line) => line.label)).toEqual(['Bitrise workflow', 'RevenueCat project Fitness']);
    const revenueCat = listed.usedIn[1]!;
    expect(addedAsText.stdout).toContain(`(entry ${revenueCat.id!.slice(0, 8)})`);

    const table = await cli.runWithVault(vault, ['used-in', 'list', keyId]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout.split('\n').slice(0, 3)).toEqual([`Where "CI team" (${keyId}) is used:`, '', expect.stringMatching(/^ENTRY +WHERE +WHEN +WRITTEN TO$/)]);
    expect(table.stdout).toMatch(new RegExp(`^${bitrise.id!.slice(0, 8)}  Bitrise workflow +added ${bitrise.at}  -$`, 'm'));

    const renamed = await cli.runJson<{ key: KeyJson; entry: UsedInJson; changed: boolean }>(vault, ['used-in', 'rename', keyId, bitrise.id!.slice(0, 8), 'Bitrise workflow "release"']);
    expect(Object.keys(renamed)).toEqual(['key', 'entry', 'changed']);
    expect(renamed).toMatchObject({ entry: { ...bitrise, label: 'Bitrise workflow "release"' }, changed: true });

    const unchanged = await cli.runWithVault(vault, ['used-in', 'rename', keyId, 'BITRISE WORKFLOW "RELEASE"', 'Bitrise workflow "release"']);
    expect(unchanged).toMatchObject({ code: 0, stderr: '' });
    expect(unchanged.stdout).toBe(`Entry ${bitrise.id!.slice(0, 8)} of "CI team" (${keyId}) is already "Bitrise workflow "release""; nothing was changed.\n`);

    const removed = await cli.runJson<{ key: KeyJson; removed: UsedInJson }>(vault, ['used-in', 'remove', 'CI team', 'revenuecat   project fitness']);
    expect(Object.keys(removed)).toEqual(['key', 'removed']);
    expect(removed.removed).toEqual(revenueCat);
    expect(removed.key.usedIn).toEqual([renamed.entry]);

    const summaries = (await keyEvents(vault, keyId)).filter((event) => event.type === 'key.edited');
    expect(summaries).toEqual(
      [
        `Removed "RevenueCat project Fitness" from where "CI team" (${keyId}) is used`,
        `Renamed where "CI team" (${keyId}) is used from "Bitrise workflow" to "Bitrise workflow "release""`,
        `Noted that "CI team" (${keyId}) is used in "RevenueCat project Fitness"`,
        `Noted that "CI team" (${keyId}) is used in "Bitrise workflow"`,
      ].map((summary) => expect.objectContaining({ summary, source: 'cli' })),
    );
  }, SLOW_TEST_MS);

  it('lists a key’s exports with the folder written to after its places, and refuses to rename or remove an export', async () => {
    const vault = copyOfVault(template.vault);
    const { keyId } = template.inAppPurchase;
    const { usedIn } = await cli.runJson<{ usedIn: UsedInJson[] }>(vault, ['used-in', keyId]);
    expect(usedIn).toEqual([{ type: 'export', id: null, label: 'Adapty', target: 'adapty', destination: template.exportFolder, at: expect.stringMatching(ISO_TIME) }]);

    const table = await cli.runWithVault(vault, ['used-in', keyId]);
    expect(table.stdout).toMatch(new RegExp(`^-  +export: Adapty  +exported ${usedIn[0]!.at}  ${template.exportFolder}$`, 'm'));

    expectRefused(
      await cli.runWithVault(vault, ['used-in', 'remove', keyId, 'adapty']),
      6,
      'NOT_FOUND',
      /"adapty" is an export of "Prod IAP" \(\w+\), which the vault records itself; only places added by hand can be renamed or removed\. Nothing was changed\.\n$/,
    );
    const empty = await cli.runWithVault(vault, ['used-in', template.team.keyId]);
    expect(empty.stdout).toBe(`"CI team" (${template.team.keyId}) lists no places where it is used. Add one: used-in add ${template.team.keyId} "Bitrise workflow"\n`);
  }, SLOW_TEST_MS);

  it('a place the command line adds is the one the window shows and finds, and the other way round', async () => {
    const vault = copyOfVault(template.vault);
    const { entry, key } = await cli.runJson<{ key: KeyJson; entry: UsedInJson }>(vault, ['used-in', 'add', 'CI team', 'Bitrise workflow']);

    const app = routedAppIn(path.dirname(vault));
    expect(await app.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    const shown = (await app.call('keys.get', { id: key.id })) as { ok: true; value: KeySummary };
    expect(shown.value.usedIn).toEqual([{ id: entry.id, label: 'Bitrise workflow', addedAt: entry.at }]);
    expect(await app.call('keys.list', { query: 'bitrise' })).toMatchObject({ ok: true, value: [{ id: key.id }] });
    expect(await app.call('keys.addUsedIn', { id: key.id, label: 'Codemagic release' })).toMatchObject({ ok: true });
    await app.call('vault.lock');

    const found = await cli.runJson<{ keys: KeyJson[] }>(vault, ['list', '--query', 'codemagic']);
    expect(found.keys.map((found) => found.id)).toEqual([key.id]);
    const removed = await cli.runJson<{ key: KeyJson }>(vault, ['used-in', 'remove', 'CI team', 'Codemagic release']);
    expect(removed.key.usedIn.map((line) => line.label)).toEqual(['Bitrise workflow']);
  }, SLOW_TEST_MS);

  it('refuses each bad request with its exit code and a message saying what to do, and changes nothing', async () => {
    const vault = copyOfVault(template.vault);
    const { keyId } = template.team;
    for (const label of ['Codemagic', 'codemagic']) expect(await cli.runWithVault(vault, ['used-in', 'add', keyId, label])).toMatchObject({ code: 0 });
    const before = await cli.runJson<{ usedIn: UsedInJson[] }>(vault, ['used-in', keyId]);
    const editsBefore = (await keyEvents(vault, keyId)).filter((event) => event.type === 'key.edited').length;
    // Labels are checked before the passphrase: these runs have none to give.
    const withoutPassphrase = { ASC_VAULT_PATH: vault, XDG_CONFIG_HOME: configHomeFor(vault) };

    const cases: Array<[args: string[], exit: number, code: ErrorCode | null, message: RegExp, env?: Record<string, string>]> = [
      [['used-in', 'NOKEY00000'], 6, 'NOT_FOUND', /No key in the vault has the record id, Key ID or name "NOKEY00000"/],
      [['used-in', 'add', 'NOKEY00000', 'Bitrise'], 6, 'NOT_FOUND', /No key in the vault has the record id, Key ID or name "NOKEY00000"/],
      [['used-in', 'rename', keyId, 'Nowhere', 'Bitrise'], 6, 'NOT_FOUND', /lists no place added by hand with the id or label "Nowhere"\. Run `used-in \w+` to see them/],
      [['used-in', 'remove', keyId, before.usedIn[0]!.id!.slice(0, 3)], 6, 'NOT_FOUND', /the start of an id takes at least 4 characters/],
      [['used-in', 'remove', keyId, 'CODEMAGIC'], 2, null, new RegExp(`2 places of this key are labelled "CODEMAGIC"; name one by its id instead:\\n {2}${before.usedIn[0]!.id!.slice(0, 8)}\\S* +Codemagic\\n`)],
      [['used-in', 'add', keyId, '   '], 2, 'BAD_REQUEST', /Say where the key is used, e\.g\. "RevenueCat project Fitness"\. Nothing was changed\./, withoutPassphrase],
      [['used-in', 'add', keyId, 'x'.repeat(MAX_USED_IN_LABEL + 1)], 2, 'BAD_REQUEST', new RegExp(`at most ${MAX_USED_IN_LABEL} characters; this is ${MAX_USED_IN_LABEL + 1}\\. Shorten it\\.`), withoutPassphrase],
      [['used-in', 'rename', keyId, 'Codemagic', ''], 2, 'BAD_REQUEST', /Say where the key is used/, withoutPassphrase],
      [['used-in', 'add', keyId, 'Bitrise', 'workflow'], 2, null, /too many arguments for 'add'/],
    ];
    for (const [args, exit, code, message, env] of cases) {
      const run = env === undefined ? await cli.runWithVault(vault, args) : await cli.runCli(args, { env });
      expect.soft(() => expectRefused(run, exit, code, message), args.join(' ')).not.toThrow();
    }

    expect(await cli.runJson<{ usedIn: UsedInJson[] }>(vault, ['used-in', keyId])).toEqual(before);
    expect((await keyEvents(vault, keyId)).filter((event) => event.type === 'key.edited')).toHaveLength(editsBefore);
  }, SLOW_TEST_MS);

  it(`refuses a place more than the ${MAX_USED_IN_ENTRIES} a key keeps, and adds nothing`, async () => {
    const vault = copyOfVault(template.vault);
    const full = new Vault({ path: vault });
    await full.unlock(PASSPHRASE);
    try {
      const keys = new KeyService({ vault: full });
      const [key] = keys.listKeys(template.team.keyId);
      for (let index = 1; index <= MAX_USED_IN_ENTRIES; index += 1) keys.addUsedIn(key!.id, `CI job ${index}`);
    } finally {
      full.lock();
    }
    expectRefused(
      await cli.runWithVault(vault, ['used-in', 'add', template.team.keyId, 'One more']),
      2,
      'BAD_REQUEST',
      new RegExp(`already lists ${MAX_USED_IN_ENTRIES} places where it is used, the most it keeps\\. Remove one first\\. Nothing was added\\.`),
    );
    const { usedIn } = await cli.runJson<{ usedIn: UsedInJson[] }>(vault, ['used-in', template.team.keyId]);
    expect(usedIn).toHaveLength(MAX_USED_IN_ENTRIES);
    expect(usedIn.at(-1)?.label).toBe(`CI job ${MAX_USED_IN_ENTRIES}`);
  }, SLOW_TEST_MS);
});
