import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src-shared/errors';
import { tempFolder } from '../../helpers/temp-vault';
import { fastlaneClaims, fastlaneTokenVerifies, signAsFastlane, type FastlaneApiKeyJson } from '../../unit/exports/fastlane-token';
import { buildCliCopy, cliRunner, ISSUER_ID, PASSPHRASE, rememberSecret, REPO_ROOT, writeKeyFile, type CliRun, type CliRunner, type KeyFile, copyOfVault } from './cli-harness';

/**
 * export, bundle, backup and restore, run as a user runs them. Each run pays for an Argon2id unlock
 * (about half a second) and each bundle read or write for age's scrypt (about a second and a half),
 * so every test below makes as few runs as its behaviour needs.
 */

interface KeyJson {
  id: string;
  name: string;
  kind: string;
  keyId: string;
  bundleIds: string[];
  tags: string[];
  fingerprint: string;
  revoked: boolean;
  exports: Array<{ target: string; at: string }>;
}

interface ExportJson {
  target: string;
  targetLabel: string;
  folder: string;
  keys: Array<{ slot: string; id: string; kind: string; name: string; keyId: string }>;
  written: Array<{ name: string; path: string; mode: number }>;
  files: Array<{ name: string; content: string; mode: number; secret: boolean; purpose: string; slot: string | null }>;
  fields: Array<{ label: string; section: string | null; secret: boolean; source: string; value: string | null; file: string | null; form: string | null; slot: string | null }>;
  checklist: string[];
  commands: Array<{ label: string; line: string }>;
  notices: string[];
  exportedKeys: KeyJson[];
}

const OWNER_ONLY = 0o600;
// For the tests of four to nine runs, each an unlock and some a scrypt, while other test files share the CPU.
const SLOW_TEST_MS = 120_000;
// The backup and the fresh vaults it is restored into have a passphrase of their own.
const OTHER_PASSPHRASE = 'a different vault passphrase';
rememberSecret(OTHER_PASSPHRASE);

/** A vault made by the CLI once (init, three imports, one revoke), copied for each test. */
interface Template {
  folder: string;
  vault: string;
  inAppPurchase: KeyFile;
  team: KeyFile;
  oldTeam: KeyFile;
}
let template: Template;
let cli: CliRunner;
// This file's own build of the CLI: cli.test.ts rebuilds dist/cli/ while these tests run.
const BUILD_FOLDER = 'cli-exports-test';

beforeAll(async () => {
  cli = cliRunner(buildCliCopy(BUILD_FOLDER));
  const folder = mkdtempSync(path.join(tmpdir(), 'asc-cli-exports-template-'));
  const vault = path.join(folder, 'vault.sqlite');
  template = {
    folder,
    vault,
    inAppPurchase: writeKeyFile(folder, 'SubscriptionKey'),
    team: writeKeyFile(folder, 'AuthKey'),
    oldTeam: writeKeyFile(folder, 'AuthKey'),
  };
  for (const args of [
    ['init'],
    ['import', template.inAppPurchase.path, '--issuer-id', ISSUER_ID, '--bundle-id', 'com.example.app', '--name', 'Prod IAP', '--tag', 'prod'],
    ['import', template.team.path, '--issuer-id', ISSUER_ID, '--name', 'CI team'],
    ['import', template.oldTeam.path, '--issuer-id', ISSUER_ID, '--name', 'Old team'],
    ['revoke', 'Old team'],
  ]) {
    const run = await cli.runWithVault(vault, args);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  }
}, 120_000);

afterAll(() => {
  if (template) rmSync(template.folder, { recursive: true, force: true });
  rmSync(path.join(REPO_ROOT, 'dist', BUILD_FOLDER), { recursive: true, force: true });
});

const copyOfTemplate = () => copyOfVault(template.vault);

/** A new, empty vault made by the CLI, with a passphrase other than the template's. */
async function freshVault(): Promise<string> {
  const vault = path.join(tempFolder(), 'vault.sqlite');
  const run = await cli.runWithVault(vault, ['init'], { ASC_VAULT_PASSPHRASE: OTHER_PASSPHRASE });
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return vault;
}

function expectRefused(run: CliRun, exit: number, code?: ErrorCode): void {
  expect(run.code, run.stderr).toBe(exit);
  expect(run.stdout).toBe('');
  if (code) expect(run.stderr).toMatch(new RegExp(`^error ${code}: \\S`));
}

function fingerprintOfPem(pemText: string): string {
  const der = createPublicKey(createPrivateKey(pemText)).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex');
}

function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

describe('asc-key-vault export', () => {
  it('fastlane: writes the API key JSON with exactly fastlane’s fields, its key the stored key, and prints no private key', async () => {
    const vault = copyOfTemplate();
    const out = tempFolder();
    const result = await cli.runJson<ExportJson>(vault, ['export', 'CI team', '--to', 'fastlane', '--out', out, '--duration', '600']);

    const jsonFile = path.join(out, `fastlane_api_key_${template.team.keyId}.json`);
    expect(result).toMatchObject({ target: 'fastlane', targetLabel: 'fastlane', folder: out, written: [{ name: path.basename(jsonFile), path: jsonFile, mode: OWNER_ONLY }] });
    expect(result.keys).toEqual([{ slot: 'apiKey', id: expect.any(String), kind: 'asc-team', name: 'CI team', keyId: template.team.keyId }]);
    const privateKeyField = result.fields.find((field) => field.secret);
    expect(privateKeyField).toEqual({
      label: 'APP_STORE_CONNECT_API_KEY_KEY',
      section: expect.any(String),
      secret: true,
      source: 'privateKey',
      value: null,
      file: null,
      form: 'pem',
      slot: 'apiKey',
    });
    expect(result.fields.find((field) => field.label === 'APP_STORE_CONNECT_API_KEY_DURATION')?.value).toBe('600');
    expect(result.commands[0]?.line).toContain(jsonFile);
    expect(result.exportedKeys[0]?.exports.map((entry) => entry.target)).toEqual(['fastlane']);

    const written = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['key_id', 'issuer_id', 'key', 'duration', 'in_house']);
    expect(written).toMatchObject({ key_id: template.team.keyId, issuer_id: ISSUER_ID, duration: 600, in_house: false });
    expect(fingerprintOfPem(String(written.key))).toBe(template.team.fingerprint);
    expect(modeOf(jsonFile)).toBe(OWNER_ONLY);
  });

  it('fastlane: defaults duration to fastlane’s 500 and takes up to 1140, so the token fastlane signs from the JSON lives at most 20 minutes', async () => {
    const vault = copyOfTemplate();
    const jsonFile = (out: string) => path.join(out, `fastlane_api_key_${template.team.keyId}.json`);
    const now = new Date('2025-06-01T10:00:00.999Z');
    for (const [flags, duration] of [[[], 500], [['--duration', '1140'], 1140]] as const) {
      const out = tempFolder();
      const result = await cli.runJson<ExportJson>(vault, ['export', 'CI team', '--to', 'fastlane', '--out', out, ...flags]);
      expect(result.fields.find((field) => field.label === 'APP_STORE_CONNECT_API_KEY_DURATION')?.value).toBe(String(duration));
      expect(result.checklist).toContain(
        `fastlane signs each token from 60 seconds before now to duration (${duration}) seconds after it, so each lives ${duration + 60} seconds; ` +
          'Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds), so keep duration at 1140 or less.',
      );
      const json = JSON.parse(readFileSync(jsonFile(out), 'utf8')) as FastlaneApiKeyJson;
      expect(json.duration).toBe(duration);
      expect(duration + 60).toBeLessThanOrEqual(1200);
      const claims = fastlaneClaims(json, now);
      expect(claims.exp - claims.iat).toBe(duration + 60);
      expect(fastlaneTokenVerifies(signAsFastlane(json, now), json.key)).toBe(true);
    }
  }, SLOW_TEST_MS);

  it('fastlane, asc-cli and altool take an individual key: no issuer_id in the JSON, ASC_KEY_TYPE=individual for asc, --api-key-subject user for altool', async () => {
    const vault = copyOfTemplate();
    const keyFile = writeKeyFile(tempFolder(), 'AuthKey');
    const imported = await cli.runWithVault(vault, ['import', keyFile.path, '--kind', 'asc-individual', '--name', 'My own key']);
    expect(imported, imported.stderr).toMatchObject({ code: 0, stderr: '' });

    const out = tempFolder();
    const fastlane = await cli.runJson<ExportJson>(vault, ['export', 'My own key', '--to', 'fastlane', '--out', out, '--duration', '600']);
    const jsonFile = path.join(out, `fastlane_api_key_${keyFile.keyId}.json`);
    expect(fastlane.keys).toEqual([{ slot: 'apiKey', id: expect.any(String), kind: 'asc-individual', name: 'My own key', keyId: keyFile.keyId }]);
    expect(fastlane.fields.map((field) => field.label)).toEqual([
      'APP_STORE_CONNECT_API_KEY_KEY_ID',
      'APP_STORE_CONNECT_API_KEY_KEY',
      'APP_STORE_CONNECT_API_KEY_DURATION',
      'APP_STORE_CONNECT_API_KEY_IN_HOUSE',
    ]);
    expect(fastlane.notices[0]).toContain('fastlane 2.221 or later');
    const written = JSON.parse(readFileSync(jsonFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(written)).toEqual(['key_id', 'key', 'duration', 'in_house']);
    expect(written).toEqual({ key_id: keyFile.keyId, key: readFileSync(keyFile.path, 'utf8').trimEnd(), duration: 600, in_house: false });
    expect(modeOf(jsonFile)).toBe(OWNER_ONLY);

    const asc = await cli.runWithVault(vault, ['export', 'My own key', '--to', 'asc-cli', '--out', out]);
    expect(asc, asc.stderr).toMatchObject({ code: 0, stderr: '' });
    const keyPath = path.join(out, `AuthKey_${keyFile.keyId}.p8`);
    expect(readFileSync(keyPath)).toEqual(readFileSync(keyFile.path));
    expect(asc.stdout).toContain(`  export ASC_KEY_ID=${keyFile.keyId} ASC_KEY_TYPE=individual ASC_PRIVATE_KEY_PATH=${keyPath}\n`);
    expect(asc.stdout).toContain(`  asc auth login --name ${keyFile.keyId} --key-type individual --key-id ${keyFile.keyId} --private-key ${keyPath}\n`);
    expect(asc.stdout).not.toContain('ISSUER');
    expect(asc.stdout).toContain('Note: Individual keys have no Issuer ID: asc signs as you when ASC_KEY_TYPE is individual');

    const altool = await cli.runJson<ExportJson>(vault, ['export', 'My own key', '--to', 'altool', '--out', tempFolder()]);
    expect(altool.commands[1]?.line).toMatch(new RegExp(`xcrun altool --upload-app .* --apiKey ${keyFile.keyId} --apiIssuer ${keyFile.keyId} --api-key-subject user$`));
    expect(altool.commands.filter((command) => command.line.includes('--issuer '))).toEqual([]);
  }, SLOW_TEST_MS);

  it('adapty: writes SubscriptionKey_<KEYID>.p8 as imported and prints the files, the values to paste and the checklist', async () => {
    const out = tempFolder();
    const run = await cli.runWithVault(copyOfTemplate(), ['export', template.inAppPurchase.keyId, '--to', 'adapty', '--out', out, '--bundle-id', 'com.example.other']);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });

    const p8 = path.join(out, `SubscriptionKey_${template.inAppPurchase.keyId}.p8`);
    expect(readdirSync(out)).toEqual([path.basename(p8)]);
    expect(readFileSync(p8)).toEqual(readFileSync(template.inAppPurchase.path));
    expect(modeOf(p8)).toBe(OWNER_ONLY);
    expect(run.stdout).toContain(`Exported "Prod IAP" (${template.inAppPurchase.keyId}) to Adapty.`);
    expect(run.stdout).toContain(`Files written (owner-only):\n  ${p8}  (holds the private key)\n`);
    expect(run.stdout).toMatch(/^ {2}Bundle ID: com\.example\.other$/m);
    expect(run.stdout).toMatch(new RegExp(`^ {4}In-App Purchase Issuer ID: +${ISSUER_ID}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^ {4}In-App Purchase Key ID: +${template.inAppPurchase.keyId}$`, 'm'));
    expect(run.stdout).toContain(`  5. Upload ${path.basename(p8)} as the private key (.p8 file).`);
  });

  it('records the --out folder on the key: show prints it under "Where used" and --json of show and list carries it in usedIn', async () => {
    const vault = copyOfTemplate();
    const out = tempFolder();
    const exported = await cli.runWithVault(vault, ['export', template.inAppPurchase.keyId, '--to', 'adapty', '--out', out, '--json']);
    expect(exported, exported.stderr).toMatchObject({ code: 0 });

    const json = JSON.parse((await cli.runWithVault(vault, ['show', template.inAppPurchase.keyId, '--json'])).stdout) as { key: KeyJson & { usedIn: unknown[] } };
    const at = json.key.exports[0]?.at;
    const usedIn = [{ type: 'export', id: null, label: 'Adapty', target: 'adapty', destination: out, at }];
    expect(json.key.usedIn).toEqual(usedIn);
    expect(json.key.exports).toEqual([{ target: 'adapty', at }]);

    const shown = await cli.runWithVault(vault, ['show', template.inAppPurchase.keyId]);
    expect(shown.stdout).toContain(`Where used:\n  exported to Adapty at ${at} in ${out}\n`);
    const other = await cli.runWithVault(vault, ['show', template.team.keyId]);
    expect(other.stdout).toContain('Where used:\n  -\n');
    const listed = JSON.parse((await cli.runWithVault(vault, ['list', '--json'])).stdout) as { keys: Array<KeyJson & { usedIn: unknown[] }> };
    expect(listed.keys.find((key) => key.keyId === template.inAppPurchase.keyId)?.usedIn).toEqual(usedIn);
    expect(listed.keys.find((key) => key.keyId === template.team.keyId)?.usedIn).toEqual([]);
  }, SLOW_TEST_MS);

  it('dotenv: takes its options as flags, and prints neither form of the key (PEM or base64)', async () => {
    rememberSecret(readFileSync(template.team.path).toString('base64'));
    const out = tempFolder();
    const run = await cli.runWithVault(copyOfTemplate(), [
      'export', 'CI team', '--to', 'dotenv', '--out', out, '--pem-style', 'base64', '--file-name', '.env.ci', '--variable-name', 'keyId=ASC_KEY', '--variable-name', 'privateKey=ASC_P8',
    ]);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    const lines = readFileSync(path.join(out, '.env.ci'), 'utf8').split('\n');
    expect(lines.slice(1)).toEqual([`ASC_KEY=${template.team.keyId}`, `APP_STORE_CONNECT_ISSUER_ID=${ISSUER_ID}`, `ASC_P8=${readFileSync(template.team.path).toString('base64')}`, '']);
    expect(run.stdout).toMatch(/^ {2}ASC_P8: +\(private key, not printed; the \.p8 file in base64 is in \S+\.env\.ci\)$/m);
  });

  it('qonversion: puts each key in the slot for its kind, and refuses a key of the wrong kind there with WRONG_KEY_KIND', async () => {
    const vault = copyOfTemplate();
    const out = tempFolder();
    // KEY fills the In-App Purchase slot; --with then fills the API key slot, which a second In-App Purchase key does not fit.
    const refused = await cli.runWithVault(vault, ['export', 'Prod IAP', '--to', 'qonversion', '--with', 'Prod IAP', '--out', out]);
    expectRefused(refused, 4, 'WRONG_KEY_KIND');
    expect(refused.stderr).toContain('Qonversion needs an App Store Connect API team key here');
    expect(readdirSync(out)).toEqual([]);

    const result = await cli.runJson<ExportJson>(vault, ['export', 'Prod IAP', '--to', 'qonversion', '--with', 'CI team', '--out', out]);
    expect(result.keys.map((key) => [key.slot, key.keyId])).toEqual([
      ['apiKey', template.team.keyId],
      ['inAppPurchaseKey', template.inAppPurchase.keyId],
    ]);
    expect(readdirSync(out).sort()).toEqual([`AuthKey_${template.team.keyId}.p8`, `SubscriptionKey_${template.inAppPurchase.keyId}.p8`]);
  });

  it('altool: writes into the home private_keys folder by default, or into --private-keys-folder, creating either owner-only', async () => {
    const vault = copyOfTemplate();
    const home = tempFolder();
    const keyFile = `AuthKey_${template.team.keyId}.p8`;
    const byDefault = await cli.runJson<ExportJson>(vault, ['export', 'CI team', '--to', 'altool'], { HOME: home });
    const defaultFolder = path.join(home, '.appstoreconnect', 'private_keys');
    expect(byDefault.folder).toBe(defaultFolder);
    expect(readdirSync(defaultFolder)).toEqual([keyFile]);
    expect(modeOf(defaultFolder)).toBe(0o700);
    expect(modeOf(path.join(defaultFolder, keyFile))).toBe(OWNER_ONLY);
    expect(byDefault.commands[0]?.line).toMatch(/^xcrun altool --validate-app /);

    const chosen = path.join(tempFolder(), 'ci', 'private_keys');
    const elsewhere = await cli.runJson<ExportJson>(vault, ['export', 'CI team', '--to', 'altool', '--private-keys-folder', chosen], { HOME: home });
    expect(elsewhere.folder).toBe(chosen);
    expect(readdirSync(chosen)).toEqual([keyFile]);
    expect(modeOf(chosen)).toBe(0o700);
    expect(elsewhere.commands[0]?.line).toMatch(/^API_PRIVATE_KEYS_DIR=\S+ xcrun altool --validate-app /);
  });

  it('refuses a revoked key unless --allow-revoked, and an existing file unless --overwrite', async () => {
    const vault = copyOfTemplate();
    const out = tempFolder();
    const refused = await cli.runWithVault(vault, ['export', 'Old team', '--to', 'asc-cli', '--out', out]);
    expectRefused(refused, 4, 'KEY_REVOKED');
    expect(refused.stderr).toContain('(On the command line: --allow-revoked.)');
    expect(readdirSync(out)).toEqual([]);

    const allowed = await cli.runWithVault(vault, ['export', 'Old team', '--to', 'asc-cli', '--out', out, '--allow-revoked']);
    expect(allowed, allowed.stderr).toMatchObject({ code: 0 });
    expect(allowed.stdout).toContain(`export ASC_KEY_ID=${template.oldTeam.keyId} ASC_ISSUER_ID=${ISSUER_ID} ASC_PRIVATE_KEY_PATH=`);

    const again = await cli.runWithVault(vault, ['export', 'Old team', '--to', 'asc-cli', '--out', out, '--allow-revoked']);
    expectRefused(again, 4, 'FILE_EXISTS');
    expect(again.stderr).toContain('(On the command line: --overwrite.)');
  });
});

describe('asc-key-vault bundle', () => {
  it('exports with a generated passphrase on stderr, previews, then imports into a second vault', async () => {
    const folder = tempFolder();
    const bundleFile = path.join(folder, 'team.age');
    const exported = await cli.runWithVault(copyOfTemplate(), ['bundle', 'export', 'Prod IAP', 'CI team', '--out', bundleFile, '--metadata', 'bundleIds', '--generate-passphrase', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    const generated = /^Bundle passphrase \(generated\): (\S+)\n/.exec(exported.stderr)?.[1] ?? '';
    expect(generated).toMatch(/^[a-z]+(-[a-z]+){5}$/);
    rememberSecret(generated);
    const document = JSON.parse(exported.stdout) as { path: string; metadata: string[]; keys: KeyJson[] };
    expect(document).toMatchObject({ path: bundleFile, metadata: ['bundleIds'] });
    expect(document.keys.map((key) => [key.keyId, key.exports.map((entry) => entry.target)])).toEqual([
      [template.inAppPurchase.keyId, ['bundle']],
      [template.team.keyId, ['bundle']],
    ]);
    expect(modeOf(bundleFile)).toBe(OWNER_ONLY);

    const second = await freshVault();
    const asSecond = { ASC_VAULT_PASSPHRASE: OTHER_PASSPHRASE };
    const wrong = await cli.runWithVault(second, ['bundle', 'import', bundleFile, '--preview'], { ...asSecond, ASC_BUNDLE_PASSPHRASE: 'not the bundle passphrase' });
    expectRefused(wrong, 3, 'BUNDLE_WRONG_PASSPHRASE');

    const preview = await cli.runJson<{ importable: number; keys: Array<{ name: string; keyId: string; kind: string; duplicateOf: unknown; problem: unknown }> }>(
      second,
      ['bundle', 'import', bundleFile, '--preview'],
      { ...asSecond, ASC_BUNDLE_PASSPHRASE: generated },
    );
    expect(preview.importable).toBe(2);
    expect(preview.keys.map(({ name, keyId, kind, duplicateOf, problem }) => ({ name, keyId, kind, duplicateOf, problem }))).toEqual([
      { name: 'Prod IAP', keyId: template.inAppPurchase.keyId, kind: 'in-app-purchase', duplicateOf: null, problem: null },
      { name: 'CI team', keyId: template.team.keyId, kind: 'asc-team', duplicateOf: null, problem: null },
    ]);

    const passphraseFile = path.join(folder, 'bundle-passphrase.txt');
    writeFileSync(passphraseFile, `${generated}\n`, { mode: 0o600 });
    const imported = await cli.runJson<{ imported: KeyJson[]; duplicates: unknown[] }>(second, ['bundle', 'import', bundleFile, '--bundle-passphrase-file', passphraseFile], asSecond);
    expect(imported.duplicates).toEqual([]);
    expect(imported.imported.map(({ keyId, fingerprint, bundleIds, tags }) => ({ keyId, fingerprint, bundleIds, tags }))).toEqual([
      // Only the Bundle IDs were chosen to travel; the tag stayed behind.
      { keyId: template.inAppPurchase.keyId, fingerprint: template.inAppPurchase.fingerprint, bundleIds: ['com.example.app'], tags: [] },
      { keyId: template.team.keyId, fingerprint: template.team.fingerprint, bundleIds: [], tags: [] },
    ]);
  }, SLOW_TEST_MS);
});

describe('asc-key-vault backup and restore', () => {
  it('backs up, then previews and merges the backup into a fresh vault with its own passphrase', async () => {
    const backupFile = path.join(tempFolder(), 'backup.sqlite');
    const vault = copyOfTemplate();
    const backup = await cli.runJson<{ path: string; at: string; keyCount: number }>(vault, ['backup', '--out', backupFile]);
    expect(backup).toEqual({ path: backupFile, at: expect.any(String), keyCount: 3 });
    expect(modeOf(backupFile)).toBe(OWNER_ONLY);
    expectRefused(await cli.runWithVault(vault, ['backup', '--out', backupFile]), 4, 'FILE_EXISTS');

    const fresh = await freshVault();
    const asFresh = { ASC_VAULT_PASSPHRASE: OTHER_PASSPHRASE };
    const preview = await cli.runJson<{ keys: KeyJson[]; missingFromVault: KeyJson[] }>(fresh, ['restore', backupFile, '--preview'], { ...asFresh, ASC_BACKUP_PASSPHRASE: PASSPHRASE });
    // Active before revoked, by name, as `list` shows them.
    expect(preview.keys.map((key) => key.name)).toEqual(['CI team', 'Prod IAP', 'Old team']);
    expect(preview.missingFromVault.map((key) => key.name)).toEqual(['CI team', 'Prod IAP', 'Old team']);

    const passphraseFile = path.join(tempFolder(), 'backup-passphrase.txt');
    writeFileSync(passphraseFile, PASSPHRASE, { mode: 0o600 });
    const merged = await cli.runJson<{ mode: string; imported: KeyJson[]; alreadyPresent: KeyJson[] }>(fresh, ['restore', backupFile, '--mode', 'merge', '--backup-passphrase-file', passphraseFile], asFresh);
    expect(merged.mode).toBe('merge');
    expect(merged.alreadyPresent).toEqual([]);
    expect(merged.imported.map((key) => [key.keyId, key.fingerprint, key.revoked])).toEqual([
      [template.team.keyId, template.team.fingerprint, false],
      [template.inAppPurchase.keyId, template.inAppPurchase.fingerprint, false],
      [template.oldTeam.keyId, template.oldTeam.fingerprint, true],
    ]);
  }, SLOW_TEST_MS);

  it('previews and replaces onto a machine with no vault yet: the preview leaves nothing behind, the replace makes the folder', async () => {
    const backupFile = path.join(tempFolder(), 'backup.sqlite');
    copyFileSync(template.vault, backupFile);
    const home = tempFolder();
    const vault = path.join(home, 'Application Support', 'ASC Key Vault', 'vault.sqlite');
    const env = { ASC_BACKUP_PASSPHRASE: PASSPHRASE };

    const preview = await cli.runJson<{ keys: KeyJson[]; missingFromVault: KeyJson[] }>(vault, ['restore', backupFile, '--preview'], env);
    expect(preview.keys.map((key) => key.name)).toEqual(['CI team', 'Prod IAP', 'Old team']);
    expect(readdirSync(home)).toEqual([]);

    const replaced = await cli.runWithVault(vault, ['restore', backupFile, '--mode', 'replace', '--yes'], env);
    expect(replaced, replaced.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(replaced.stdout).toContain('There was no vault before, so nothing was kept aside.');
    expect(readdirSync(path.dirname(vault))).toEqual(['vault.sqlite']);
    const listed = await cli.runJson<{ keys: KeyJson[] }>(vault, ['list'], { ASC_VAULT_PASSPHRASE: PASSPHRASE });
    expect(listed.keys).toHaveLength(3);
  }, SLOW_TEST_MS);

  it('replaces the vault only with --yes, keeping the replaced file and saying where', async () => {
    const vault = await freshVault();
    // A backup is a copy of the vault file; the template's opens with PASSPHRASE.
    const backupFile = path.join(tempFolder(), 'backup.sqlite');
    copyFileSync(template.vault, backupFile);
    const env = { ASC_VAULT_PASSPHRASE: OTHER_PASSPHRASE, ASC_BACKUP_PASSPHRASE: PASSPHRASE };

    const unconfirmed = await cli.runWithVault(vault, ['restore', backupFile, '--mode', 'replace'], env);
    expectRefused(unconfirmed, 2);
    expect(unconfirmed.stderr).toMatch(/^error: --mode replace replaces the whole vault .* Add --yes to go ahead/);

    const replaced = await cli.runWithVault(vault, ['restore', backupFile, '--mode', 'replace', '--yes'], env);
    expect(replaced, replaced.stderr).toMatchObject({ code: 0, stderr: '' });
    const keptAs = /^The replaced vault was kept as (.+)\.$/m.exec(replaced.stdout)?.[1] ?? '';
    expect(path.dirname(keptAs)).toBe(path.dirname(vault));
    expect(path.basename(keptAs)).toMatch(/^vault\.sqlite\.replaced-/);
    expect(existsSync(keptAs)).toBe(true);
    expect(replaced.stdout).toContain('(3 keys)');
    expect(replaced.stdout).toContain('The vault now opens with the backup’s passphrase.');
  }, SLOW_TEST_MS);
});

describe('asc-key-vault export, bundle, backup and restore: usage', () => {
  it.each([
    { name: 'export without --out', args: ['export', 'CI team', '--to', 'fastlane'], says: 'Give the folder to write the fastlane files to with --out FOLDER' },
    { name: 'another target’s option', args: ['export', 'CI team', '--to', 'asc-cli', '--out', '.', '--duration', '600'], says: '--duration is an option of fastlane (--to fastlane), not of asc CLI' },
    {
      name: 'a fastlane --duration over 1140',
      args: ['export', 'CI team', '--to', 'fastlane', '--out', '.', '--duration', '1141'],
      says:
        "error: option '--duration <seconds>' argument '1141' is invalid. Give a whole number from 1 to 1140: fastlane signs each token from 60 seconds " +
        'before now to duration seconds after it, and Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds).',
    },
    { name: 'another target’s --private-keys-folder', args: ['export', 'CI team', '--to', 'codemagic', '--out', '.', '--private-keys-folder', '.'], says: '--private-keys-folder is an option of altool / notarytool (--to altool), not of Codemagic' },
    { name: 'an unknown target', args: ['export', 'CI team', '--to', 'heroku', '--out', '.'], says: "argument 'heroku' is invalid" },
    { name: 'a malformed --secret-name', args: ['export', 'CI team', '--to', 'github-actions', '--out', '.', '--secret-name', 'KEY'], says: 'Write it as FIELD=NAME' },
    { name: 'an option value the app refuses', args: ['export', 'CI team', '--to', 'github-actions', '--out', '.', '--secret-name', 'keyId=GITHUB_KEY'], says: '--secret-name is not valid: GitHub secret names cannot start with GITHUB_.' },
    { name: 'unknown bundle metadata', args: ['bundle', 'export', 'CI team', '--out', 'x.age', '--metadata', 'bundleIds,secrets'], says: 'Unknown secrets' },
    { name: 'both a generated and a given bundle passphrase', args: ['bundle', 'export', 'CI team', '--out', 'x.age', '--generate-passphrase', '--bundle-passphrase-file', 'p'], says: 'cannot be used with option' },
    { name: 'no bundle passphrase source off a terminal', args: ['bundle', 'import', 'x.age'], says: 'No bundle passphrase given' },
    { name: 'a bundle passphrase as an argument', args: ['bundle', 'import', 'x.age', '--bundle-passphrase=hunter2 hunter2'], says: 'never taken as an argument' },
    { name: 'restore without --mode', args: ['restore', 'backup.sqlite'], says: 'Choose --mode merge' },
    { name: 'no backup passphrase source off a terminal', args: ['restore', 'backup.sqlite', '--mode', 'merge'], says: 'No backup passphrase given' },
    { name: 'backup without --out', args: ['backup'], says: "required option '--out <file>' not specified" },
  ])('exits 2 for $name, before unlocking anything', async ({ args, says }) => {
    // A vault path that does not exist: reaching the vault would be NO_VAULT (exit 6), not a usage error.
    const run = await cli.runWithVault(path.join(tempFolder(), 'never', 'vault.sqlite'), args);
    expectRefused(run, 2);
    expect(run.stderr).toContain(says);
  });

  it('refuses a backup file far too large to be one before asking for any passphrase, preview or not', async () => {
    const huge = path.join(tempFolder(), 'huge.sqlite');
    writeFileSync(huge, '');
    truncateSync(huge, 65 * 1024 * 1024);
    const vault = copyOfTemplate();
    for (const args of [['restore', huge, '--preview'], ['restore', huge, '--mode', 'merge']]) {
      // The vault's passphrase is not given: reaching the unlock would be a usage error (exit 2), not this.
      const run = await cli.runCli([...args, '--vault', vault], { env: { ASC_BACKUP_PASSPHRASE: PASSPHRASE } });
      expectRefused(run, 4, 'FILE_TOO_LARGE');
      expect(run.stderr).toContain('huge.sqlite is 65.0 MiB; a vault backup is far smaller (at most 64 MiB)');
    }
  });

  it('has --help on each new command, listing the vault, passphrase-file and json options', async () => {
    for (const command of [['export'], ['bundle', 'export'], ['bundle', 'import'], ['backup'], ['restore']]) {
      const run = await cli.runCli([...command, '--help']);
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: asc-key-vault ${command.join(' ')}`);
      for (const option of ['--vault <path>', '--passphrase-file <path>', '--json']) expect(run.stdout, command.join(' ')).toContain(option);
    }
  });
});
