import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundlePayload, type BundleKeyInput } from '../../../src-main/exports/bundle/bundle-crypto';
import { BundleService } from '../../../src-main/exports/bundle/bundle-service';
import { VaultAgeIdentity } from '../../../src-main/exports/bundle/vault-age-identity';
import type { BundlePayload } from '../../../src-main/exports/bundle/bundle-format';
import { tempFolder } from '../../helpers/temp-vault';
import { expectSameKey } from '../../unit/exports/export-fixtures';
import { keyServiceFixture, type KeyServiceFixture } from '../keys/key-service-fixtures';
import { importTestKey } from './exports-fixture';

// The reference age tool (Debian's `age`, which ships age-keygen) and OpenSSH's ssh-keygen for the SSH recipients.
const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';
const missing = [AGE, AGE_KEYGEN, SSH_KEYGEN].filter((tool) => !existsSync(tool));
if (process.env.ASC_REQUIRE_AGE && missing.length > 0) throw new Error(`${missing.join(' and ')} not installed, and ASC_REQUIRE_AGE is set`);
const skipNote = missing.length === 0 ? '' : ` [skipped: ${missing.join(' and ')} not installed; apt-get install age openssh-client]`;

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  expect(result.status, `${command} ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

/** A fresh identity of the given kind in a temp folder: the file age -d -i reads, and the recipient line to encrypt to. */
function newIdentity(kind: 'age' | 'ssh-ed25519' | 'ssh-rsa'): { identityFile: string; recipient: string } {
  const folder = tempFolder();
  if (kind === 'age') {
    const identityFile = path.join(folder, 'key.txt');
    run(AGE_KEYGEN, ['-o', identityFile]);
    return { identityFile, recipient: run(AGE_KEYGEN, ['-y', identityFile]).trim() };
  }
  const identityFile = path.join(folder, 'id');
  run(SSH_KEYGEN, ['-q', '-t', kind === 'ssh-rsa' ? 'rsa' : 'ed25519', ...(kind === 'ssh-rsa' ? ['-b', '2048'] : []), '-N', '', '-C', 'ann@example', '-f', identityFile]);
  return { identityFile, recipient: readFileSync(`${identityFile}.pub`, 'utf8').trim() };
}

function decryptWithAge(bundleFile: string, identityFile: string): BundlePayload {
  const output = path.join(path.dirname(bundleFile), 'out.json');
  run(AGE, ['--decrypt', '--identity', identityFile, '--output', output, bundleFile]);
  return JSON.parse(readFileSync(output, 'utf8')) as BundlePayload;
}

async function vaultWithKey(): Promise<{ fixture: KeyServiceFixture; bundles: BundleService; key: Awaited<ReturnType<typeof importTestKey>>['key'] }> {
  const fixture = await keyServiceFixture();
  const { key } = await importTestKey(fixture, 'asc-team');
  return { fixture, bundles: new BundleService({ keys: fixture.service, identity: new VaultAgeIdentity(fixture.vault) }), key };
}

describe('bundles shared by public key, with the age command-line tool', () => {
  it.skipIf(missing.length > 0).each(['age', 'ssh-ed25519', 'ssh-rsa'] as const)(`age --decrypt --identity opens a bundle the app encrypted to a %s recipient${skipNote}`, async (kind) => {
    const { bundles, key } = await vaultWithKey();
    const { identityFile, recipient } = newIdentity(kind);
    const bundleFile = path.join(tempFolder(), 'keys.age');

    await bundles.writeForRecipients([key.id], [recipient], bundleFile);

    const payload = decryptWithAge(bundleFile, identityFile);
    expect(payload.keys.map((entry) => entry.keyId)).toEqual([key.keyId]);
    expectSameKey(payload.keys[0]?.privateKeyPem ?? '', key);
  }, 60_000);

  it.skipIf(missing.length > 0)(`each of several recipients opens the same bundle${skipNote}`, async () => {
    const { bundles, key } = await vaultWithKey();
    const ann = newIdentity('age');
    const bob = newIdentity('ssh-ed25519');
    const bundleFile = path.join(tempFolder(), 'keys.age');

    await bundles.writeForRecipients([key.id], [ann.recipient, bob.recipient], bundleFile);

    expect(decryptWithAge(bundleFile, ann.identityFile)).toEqual(decryptWithAge(bundleFile, bob.identityFile));
  }, 60_000);

  it.skipIf(missing.length > 0)(`a bundle age -r encrypted to the vault's recipient imports with no passphrase${skipNote}`, async () => {
    const source = await vaultWithKey();
    const folder = tempFolder();
    const payloadFile = path.join(folder, 'payload.json');
    const input: BundleKeyInput = { record: source.key, originalBytes: source.fixture.service.readOriginalBytes(source.key.id), pkcs8Pem: source.fixture.service.readPkcs8Pem(source.key.id) };
    writeFileSync(payloadFile, JSON.stringify(buildBundlePayload([input], [], new Date())));
    const target = await keyServiceFixture();
    const recipient = await new VaultAgeIdentity(target.vault).recipient();
    expect(recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    const bundleFile = path.join(folder, 'for-target.age');

    run(AGE, ['--encrypt', '--armor', '--recipient', recipient, '--output', bundleFile, payloadFile]);

    const bundles = new BundleService({ keys: target.service, identity: new VaultAgeIdentity(target.vault) });
    const bundle = await bundles.readFile(bundleFile);
    expect(bundles.needsPassphrase(bundle)).toBe(false);
    const { imported } = await bundles.importAll(bundle, '');
    expect(imported.map((entry) => entry.fingerprint)).toEqual([source.key.fingerprint]);
  }, 60_000);

  it.skipIf(missing.length > 0)(`a bundle encrypted to someone else's age key is refused, naming the vault's recipient, and imports nothing${skipNote}`, async () => {
    const source = await vaultWithKey();
    const stranger = newIdentity('age');
    const bundleFile = path.join(tempFolder(), 'keys.age');
    await source.bundles.writeForRecipients([source.key.id], [stranger.recipient], bundleFile);
    const target = await keyServiceFixture();
    const identity = new VaultAgeIdentity(target.vault);
    const bundles = new BundleService({ keys: target.service, identity });

    const refusal = await bundles.importAll(await bundles.readFile(bundleFile), '').catch((error: unknown) => error);

    expect(refusal).toMatchObject({ code: 'BUNDLE_WRONG_RECIPIENT', message: expect.stringContaining(await identity.recipient()) });
    expect(target.service.listKeys()).toEqual([]);
  }, 60_000);
});
