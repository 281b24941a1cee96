import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, verify } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { Vault } from '../../../src-main/vault/vault';
import { isAppError, type ErrorCode } from '../../../src-shared/errors';
import type { KeyImportRequest } from '../../../src-shared/keys/key-record';
import { createdVault, tempFolder } from '../../helpers/temp-vault';
import { buildCliThroughNpm, CLI, ISSUER_ID, PASSPHRASE, REPO_ROOT, runCli, runJson, runOnTerminal, runWithVault, writeKeyFile, type CliRun, type KeyFile, copyOfVault } from './cli-harness';

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** The CLI's JSON for a key (README, "Command line"). */
interface KeyJson {
  id: string;
  name: string;
  kind: string;
  keyId: string;
  issuerId: string | null;
  bundleIds: string[];
  tags: string[];
  notes: string;
  environment: string | null;
  revoked: boolean;
  revokedAt: string | null;
  fingerprint: string;
  publicKeyPem: string;
  originalFileName: string;
  sourceFormat: string;
  createdAt: string;
  updatedAt: string;
  exports: unknown[];
}

const KEY_JSON_FIELDS = [
  'id', 'name', 'kind', 'keyId', 'issuerId', 'bundleIds', 'tags', 'notes', 'environment', 'revoked', 'revokedAt',
  'fingerprint', 'publicKeyPem', 'originalFileName', 'sourceFormat', 'createdAt', 'updatedAt', 'exports', 'appleCheck', 'usedIn',
  'replacement',
];
const COMMANDS = ['init', 'status', 'import', 'list', 'show', 'update', 'revoke', 'unrevoke', 'delete', 'events', 'token', 'offer'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * One vault made by the CLI before the tests (init and two imports), copied for each test, so
 * every test starts from the same keys without paying for Argon2id again to set them up.
 */
interface Template {
  folder: string;
  vault: string;
  inAppPurchase: KeyFile;
  team: KeyFile;
}
let template: Template;

beforeAll(async () => {
  // Builds the CLI the way a checkout runs it, which also proves `npm run cli` keeps stdout clean.
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(buildCliThroughNpm(['--version'])).toBe(`${version}\n`);

  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-template-'));
  const vault = path.join(folder, 'vault.sqlite');
  const inAppPurchase = writeKeyFile(folder, 'SubscriptionKey');
  const team = writeKeyFile(folder, 'AuthKey');
  template = { folder, vault, inAppPurchase, team };
  for (const args of [
    ['init'],
    ['import', inAppPurchase.path, '--issuer-id', ISSUER_ID, '--bundle-id', 'com.example.app', '--name', 'Prod IAP'],
    ['import', team.path, '--issuer-id', ISSUER_ID, '--name', 'CI team', '--tag', 'ci'],
  ]) {
    const run = await runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  }
}, 120_000);

afterAll(() => {
  if (template) rmSync(template.folder, { recursive: true, force: true });
});

/** A private copy of the template vault in a temp folder removed after the test. */
const copyOfTemplate = () => copyOfVault(template.vault);

function expectRefused(run: CliRun, exit: number, code?: ErrorCode): void {
  expect(run.code, run.stderr).toBe(exit);
  expect(run.stdout).toBe('');
  if (code) expect(run.stderr).toMatch(new RegExp(`^error ${code}: \\S`));
}

describe('asc-key-vault commands', () => {
  it('init creates a vault and status reports it, without and with unlocking', async () => {
    const vault = path.join(tempFolder(), 'nested', 'folder', 'vault.sqlite');
    expect(await runJson(vault, ['status'])).toEqual({ path: vault, exists: false, unlocked: false, keyCount: null });
    expect(await runJson(vault, ['init'])).toEqual({ path: vault, created: true });
    expect(await runJson(vault, ['status'])).toEqual({ path: vault, exists: true, unlocked: false, keyCount: null });
    expect(await runJson(vault, ['status', '--unlock'])).toEqual({ path: vault, exists: true, unlocked: true, keyCount: 0 });

    const text = await runWithVault(vault, ['status']);
    expect(text.stdout).toContain(`Vault: ${vault}\nState: locked`);
  });

  it('opens the desktop app’s vault by default: $XDG_CONFIG_HOME/ASC Key Vault/vault.sqlite, then ASC_VAULT_PATH, then --vault', async () => {
    const configHome = tempFolder();
    const appVault = path.join(configHome, 'ASC Key Vault', 'vault.sqlite');
    const env = { XDG_CONFIG_HOME: configHome, ASC_VAULT_PASSPHRASE: PASSPHRASE };
    const init = await runCli(['init', '--json'], { env });
    expect(init.code, init.stderr).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({ path: appVault, created: true });
    expect(existsSync(appVault)).toBe(true);

    const fromEnv = path.join(configHome, 'from-env.sqlite');
    const fromFlag = path.join(configHome, 'from-flag.sqlite');
    const status = (args: string[], extra: Record<string, string> = {}) =>
      runCli(['status', '--json', ...args], { env: { ...env, ...extra } }).then((run) => JSON.parse(run.stdout).path);
    expect(await status([], { ASC_VAULT_PATH: fromEnv })).toBe(fromEnv);
    expect(await status(['--vault', fromFlag], { ASC_VAULT_PATH: fromEnv })).toBe(fromFlag);
  });

  it('import reads the file with the app’s checks and prints the stored key', async () => {
    const vault = copyOfTemplate();
    const individual = writeKeyFile(tempFolder(), 'AuthKey');
    const bundleArgs = ['--bundle-id', 'com.example.app', '--bundle-id', 'com.example.app.widget'];
    const imported = await runJson<{ key: KeyJson; notices: string[] }>(vault, [
      'import', individual.path, '--kind', 'asc-individual', '--key-id', individual.keyId.toLowerCase(), ...bundleArgs,
      '--name', 'Release bot', '--notes', 'for the nightly job', '--tag', 'ci', '--tag', 'nightly',
    ]);
    expect(Object.keys(imported.key)).toEqual(KEY_JSON_FIELDS);
    expect(imported).toEqual({
      key: {
        id: expect.stringMatching(UUID),
        name: 'Release bot',
        kind: 'asc-individual',
        keyId: individual.keyId,
        issuerId: null,
        bundleIds: ['com.example.app', 'com.example.app.widget'],
        tags: ['ci', 'nightly'],
        notes: 'for the nightly job',
        environment: null,
        revoked: false,
        revokedAt: null,
        fingerprint: individual.fingerprint,
        publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
        originalFileName: path.basename(individual.path),
        sourceFormat: 'pkcs8',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        exports: [],
        appleCheck: null,
        usedIn: [],
        replacement: null,
      },
      notices: [],
    });

    const subscription = writeKeyFile(tempFolder(), 'SubscriptionKey');
    const text = await runWithVault(vault, ['import', subscription.path, '--issuer-id', ISSUER_ID.toUpperCase()]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Imported "In-App Purchase key ${subscription.keyId}" (${subscription.keyId}) as an In-App Purchase key.`);
    expect(text.stdout).toContain(`Issuer ID:     ${ISSUER_ID}`);
    expect(text.stdout).toContain(`SHA-256 ${subscription.fingerprint}`);
  });

  it('list prints every key, active before revoked, as JSON or as a table, and filters with --query', async () => {
    const vault = copyOfTemplate();
    const { keys } = await runJson<{ keys: KeyJson[] }>(vault, ['list']);
    expect(keys.map((key) => [key.name, key.keyId, key.kind, key.issuerId])).toEqual([
      ['CI team', template.team.keyId, 'asc-team', ISSUER_ID],
      ['Prod IAP', template.inAppPurchase.keyId, 'in-app-purchase', ISSUER_ID],
    ]);
    expect(keys.every((key) => Object.keys(key).join() === KEY_JSON_FIELDS.join())).toBe(true);

    const filtered = await runJson<{ keys: KeyJson[] }>(vault, ['list', '--query', 'com.example']);
    expect(filtered.keys.map((key) => key.keyId)).toEqual([template.inAppPurchase.keyId]);

    const table = await runWithVault(vault, ['list']);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAME +KEY ID +KIND +ISSUER ID +BUNDLE IDS +STATE$/);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(new RegExp(`^Prod IAP +${template.inAppPurchase.keyId} +in-app-purchase +${ISSUER_ID} +com\\.example\\.app +active$`));
  });

  it('show finds a key by record id, by Key ID in any case, or by name in any case', async () => {
    const vault = copyOfTemplate();
    const byKeyId = await runJson<{ key: KeyJson }>(vault, ['show', template.inAppPurchase.keyId.toLowerCase()]);
    expect(byKeyId.key).toMatchObject({ name: 'Prod IAP', keyId: template.inAppPurchase.keyId, fingerprint: template.inAppPurchase.fingerprint });
    const byId = await runJson<{ key: KeyJson }>(vault, ['show', byKeyId.key.id]);
    expect(byId).toEqual(byKeyId);

    const byName = await runWithVault(vault, ['show', 'prod iap']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain(`Key ID:        ${template.inAppPurchase.keyId}`);
    expect(byName.stdout).toContain(`Record id:     ${byKeyId.key.id}`);
    expect(byName.stdout).toContain('-----BEGIN PUBLIC KEY-----');
  });

  it('update changes the name, notes, tags, bundle IDs and Issuer ID, and can clear the lists', async () => {
    const vault = copyOfTemplate();
    const otherIssuer = '69a6de7e-0000-47e3-e053-5b8c7c11a4d1';
    const updated = await runJson<{ key: KeyJson }>(vault, [
      'update', 'CI team', '--name', 'CI team (2025)', '--notes', 'rotated in June', '--tag', 'ci', '--tag', 'fastlane',
      '--bundle-id', 'com.example.one', '--bundle-id', 'com.example.two', '--issuer-id', otherIssuer,
    ]);
    expect(updated.key).toMatchObject({
      keyId: template.team.keyId,
      name: 'CI team (2025)',
      notes: 'rotated in June',
      tags: ['ci', 'fastlane'],
      bundleIds: ['com.example.one', 'com.example.two'],
      issuerId: otherIssuer,
    });
    const cleared = await runJson<{ key: KeyJson }>(vault, ['update', template.team.keyId, '--clear-tags', '--clear-bundle-ids', '--name', '']);
    expect(cleared.key).toMatchObject({ name: `App Store Connect API team key ${template.team.keyId}`, tags: [], bundleIds: [], notes: 'rotated in June' });
  });

  it('import and update set the environment hint, and update can clear it', async () => {
    const vault = copyOfTemplate();
    const sandboxKey = writeKeyFile(tempFolder(), 'SubscriptionKey');
    const imported = await runJson<{ key: KeyJson }>(vault, ['import', sandboxKey.path, '--issuer-id', ISSUER_ID, '--environment', 'sandbox']);
    expect(imported.key).toMatchObject({ keyId: sandboxKey.keyId, environment: 'sandbox' });

    const both = await runJson<{ key: KeyJson }>(vault, ['update', sandboxKey.keyId, '--environment', 'both']);
    expect(both.key.environment).toBe('both');
    const shown = await runWithVault(vault, ['show', sandboxKey.keyId]);
    expect(shown.stdout).toMatch(/Environment: +both/);
    const cleared = await runJson<{ key: KeyJson }>(vault, ['update', sandboxKey.keyId, '--clear-environment']);
    expect(cleared.key.environment).toBeNull();
  });

  it('revoke and unrevoke mark a key while keeping it in the vault', async () => {
    const vault = copyOfTemplate();
    const revoked = await runJson<{ key: KeyJson }>(vault, ['revoke', 'Prod IAP']);
    expect(revoked.key).toMatchObject({ keyId: template.inAppPurchase.keyId, revoked: true, revokedAt: expect.any(String) });
    const active = await runJson<{ key: KeyJson }>(vault, ['unrevoke', template.inAppPurchase.keyId]);
    expect(active.key).toMatchObject({ keyId: template.inAppPurchase.keyId, revoked: false, revokedAt: null });
  });

  it('delete removes a key only when --confirm repeats its Key ID', async () => {
    const vault = copyOfTemplate();
    const refused = await runWithVault(vault, ['delete', 'Prod IAP', '--confirm', template.team.keyId]);
    expectRefused(refused, 4, 'CONFIRMATION_MISMATCH');

    const deleted = await runJson<{ deleted: { id: string; keyId: string; name: string } }>(vault, ['delete', 'Prod IAP', '--confirm', template.inAppPurchase.keyId.toLowerCase()]);
    expect(deleted.deleted).toEqual({ id: expect.stringMatching(UUID), keyId: template.inAppPurchase.keyId, name: 'Prod IAP' });
    const { keys } = await runJson<{ keys: KeyJson[] }>(vault, ['list']);
    expect(keys.map((key) => key.keyId)).toEqual([template.team.keyId]);
  });

  it('events lists the activity newest first, in pages', async () => {
    const vault = copyOfTemplate();
    const { events, total } = await runJson<{ events: Array<{ id: string; at: string; type: string; summary: string; recordId: string | null }>; total: number }>(vault, ['events']);
    expect(events).toHaveLength(total);
    expect(events[0]).toMatchObject({ type: 'vault.unlocked', summary: 'Vault unlocked', recordId: null, source: 'cli' });
    expect(events.at(-1)).toMatchObject({ type: 'vault.created', recordId: null });
    const added = events.filter((event) => event.type === 'key.added');
    expect(added.map((event) => event.summary)).toEqual([
      `Added App Store Connect API team key "CI team" (${template.team.keyId})`,
      `Added In-App Purchase key "Prod IAP" (${template.inAppPurchase.keyId})`,
    ]);
    expect(added.every((event) => UUID.test(event.recordId ?? ''))).toBe(true);

    const page = await runWithVault(vault, ['events', '--limit', '2', '--offset', '1']);
    const lines = page.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^AT +TYPE +SUMMARY$/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(`(2 of ${total + 1}; use --limit and --offset for more)`);
  });

  it('stops quietly when the reader closes the pipe early (asc-key-vault --help | head -1)', () => {
    const result = spawnSync('sh', ['-c', `node ${shellQuote(CLI)} --help | head -1`], { encoding: 'utf8' });
    expect(result.stdout).toBe('Usage: asc-key-vault [options] [command]\n');
    expect(result.stderr).toBe('');
  });

  it('has --help on every command, listing the vault, passphrase-file and json options', async () => {
    for (const command of COMMANDS) {
      const run = await runCli([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout).toContain(`Usage: asc-key-vault ${command}`);
      for (const option of ['--vault <path>', '--passphrase-file <path>', '--json']) expect(run.stdout, command).toContain(option);
    }
    const overview = await runCli(['--help']);
    for (const command of COMMANDS) expect(overview.stdout).toContain(`  ${command} `);
    expect(overview.stdout).toContain('Exit codes:');
  });
});

/**
 * Import refusals, one row each, compared byte for byte with what the app's KeyService says for the
 * same input, followed on the command line by the option that fixes it.
 */
const IMPORT_REFUSALS: Array<{ name: string; file: 'garbage' | 'team' | 'subscription'; request: Omit<KeyImportRequest, 'source'>; code: ErrorCode; option: string | null }> = [
  { name: 'a file that is not PEM', file: 'garbage', request: { issuerId: ISSUER_ID }, code: 'NOT_PEM', option: null },
  { name: 'a Key ID that disagrees with the file name', file: 'team', request: { keyId: 'ZZZZZZZZZ9', issuerId: ISSUER_ID }, code: 'KEY_ID_MISMATCH', option: '--key-id <id>' },
  { name: 'a malformed Issuer ID', file: 'team', request: { issuerId: 'not-an-issuer-id' }, code: 'BAD_ISSUER_ID', option: '--issuer-id <uuid>' },
  { name: 'a wildcard bundle ID', file: 'subscription', request: { issuerId: ISSUER_ID, bundleIds: ['com.example.*'] }, code: 'BAD_BUNDLE_ID', option: '--bundle-id <id>' },
  {
    name: 'the In-App Purchase kind for an AuthKey file',
    file: 'team',
    request: { kind: 'in-app-purchase', issuerId: ISSUER_ID },
    code: 'KIND_MISMATCH',
    option: '--kind in-app-purchase|asc-team|asc-individual',
  },
];

function importArgs(request: Omit<KeyImportRequest, 'source'>): string[] {
  return [
    ...(request.kind ? ['--kind', request.kind] : []),
    ...(request.keyId ? ['--key-id', request.keyId] : []),
    ...(request.issuerId ? ['--issuer-id', request.issuerId] : []),
    ...(request.bundleIds ?? []).flatMap((bundleId) => ['--bundle-id', bundleId]),
  ];
}

describe('asc-key-vault refusals and exit codes', () => {
  it.each(IMPORT_REFUSALS)('exits 4 with the app’s own $code for $name, naming the option', async ({ file, request, code, option }) => {
    const folder = tempFolder();
    const keyFile =
      file === 'garbage'
        ? (writeFileSync(path.join(folder, 'AuthKey_GARBAGE001.p8'), 'not a key\n'), path.join(folder, 'AuthKey_GARBAGE001.p8'))
        : writeKeyFile(folder, file === 'team' ? 'AuthKey' : 'SubscriptionKey').path;
    const run = await runWithVault(copyOfTemplate(), ['import', keyFile, ...importArgs(request)]);
    expectRefused(run, 4, code);

    const { vault } = await createdVault();
    const refusal = await new KeyService({ vault }).importKey({ source: { type: 'file', path: keyFile }, ...request }).then(
      () => null,
      (error: unknown) => (isAppError(error) ? error : null),
    );
    vault.lock();
    expect(run.stderr).toBe(`error ${refusal?.code}: ${refusal?.message}${option === null ? '' : ` (On the command line: ${option}.)`}\n`);
  });

  it('exits 4 for a key already in the vault and for a weak passphrase at init', async () => {
    expectRefused(await runWithVault(copyOfTemplate(), ['import', template.team.path, '--issuer-id', ISSUER_ID]), 4, 'DUPLICATE_KEY');
    expectRefused(await runWithVault(path.join(tempFolder(), 'vault.sqlite'), ['init'], { ASC_VAULT_PASSPHRASE: 'short' }), 4, 'WEAK_PASSPHRASE');
    expectRefused(await runWithVault(copyOfTemplate(), ['init']), 4, 'VAULT_EXISTS');
  });

  it('exits 3 for a wrong passphrase', async () => {
    const run = await runWithVault(copyOfTemplate(), ['list', '--json'], { ASC_VAULT_PASSPHRASE: 'a wrong but long passphrase' });
    expectRefused(run, 3, 'WRONG_PASSPHRASE');
  });

  it('exits 1 with VAULT_BUSY while the vault is open elsewhere (as in the app)', async () => {
    const vault = copyOfTemplate();
    const app = new Vault({ path: vault });
    await app.unlock(PASSPHRASE);
    try {
      expectRefused(await runWithVault(vault, ['list']), 1, 'VAULT_BUSY');
    } finally {
      app.lock();
    }
  });

  it.each([
    { name: 'not a vault file', damage: (file: string) => writeFileSync(file, randomBytes(8192)), code: 'NOT_A_VAULT' },
    { name: 'written by a newer version', damage: (file: string) => withDatabase(file, (db) => db.pragma('user_version = 99')), code: 'VAULT_TOO_NEW' },
    {
      name: 'damaged key record',
      damage: (file: string) => withDatabase(file, (db) => db.prepare("UPDATE meta SET value = 'damaged' WHERE key = 'meta_checksum'").run()),
      code: 'VAULT_DAMAGED',
    },
  ] as const)('exits 5 for a vault that is $name', async ({ damage, code }) => {
    const vault = copyOfTemplate();
    damage(vault);
    expectRefused(await runWithVault(vault, ['show', 'Prod IAP']), 5, code);
  });

  it('exits 6 when there is no vault at the path or no such key', async () => {
    const missing = path.join(tempFolder(), 'vault.sqlite');
    expectRefused(await runWithVault(missing, ['list']), 6, 'NO_VAULT');
    expectRefused(await runWithVault(copyOfTemplate(), ['show', 'no such key']), 6, 'NOT_FOUND');
  });

  it('exits 2 for a name shared by several keys, listing them', async () => {
    const vault = copyOfTemplate();
    const twin = writeKeyFile(tempFolder(), 'SubscriptionKey');
    expect((await runWithVault(vault, ['import', twin.path, '--issuer-id', ISSUER_ID, '--name', 'prod iap'])).code).toBe(0);
    const run = await runWithVault(vault, ['revoke', 'Prod IAP']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: 2 keys are named "Prod IAP"/);
    expect(run.stderr).toContain(template.inAppPurchase.keyId);
    expect(run.stderr).toContain(twin.keyId);
  });

  it.each([
    { name: 'an unknown command', args: ['rotate'], says: "unknown command 'rotate'" },
    { name: 'a missing KEY', args: ['show'], says: "missing required argument 'key'" },
    { name: 'delete without --confirm', args: ['delete', 'Prod IAP'], says: "required option '--confirm <keyid>' not specified" },
    { name: 'an unknown kind', args: ['import', 'AuthKey_ABCDEFGHIJ.p8', '--kind', 'team'], says: 'Allowed choices are in-app-purchase, asc-team, asc-individual' },
    { name: 'a passphrase as an argument', args: ['list', `--passphrase=${PASSPHRASE}`], says: 'never taken as an argument' },
    { name: 'a passphrase as a separate argument', args: ['list', '--passphrase', PASSPHRASE], says: 'never taken as an argument' },
    { name: 'an events limit out of range', args: ['events', '--limit', '0'], says: 'Give a whole number from 1 to 200' },
    { name: 'an update with nothing to change', args: ['update', 'Prod IAP'], says: 'Nothing to change' },
    { name: 'an unknown environment', args: ['update', 'Prod IAP', '--environment', 'staging'], says: 'Allowed choices are production, sandbox, both' },
    {
      name: 'an environment set and cleared at once',
      args: ['update', 'Prod IAP', '--environment', 'both', '--clear-environment'],
      says: "option '--clear-environment' cannot be used with option '--environment <environment>'",
    },
    { name: 'no passphrase source off a terminal', args: ['list'], env: { ASC_VAULT_PASSPHRASE: '' }, says: 'No passphrase given' },
    { name: 'an unreadable passphrase file', args: ['list', '--passphrase-file', '/nonexistent/passphrase'], says: 'cannot be read (ENOENT)' },
  ])('exits 2 for $name', async ({ args, env, says }) => {
    const run = await runWithVault(copyOfTemplate(), args, env);
    expectRefused(run, 2);
    expect(run.stderr).toContain(says);
  });
});

describe('asc-key-vault signing', () => {
  const verifiesRawSignature = (token: string, publicKeyPem: string) => {
    const [header, payload, signature] = token.split('.');
    return verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKeyPem, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature!, 'base64url'));
  };

  it('token prints a team token that verifies with the key, and --json adds its claims and a curl line', async () => {
    const vault = copyOfTemplate();
    const { key } = await runJson<{ key: KeyJson }>(vault, ['show', template.team.keyId]);
    const issued = await runJson<{ token: string; header: unknown; payload: Record<string, unknown>; curl: string; lifetimeSeconds: number }>(vault, ['token', template.team.keyId, '--ttl', '600']);
    expect(issued.header).toEqual({ alg: 'ES256', kid: template.team.keyId, typ: 'JWT' });
    expect(issued.payload).toMatchObject({ iss: ISSUER_ID, aud: 'appstoreconnect-v1' });
    expect(issued.lifetimeSeconds).toBe(600);
    expect(issued.curl).toContain('https://api.appstoreconnect.apple.com/v1/apps');
    expect(verifiesRawSignature(issued.token, key.publicKeyPem)).toBe(true);

    const plain = await runWithVault(vault, ['token', 'CI team']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it('token signs an App Store Server token with an In-App Purchase key and its bundle ID', async () => {
    const issued = await runJson<{ payload: Record<string, unknown>; curl: string }>(copyOfTemplate(), ['token', template.inAppPurchase.keyId, '--bid', 'com.example.app', '--production']);
    expect(issued.payload).toMatchObject({ iss: ISSUER_ID, bid: 'com.example.app', aud: 'appstoreconnect-v1' });
    expect(issued.curl).toContain('https://api.storekit.apple.com');
  });

  it('offer signs a legacy promotional offer whose DER signature verifies over Apple’s payload string', async () => {
    const vault = copyOfTemplate();
    const { key } = await runJson<{ key: KeyJson }>(vault, ['show', template.inAppPurchase.keyId]);
    const offer = await runJson<{ nonce: string; timestamp: number; signature: string; keyId: string }>(vault, [
      'offer', template.inAppPurchase.keyId, '--type', 'legacy', '--bid', 'com.example.app', '--product', 'pro.monthly', '--offer', 'WINBACK',
    ]);
    const message = ['com.example.app', offer.keyId, 'pro.monthly', 'WINBACK', '', offer.nonce, String(offer.timestamp)].join('\u2063');
    expect(verify('sha256', Buffer.from(message, 'utf8'), key.publicKeyPem, Buffer.from(offer.signature, 'base64'))).toBe(true);
  });

  it('refuses a token of the wrong kind, one over Apple’s lifetime, and an offer from an API key, with exit 4', async () => {
    const vault = copyOfTemplate();
    expectRefused(await runWithVault(vault, ['token', template.inAppPurchase.keyId, '--template', 'asc-team']), 4, 'WRONG_KEY_KIND');
    expectRefused(await runWithVault(vault, ['token', template.team.keyId, '--ttl', '1300']), 4);
    expectRefused(await runWithVault(vault, ['token', template.inAppPurchase.keyId, '--bid', 'not a bundle']), 4, 'BAD_BUNDLE_ID');
    expectRefused(await runWithVault(vault, ['offer', template.team.keyId, '--type', 'legacy', '--bid', 'com.example.app', '--product', 'p', '--offer', 'o']), 4, 'WRONG_KEY_KIND');
  });
});

describe('asc-key-vault passphrase sources', () => {
  it('reads ASC_VAULT_PASSPHRASE when stdin is not a terminal', async () => {
    expect(await runJson(copyOfTemplate(), ['status', '--unlock'])).toMatchObject({ unlocked: true, keyCount: 2 });
  });

  it('reads --passphrase-file, less its final line ending, in preference to the environment', async () => {
    const file = path.join(tempFolder(), 'passphrase.txt');
    writeFileSync(file, `${PASSPHRASE}\r\n`);
    const run = await runWithVault(copyOfTemplate(), ['status', '--unlock', '--json', '--passphrase-file', file], { ASC_VAULT_PASSPHRASE: 'a wrong but long passphrase' });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ unlocked: true, keyCount: 2 });
  });

  it('asks on a terminal without echoing: twice at init, once to unlock', async () => {
    const vault = path.join(tempFolder(), 'vault.sqlite');
    const typed = 'typed on a terminal 42';
    const init = await runOnTerminal(['init', '--vault', vault], [typed, typed]);
    expect(init.code, init.screen).toBe(0);
    expect(init.screen).toMatch(/^New passphrase: \nRepeat the passphrase: \nCreated a vault at /);

    // A typo put right with backspace, as at any password prompt.
    const list = await runOnTerminal(['list', '--json', '--vault', vault], [`${typed}x\u007f`]);
    expect(list.code, list.screen).toBe(0);
    expect(list.screen).toBe('Passphrase: \n{\n  "keys": []\n}\n');

    const wrong = await runOnTerminal(['list', '--vault', vault], ['not the passphrase typed']);
    expect(wrong.code).toBe(3);
    expect(wrong.screen).toMatch(/^Passphrase: \nerror WRONG_PASSPHRASE: /);
  });

  it('exits 130 when the prompt is cancelled with Ctrl+C', async () => {
    const run = await runOnTerminal(['list', '--vault', copyOfTemplate()], ['\u0003']);
    expect(run.code).toBe(130);
    expect(run.screen).toBe('Passphrase: \nCancelled.\n');
  });

  it('creates nothing when the two passphrases typed at init differ', async () => {
    const vault = path.join(tempFolder(), 'vault.sqlite');
    const run = await runOnTerminal(['init', '--vault', vault], ['first passphrase typed', 'second passphrase typed']);
    expect(run.code).toBe(2);
    expect(run.screen).toContain('error: The two passphrases differ. Nothing was created.');
    expect(existsSync(vault)).toBe(false);
  });
});

function withDatabase(file: string, change: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    change(db);
  } finally {
    db.close();
  }
}
