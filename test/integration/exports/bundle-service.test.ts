import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { armor, Encrypter } from 'age-encryption';
import { describe, expect, it, vi } from 'vitest';
import { buildBundlePayload } from '../../../src-main/exports/bundle/bundle-crypto';
import { BundleService } from '../../../src-main/exports/bundle/bundle-service';
import type { ErrorCode } from '../../../src-shared/errors';
import { BUNDLE_METADATA_FIELDS } from '../../../src-shared/exports/bundle';
import { appStoreConnectP8, generateP256Key, utf8 } from '../../helpers/keys';
import { tempFolder } from '../../helpers/temp-vault';
import { expectNoKeyMaterial } from '../../unit/exports/export-fixtures';
import { keyServiceFixture, OTHER_ISSUER_ID, refusal, vaultState, type KeyServiceFixture } from '../keys/key-service-fixtures';
import { expectOwnerOnly, importTestKey, type ImportedTestKey } from './exports-fixture';

const PASSPHRASE = 'marble-otter-quilt-sunny-anchor-thorn';
// Cheap scrypt for tests; the app uses age's default of 18.
const WORK_FACTOR = 10;

async function bundleFixture(): Promise<KeyServiceFixture & { bundles: BundleService }> {
  const fixture = await keyServiceFixture();
  return { ...fixture, bundles: new BundleService({ keys: fixture.service, scryptWorkFactor: WORK_FACTOR }) };
}

/** A source vault holding one key of each kind (one imported as SEC1), each with some metadata. */
async function sourceVault() {
  const source = await bundleFixture();
  const keys: ImportedTestKey[] = [
    await importTestKey(source, 'asc-team', { extra: { name: 'CI uploads', tags: ['ci'], notes: 'Rotated in March', environment: 'production' } }),
    await importTestKey(source, 'in-app-purchase', { extra: { bundleIds: ['com.example.game'], environment: 'sandbox' } }),
    await importTestKey(source, 'asc-individual'),
    await importTestKey(source, 'asc-team', { keyId: 'SECONEKEY1', sec1: true }),
  ];
  source.service.revokeKey(keys[1]?.key.id ?? '');
  return { source, keys, ids: keys.map(({ key }) => key.id) };
}

const comparable = ({ kind, name, keyId, issuerId, bundleIds, notes, tags, environment, revoked, fingerprint, publicKeyPem, sourceFormat, originalFileName }: ReturnType<KeyServiceFixture['service']['getKey']>) => ({
  kind,
  name,
  keyId,
  issuerId,
  bundleIds,
  notes,
  tags,
  environment,
  revoked,
  fingerprint,
  publicKeyPem,
  sourceFormat,
  originalFileName,
});

async function encryptPayload(payload: unknown): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.setScryptWorkFactor(WORK_FACTOR);
  encrypter.setPassphrase(PASSPHRASE);
  return armor.encode(await encrypter.encrypt(JSON.stringify(payload)));
}

describe('bundles between two vaults', () => {
  it('carries every key, its file byte for byte and its metadata from one vault to another', async () => {
    const { source, keys, ids } = await sourceVault();
    const file = path.join(tempFolder(), 'team-keys.age');

    const written = await source.bundles.write(ids, PASSPHRASE, file);

    expect(written.path).toBe(file);
    expectOwnerOnly(file);
    expect(written.exportedKeys.map((key) => key.exports.map((entry) => entry.target))).toEqual(ids.map(() => ['bundle']));
    expect(source.vault.events(0, 1).events[0]).toMatchObject({ type: 'key.exported', summary: expect.stringContaining(` to an encrypted bundle in ${file}`) });

    const target = await bundleFixture();
    const bundle = await target.bundles.readFile(file);
    const preview = await target.bundles.preview(bundle, PASSPHRASE);
    expect(preview).toMatchObject({ formatVersion: 1, importable: 4 });
    expect(preview.keys.map((key) => [key.keyId, key.problem, key.duplicateOf])).toEqual(keys.map(({ key }) => [key.keyId, undefined, undefined]));
    expectNoKeyMaterial(preview, keys.map(({ bytes }) => bytes));

    const result = await target.bundles.importAll(bundle, PASSPHRASE);

    expect(result.duplicates).toEqual([]);
    expect(result.imported.map(comparable)).toEqual(ids.map((id) => comparable(source.service.getKey(id))));
    for (const [index, imported] of result.imported.entries()) {
      expect(Buffer.from(target.service.readOriginalBytes(imported.id)).equals(Buffer.from(keys[index]?.bytes ?? []))).toBe(true);
    }
    expect(target.vault.events(0, 1).events[0]?.summary).toMatch(/from an encrypted bundle$/);
  });

  it('leaves behind the metadata not chosen', async () => {
    const { source, ids } = await sourceVault();
    const bundle = await source.bundles.create(ids, PASSPHRASE, { metadata: ['tags'] });
    const target = await bundleFixture();

    const { imported } = await target.bundles.importAll(bundle, PASSPHRASE);

    expect(imported[0]).toMatchObject({ tags: ['ci'], notes: '', revoked: false });
    expect(imported[0]).not.toHaveProperty('environment');
    expect(imported[1]).toMatchObject({ bundleIds: [], revoked: false });
  });

  it('reports the keys the vault already holds and imports only the others', async () => {
    const { source, keys, ids } = await sourceVault();
    const bundle = await source.bundles.create(ids, PASSPHRASE, { metadata: BUNDLE_METADATA_FIELDS });
    const target = await bundleFixture();
    const already = await target.service.importKey({
      source: { type: 'file', path: target.writeKeyFile('AuthKey_TEAMKEY001.p8', keys[0]?.bytes ?? new Uint8Array()) },
      issuerId: OTHER_ISSUER_ID,
    });

    const preview = await target.bundles.preview(bundle, PASSPHRASE);
    expect(preview.importable).toBe(3);
    expect(preview.keys[0]?.duplicateOf).toEqual(already.key);

    const result = await target.bundles.importAll(bundle, PASSPHRASE);
    expect(result.duplicates).toEqual([{ keyId: 'TEAMKEY001', name: 'CI uploads', existing: already.key }]);
    expect(result.imported.map((key) => key.keyId)).toEqual(['IAPKEY0001', 'INDVKEY001', 'SECONEKEY1']);
    expect(target.service.listKeys()).toHaveLength(4);
  });

  it('imports nothing when any one key would be refused by a normal import, and says which', async () => {
    const { source, ids } = await sourceVault();
    const bundle = await source.bundles.create(ids, PASSPHRASE);
    const target = await bundleFixture();
    // Another key under one of the bundle's Key IDs.
    await target.service.importKey({
      source: { type: 'file', path: target.writeKeyFile('SubscriptionKey_IAPKEY0001.p8', appStoreConnectP8(generateP256Key())) },
      issuerId: OTHER_ISSUER_ID,
    });
    const before = vaultState(target.service, target.vault);

    const preview = await target.bundles.preview(bundle, PASSPHRASE);
    expect(preview.keys[1]?.problem?.code).toBe('KEY_ID_IN_USE');
    expect(preview.importable).toBe(3);

    const error = await refusal(() => target.bundles.importAll(bundle, PASSPHRASE));
    expect(error.code).toBe('KEY_ID_IN_USE');
    expect(error.message).toMatch(/^Key 2 of 4 \(IAPKEY0001\): /);
    expect(vaultState(target.service, target.vault)).toEqual(before);
  });

  it('rolls every key back when one fails its read-back inside the import transaction', async () => {
    const { source, ids } = await sourceVault();
    const bundle = await source.bundles.create(ids, PASSPHRASE);
    const target = await bundleFixture();
    const before = vaultState(target.service, target.vault);
    const readBack = target.vault.withSecretField.bind(target.vault);
    let originalsRead = 0;
    // The second key's original file reads back with its first byte changed, as a failing disk might.
    vi.spyOn(target.vault, 'withSecretField').mockImplementation(((id: string, field: string, use: (bytes: Buffer) => unknown) =>
      readBack(id, field, (bytes) => {
        if (field !== 'original' || ++originalsRead !== 2) return use(bytes);
        return use(Buffer.concat([Buffer.from(bytes[0] === 0x41 ? 'B' : 'A'), bytes.subarray(1)]));
      })) as typeof target.vault.withSecretField);

    expect((await refusal(() => target.bundles.importAll(bundle, PASSPHRASE))).code).toBe('IMPORT_NOT_VERIFIED');

    expect(originalsRead).toBe(2);
    expect(vaultState(target.service, target.vault)).toEqual(before);
  });

  it('refuses, before any preview, an entry whose PEM is not the key its file and fingerprint say', async () => {
    const { source, keys, ids } = await sourceVault();
    const payload = await payloadOf(source, keys, ids);
    const [first] = payload.keys;
    if (first) first.privateKeyPem = appStoreConnectP8(generateP256Key());
    const bundle = await encryptPayload(payload);
    const target = await bundleFixture();
    const before = vaultState(target.service, target.vault);

    for (const open of [() => target.bundles.preview(bundle, PASSPHRASE), () => target.bundles.importAll(bundle, PASSPHRASE)]) {
      expect(await refusal(open)).toMatchObject({ code: 'BUNDLE_MALFORMED', message: expect.stringContaining('Key 1 of 4 (TEAMKEY001): its privateKeyPem and p8Base64 are two different keys') });
    }
    expect(vaultState(target.service, target.vault)).toEqual(before);
  });
});

/** The payload a source vault would write for these keys, as plain JSON to change. */
async function payloadOf(source: KeyServiceFixture, keys: ImportedTestKey[], ids: string[]) {
  return buildBundlePayload(
    ids.map((id, index) => ({ record: source.service.getKey(id), originalBytes: keys[index]?.bytes ?? new Uint8Array(), pkcs8Pem: source.service.readPkcs8Pem(id) })),
    BUNDLE_METADATA_FIELDS,
    new Date(),
  ) as unknown as { keys: Array<Record<string, unknown>> };
}

describe('bundles written by hand', () => {
  // A key the format accepts but a normal import refuses: the preview shows that import's code on the key, and the import refuses with it.
  const refusedByImport: Array<[what: string, code: ErrorCode, change: (key: Record<string, unknown>) => void]> = [
    ['a team key without an Issuer ID', 'BAD_ISSUER_ID', (key) => delete key.issuerId],
    ['a team key with issuerId null', 'BAD_ISSUER_ID', (key) => (key.issuerId = null)],
    ['a file name that names another Key ID', 'KEY_ID_MISMATCH', (key) => (key.fileName = 'AuthKey_OTHERKEY01.p8')],
    ['an AuthKey_ file name on an In-App Purchase key', 'KIND_MISMATCH', (key) => (key.kind = 'in-app-purchase')],
    ['a Key ID that is not one', 'BAD_KEY_ID', (key) => Object.assign(key, { keyId: 'TEAM-KEY-1', fileName: undefined })],
  ];

  it.each(refusedByImport)('%s is refused as an import refuses it (%s), importing nothing', async (_what, code, change) => {
    const { source, keys, ids } = await sourceVault();
    const payload = await payloadOf(source, keys, ids);
    change(payload.keys[0] ?? {});
    const bundle = await encryptPayload(payload);
    const target = await bundleFixture();
    const before = vaultState(target.service, target.vault);

    const preview = await target.bundles.preview(bundle, PASSPHRASE);
    expect(preview.keys.map((key) => key.problem?.code)).toEqual([code, undefined, undefined, undefined]);
    expect(preview.importable).toBe(3);
    const error = await refusal(() => target.bundles.importAll(bundle, PASSPHRASE));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^Key 1 of 4 \(/);
    expect(vaultState(target.service, target.vault)).toEqual(before);
  });

  it('imports keys with only kind, name, Key ID, Issuer ID and PEM, filling in the rest as a file import would', async () => {
    const { source, keys, ids } = await sourceVault();
    const payload = await payloadOf(source, keys, ids);
    for (const key of payload.keys) {
      for (const field of ['fileName', 'fingerprint', 'p8Base64', 'bundleIds', 'notes', 'tags', 'environment', 'revoked', 'revokedAt']) delete key[field];
      if (key.kind === 'asc-individual') key.issuerId = null;
    }
    const target = await bundleFixture();

    const { imported } = await target.bundles.importAll(await encryptPayload(payload), PASSPHRASE);

    expect(imported.map(({ keyId, originalFileName, fingerprint, issuerId, revoked }) => ({ keyId, originalFileName, fingerprint, issuerId, revoked }))).toEqual(
      ids.map((id) => {
        const { keyId, kind, fingerprint, issuerId } = source.service.getKey(id);
        return { keyId, originalFileName: `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`, fingerprint, issuerId, revoked: false };
      }),
    );
    // Without p8Base64 the stored file is the PEM text written, here the PKCS#8 PEM of each key (the SEC1 one too).
    for (const [index, key] of imported.entries()) {
      expect(Buffer.from(target.service.readOriginalBytes(key.id)).toString('utf8')).toBe(payload.keys[index]?.privateKeyPem);
    }
  });
});

describe('bad bundles', () => {
  const spoil: Array<[name: string, code: ErrorCode, spoil: (bundle: string) => string, passphrase?: string]> = [
    [
      'a tampered bundle',
      'BUNDLE_DAMAGED',
      (bundle) => {
        const binary = armor.decode(bundle);
        binary[binary.length - 5] = (binary[binary.length - 5] ?? 0) ^ 0x80;
        return armor.encode(binary);
      },
    ],
    ['a truncated bundle', 'BUNDLE_TRUNCATED', (bundle) => bundle.slice(0, Math.floor(bundle.length * 0.6))],
    ['the wrong passphrase', 'BUNDLE_WRONG_PASSPHRASE', (bundle) => bundle, 'otter-marble-quilt-sunny-anchor-thorn'],
  ];

  it.each(spoil)('%s gives %s and imports nothing', async (_name, code, change, passphrase) => {
    const { source, ids } = await sourceVault();
    const bundle = change(await source.bundles.create(ids, PASSPHRASE));
    const target = await bundleFixture();
    const before = vaultState(target.service, target.vault);

    expect((await refusal(() => target.bundles.preview(bundle, passphrase ?? PASSPHRASE))).code).toBe(code);
    expect((await refusal(() => target.bundles.importAll(bundle, passphrase ?? PASSPHRASE))).code).toBe(code);
    expect(vaultState(target.service, target.vault)).toEqual(before);
  });

  it('refuses a file over 8 MiB from its size, before reading it', async () => {
    const target = await bundleFixture();
    const file = path.join(tempFolder(), 'huge.age');
    writeFileSync(file, '');
    truncateSync(file, 8 * 1024 * 1024 + 1);
    expect((await refusal(() => target.bundles.readFile(file))).code).toBe('BUNDLE_TOO_LARGE');
  });

  it('refuses a weak passphrase and an existing file when making one, recording nothing', async () => {
    const { source, ids } = await sourceVault();
    const folder = tempFolder();
    const before = vaultState(source.service, source.vault);

    expect((await refusal(() => source.bundles.write(ids, 'short', path.join(folder, 'a.age')))).code).toBe('WEAK_PASSPHRASE');
    writeFileSync(path.join(folder, 'b.age'), 'keep me');
    expect((await refusal(() => source.bundles.write(ids, PASSPHRASE, path.join(folder, 'b.age')))).code).toBe('FILE_EXISTS');
    expect(vaultState(source.service, source.vault)).toEqual(before);
  });

  it('needs the vault unlocked to preview or import, so duplicates can be told', async () => {
    const { source, ids } = await sourceVault();
    const bundle = await source.bundles.create(ids, PASSPHRASE);
    const target = await bundleFixture();
    target.vault.lock();
    expect((await refusal(() => target.bundles.importAll(bundle, PASSPHRASE))).code).toBe('VAULT_LOCKED');
    expect(utf8(bundle).length).toBeGreaterThan(0);
  });
});
