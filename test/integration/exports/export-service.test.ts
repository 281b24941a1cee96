import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ExportService } from '../../../src-main/exports/export-service';
import { writeFileAtomically, type WriteFile } from '../../../src-main/files/write-file-atomically';
import { inspectToken } from '../../../src-main/signing/inspect-token';
import { CHOSEN_FOLDER_PLACEHOLDER } from '../../../src-shared/exports/export-preview';
import { tempFolder } from '../../helpers/temp-vault';
import { expectNoKeyMaterial, expectSameKey } from '../../unit/exports/export-fixtures';
import { fastlaneClaims, signAsFastlane, type FastlaneApiKeyJson } from '../../unit/exports/fastlane-token';
import { ISSUER_ID, keyServiceFixture, refusal, vaultState, type KeyServiceFixture } from '../keys/key-service-fixtures';
import { expectOwnerOnly, filesIn, HAS_POSIX_MODES, importTestKey, modeOf } from './exports-fixture';

async function exportsFixture(options: { writeFile?: WriteFile } = {}) {
  const fixture = await keyServiceFixture();
  const home = tempFolder();
  const out = tempFolder();
  const exports = new ExportService({ keys: fixture.service, homeDir: home, ...options });
  return { ...fixture, home, out, exports };
}

const newestEvent = (fixture: KeyServiceFixture) => fixture.vault.events(0, 1).events[0];

/** A stand-in for the GitHub CLI that stores each `gh secret set` value in a file named after the secret. */
function fakeGh(): { bin: string; secrets: string } {
  const bin = tempFolder();
  const secrets = tempFolder();
  const script = [
    '#!/bin/sh',
    'name="$3"; shift 3',
    'has_body=0',
    'while [ $# -gt 0 ]; do',
    '  case "$1" in',
    '    --body) body="$2"; has_body=1; shift 2 ;;',
    '    --repo) shift 2 ;;',
    '    *) shift ;;',
    '  esac',
    'done',
    'if [ "$has_body" = 1 ]; then printf "%s" "$body" > "$GH_SECRETS/$name"; else cat > "$GH_SECRETS/$name"; fi',
    '',
  ].join('\n');
  writeFileSync(path.join(bin, 'gh'), script);
  chmodSync(path.join(bin, 'gh'), 0o755);
  return { bin, secrets };
}

describe('writing an export', () => {
  it('writes every file owner-only into the chosen folder and records the export on the key and in the audit log', async () => {
    const fixture = await exportsFixture();
    const { key, bytes } = await importTestKey(fixture, 'asc-team');

    const result = await fixture.exports.write('github-actions', { apiKey: key.id }, {}, { folder: fixture.out });

    expect(filesIn(fixture.out)).toEqual(['AuthKey_TEAMKEY001.p8', 'github-secrets-TEAMKEY001.sh']);
    for (const file of result.written) expectOwnerOnly(file.path);
    expect(result.written.map((file) => file.path)).toEqual([path.join(fixture.out, 'AuthKey_TEAMKEY001.p8'), path.join(fixture.out, 'github-secrets-TEAMKEY001.sh')]);
    expect(readFileSync(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8')).equals(Buffer.from(bytes))).toBe(true);
    expect(result.folder).toBe(fixture.out);
    expectNoKeyMaterial(result, [bytes]);

    const [exported] = result.exportedKeys;
    expect(exported?.exports).toEqual([{ target: 'github-actions', at: expect.any(String), destination: fixture.out }]);
    expect(fixture.service.getKey(key.id).exports).toEqual(exported?.exports);
    expect(newestEvent(fixture)).toMatchObject({ type: 'key.exported', itemId: key.id, summary: `Exported "${key.name}" (TEAMKEY001) to GitHub Actions in ${fixture.out}` });
  });

  it.runIf(HAS_POSIX_MODES)('writes a gh script that stores the raw PEM as the private-key secret', async () => {
    const fixture = await exportsFixture();
    const { key, bytes } = await importTestKey(fixture, 'asc-team');
    await fixture.exports.write('github-actions', { apiKey: key.id }, {}, { folder: fixture.out });
    const gh = fakeGh();

    execFileSync('sh', [path.join(fixture.out, 'github-secrets-TEAMKEY001.sh')], {
      cwd: tempFolder(),
      env: { ...process.env, PATH: `${gh.bin}${path.delimiter}${process.env.PATH ?? ''}`, GH_SECRETS: gh.secrets },
    });

    expect(filesIn(gh.secrets)).toEqual(['APPSTORE_API_KEY_ID', 'APPSTORE_API_PRIVATE_KEY', 'APPSTORE_ISSUER_ID']);
    expect(readFileSync(path.join(gh.secrets, 'APPSTORE_ISSUER_ID'), 'utf8')).toBe(ISSUER_ID);
    expect(readFileSync(path.join(gh.secrets, 'APPSTORE_API_KEY_ID'), 'utf8')).toBe('TEAMKEY001');
    const privateKey = readFileSync(path.join(gh.secrets, 'APPSTORE_API_PRIVATE_KEY'));
    expect(privateKey.equals(Buffer.from(bytes))).toBe(true);
    expectSameKey(privateKey.toString('utf8'), key);
  });

  it.runIf(HAS_POSIX_MODES)('writes a .env file a POSIX shell reads back, PEM included', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase');
    await fixture.exports.write('dotenv', { key: key.id }, {}, { folder: fixture.out });

    const script = 'set -a; . ./.env; printf "%s\\n%s\\n%s" "$APP_STORE_CONNECT_KEY_ID" "$APP_STORE_CONNECT_ISSUER_ID" "$APP_STORE_CONNECT_PRIVATE_KEY"';
    const [keyId, issuerId, ...pem] = execFileSync('sh', ['-c', script], { cwd: fixture.out, encoding: 'utf8' }).split('\n');

    expect([keyId, issuerId]).toEqual(['IAPKEY0001', ISSUER_ID]);
    expectSameKey(pem.join('\n'), key);
    expectOwnerOnly(path.join(fixture.out, '.env'));
  });

  it('writes an individual key for fastlane with no issuer_id, its key the imported file’s text, and for asc with ASC_KEY_TYPE=individual', async () => {
    const fixture = await exportsFixture();
    const { key, bytes } = await importTestKey(fixture, 'asc-individual');

    const fastlane = await fixture.exports.write('fastlane', { apiKey: key.id }, { duration: 900 }, { folder: fixture.out });
    const jsonFile = path.join(fixture.out, 'fastlane_api_key_INDVKEY001.json');
    expect(fastlane.written.map((file) => file.path)).toEqual([jsonFile]);
    expectOwnerOnly(jsonFile);
    const text = readFileSync(jsonFile, 'utf8');
    expect(JSON.parse(text)).toEqual({ key_id: 'INDVKEY001', key: Buffer.from(bytes).toString('utf8').trimEnd(), duration: 900, in_house: false });
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['key_id', 'key', 'duration', 'in_house']);
    expect(fastlane.fields.map((field) => field.label)).not.toContain('APP_STORE_CONNECT_API_KEY_ISSUER_ID');
    expect(fastlane.notices[0]).toContain('fastlane 2.221 or later');
    expectNoKeyMaterial(fastlane, [bytes]);

    const asc = await fixture.exports.write('asc-cli', { apiKey: key.id }, {}, { folder: fixture.out });
    expect(readFileSync(path.join(fixture.out, 'AuthKey_INDVKEY001.p8')).equals(Buffer.from(bytes))).toBe(true);
    expect(asc.commands[0]?.line).toMatch(/^export ASC_KEY_ID=INDVKEY001 ASC_KEY_TYPE=individual ASC_PRIVATE_KEY_PATH=\S+AuthKey_INDVKEY001\.p8$/);
    expect(fixture.service.getKey(key.id).exports.map((entry) => entry.target)).toEqual(['fastlane', 'asc-cli']);
  });

  it('writes the PKCS#8 form of a key that was imported in SEC1 form', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team', { sec1: true });
    await fixture.exports.write('codemagic', { apiKey: key.id }, {}, { folder: fixture.out });

    const written = readFileSync(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8'), 'utf8');
    expect(written).toBe(fixture.service.readPkcs8Pem(key.id));
    expect(written.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expectSameKey(written, key);
  });

  it('refuses to replace an existing file unless told, and then writes nothing at all', async () => {
    const fixture = await exportsFixture();
    const { key, bytes } = await importTestKey(fixture, 'asc-team');
    writeFileSync(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8'), 'an older copy');
    const before = vaultState(fixture.service, fixture.vault);

    const error = await refusal(() => fixture.exports.write('github-actions', { apiKey: key.id }, {}, { folder: fixture.out }));

    expect(error.code).toBe('FILE_EXISTS');
    expect(error.message).toContain('AuthKey_TEAMKEY001.p8');
    expect(filesIn(fixture.out)).toEqual(['AuthKey_TEAMKEY001.p8']);
    expect(readFileSync(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8'), 'utf8')).toBe('an older copy');
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);

    await fixture.exports.write('github-actions', { apiKey: key.id }, {}, { folder: fixture.out, overwrite: true });
    expect(readFileSync(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8')).equals(Buffer.from(bytes))).toBe(true);
    expectOwnerOnly(path.join(fixture.out, 'AuthKey_TEAMKEY001.p8'));
  });

  it('removes what it wrote when a later file of the export fails, and records nothing', async () => {
    let calls = 0;
    const failingSecond: WriteFile = async (filePath, contents, options) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      await writeFileAtomically(filePath, contents, options);
    };
    const fixture = await exportsFixture({ writeFile: failingSecond });
    const { key } = await importTestKey(fixture, 'asc-team');
    const before = vaultState(fixture.service, fixture.vault);

    await expect(fixture.exports.write('expo-eas', { apiKey: key.id }, {}, { folder: fixture.out })).rejects.toThrow('disk full');

    expect(filesIn(fixture.out)).toEqual([]);
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);
  });

  it('refuses a revoked key unless told to export it anyway', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase');
    fixture.service.revokeKey(key.id);

    expect((await refusal(() => fixture.exports.write('revenuecat', { inAppPurchaseKey: key.id }, {}, { folder: fixture.out }))).code).toBe('KEY_REVOKED');
    expect(filesIn(fixture.out)).toEqual([]);

    await fixture.exports.write('revenuecat', { inAppPurchaseKey: key.id }, { allowRevoked: true }, { folder: fixture.out });
    expect(filesIn(fixture.out)).toEqual(['SubscriptionKey_IAPKEY0001.p8']);
  });

  it('refuses a key of the wrong kind before decrypting or writing anything', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase');
    const read = vi.spyOn(fixture.service, 'readOriginalBytes');

    const error = await refusal(() => fixture.exports.write('codemagic', { apiKey: key.id }, {}, { folder: fixture.out }));

    expect(error.code).toBe('WRONG_KEY_KIND');
    expect(error.message).toContain('Users and Access > Integrations > App Store Connect API > Team Keys');
    expect(read).not.toHaveBeenCalled();
    expect(filesIn(fixture.out)).toEqual([]);
  });

  it('writes altool’s key into ~/.appstoreconnect/private_keys by default, creating the folder owner-only', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');

    const result = await fixture.exports.write('altool', { apiKey: key.id });

    const folder = path.join(fixture.home, '.appstoreconnect', 'private_keys');
    expect(result.folder).toBe(folder);
    expect(filesIn(folder)).toEqual(['AuthKey_TEAMKEY001.p8']);
    if (HAS_POSIX_MODES) expect(modeOf(folder)).toBe(0o700);
    expectOwnerOnly(path.join(folder, 'AuthKey_TEAMKEY001.p8'));
    expect(result.commands.map((command) => command.line)).toContain(
      `xcrun notarytool history --key ${path.join(folder, 'AuthKey_TEAMKEY001.p8')} --key-id TEAMKEY001 --issuer ${ISSUER_ID}`,
    );
    expect(result.commands.some((command) => command.line.includes('API_PRIVATE_KEYS_DIR'))).toBe(false);
  });

  it('writes an individual key for altool into ~/.appstoreconnect/private_keys, with --api-key-subject user and no --issuer for notarytool', async () => {
    const fixture = await exportsFixture();
    const { key, bytes } = await importTestKey(fixture, 'asc-individual');

    const result = await fixture.exports.write('altool', { apiKey: key.id });

    const file = path.join(fixture.home, '.appstoreconnect', 'private_keys', 'AuthKey_INDVKEY001.p8');
    expect(readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
    expectOwnerOnly(file);
    expect(result.commands.map((command) => command.line)).toEqual([
      'xcrun altool --validate-app --type ios --file App.ipa --apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user',
      'xcrun altool --upload-app --type ios --file App.ipa --apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user',
      `xcrun notarytool submit App.zip --key ${file} --key-id INDVKEY001 --wait`,
      `xcrun notarytool history --key ${file} --key-id INDVKEY001`,
    ]);
    expect(result.fields.map((field) => field.label)).toEqual(['Key ID', 'Private key path']);
    expect(fixture.service.getKey(key.id).exports.map((entry) => entry.target)).toEqual(['altool']);
    expectNoKeyMaterial(result, [bytes]);
  });

  it('creates a missing private_keys folder chosen for altool owner-only, and sets API_PRIVATE_KEYS_DIR for it', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const chosen = path.join(fixture.out, 'ci', 'private_keys');

    const result = await fixture.exports.write('altool', { apiKey: key.id }, {}, { folder: chosen });

    expect(filesIn(chosen)).toEqual(['AuthKey_TEAMKEY001.p8']);
    if (HAS_POSIX_MODES) expect(modeOf(chosen)).toBe(0o700);
    expect(existsSync(path.join(fixture.home, '.appstoreconnect'))).toBe(false);
    expect(result.commands[0]?.line).toMatch(/^API_PRIVATE_KEYS_DIR=\S*ci\/private_keys\S* xcrun altool /);
  });

  it('refuses a folder given as an altool option: the folder is where main’s dialog answered', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const error = await refusal(() => fixture.exports.write('altool', { apiKey: key.id }, { privateKeysFolder: fixture.out }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('privateKeysFolder');
    expect(filesIn(fixture.out)).toEqual([]);
  });

  it('refuses a folder that is not there, and asks for one when none is given', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const missing = path.join(fixture.out, 'gone');

    expect((await refusal(() => fixture.exports.write('codemagic', { apiKey: key.id }, {}, { folder: missing }))).code).toBe('DESTINATION_UNWRITABLE');
    expect((await refusal(() => fixture.exports.write('codemagic', { apiKey: key.id }))).code).toBe('BAD_REQUEST');
    expect(existsSync(missing)).toBe(false);
  });

  it('writes fastlane JSON whose token, signed as fastlane signs it, lives at most 20 minutes at the default duration and at the maximum', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const jsonFile = path.join(fixture.out, 'fastlane_api_key_TEAMKEY001.json');
    const now = new Date('2025-06-01T10:00:00.999Z');
    for (const [options, duration] of [[{}, 500], [{ duration: 1140 }, 1140]] as const) {
      await fixture.exports.write('fastlane', { apiKey: key.id }, options, { folder: fixture.out, overwrite: true });
      const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as FastlaneApiKeyJson;
      expect(json.duration).toBe(duration);
      expect(duration + 60).toBeLessThanOrEqual(1200);
      const claims = fastlaneClaims(json, now);
      expect(claims.exp - claims.iat).toBe(duration + 60);
      expect(inspectToken(signAsFastlane(json, now), { now }).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    }
  });

  it('refuses options that fail the target’s schema, naming the field', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    const error = await refusal(() => fixture.exports.write('fastlane', { apiKey: key.id }, { duration: 1141 }, { folder: fixture.out }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      'duration: At most 1140 seconds: fastlane signs each token from 60 seconds before now to duration seconds after it, and Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds).',
    );
    expect(filesIn(fixture.out)).toEqual([]);
    const names = await refusal(() => fixture.exports.preview('github-actions', { apiKey: key.id }, { secretNames: { keyId: 'GITHUB_KEY' } }));
    expect(names.message).toContain('GITHUB_');
  });
});

describe('previewing an export', () => {
  it('shows file names, values and steps without decrypting any key', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'in-app-purchase', { extra: { bundleIds: ['com.example.game'] } });
    const original = vi.spyOn(fixture.service, 'readOriginalBytes');
    const pkcs8 = vi.spyOn(fixture.service, 'readPkcs8Pem');

    const preview = fixture.exports.preview('adapty', { inAppPurchaseKey: key.id });

    expect(original).not.toHaveBeenCalled();
    expect(pkcs8).not.toHaveBeenCalled();
    expect(preview.folder).toBe(CHOSEN_FOLDER_PLACEHOLDER);
    expect(preview.files.map((file) => file.name)).toEqual(['SubscriptionKey_IAPKEY0001.p8']);
    expect(preview.checklist[1]).toBe('Enter the Bundle ID first: com.example.game.');
    expectNoKeyMaterial(preview);
    expect(fixture.service.getKey(key.id).exports).toEqual([]);
  });

  it('shows altool’s default folder as ~/.appstoreconnect/private_keys', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    expect(fixture.exports.preview('altool', { apiKey: key.id }).folder).toBe('~/.appstoreconnect/private_keys');
  });

  it('opens altool’s folder dialog at the private_keys folder in the home folder, and no other target’s', async () => {
    const fixture = await exportsFixture();
    expect(fixture.exports.defaultFolder('altool')).toBe(path.join(fixture.home, '.appstoreconnect', 'private_keys'));
    expect(fixture.exports.defaultFolder('fastlane')).toBeUndefined();
  });

  it('gives main the value of a private-key field for its clipboard', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    expectSameKey(fixture.exports.secretFieldValue('codemagic', { apiKey: key.id }, {}, 'APP_STORE_CONNECT_PRIVATE_KEY'), key);
    expect((await refusal(() => fixture.exports.secretFieldValue('codemagic', { apiKey: key.id }, {}, 'APP_STORE_CONNECT_ISSUER_ID'))).code).toBe('NOT_FOUND');
  });

  it('refuses while the vault is locked', async () => {
    const fixture = await exportsFixture();
    const { key } = await importTestKey(fixture, 'asc-team');
    fixture.vault.lock();
    expect((await refusal(() => fixture.exports.preview('codemagic', { apiKey: key.id }))).code).toBe('VAULT_LOCKED');
    mkdirSync(path.join(fixture.out, 'x'));
    expect((await refusal(() => fixture.exports.write('codemagic', { apiKey: key.id }, {}, { folder: fixture.out }))).code).toBe('VAULT_LOCKED');
  });
});
