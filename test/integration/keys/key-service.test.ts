import { createPublicKey, type KeyObject } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { Vault } from '../../../src-main/vault/vault';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeyImportRequest, KeySummary, KeyUpdate } from '../../../src-shared/keys/key-record';
import type { AuditEvent } from '../../../src-shared/vault/audit-event';
import { appStoreConnectP8, generateP256Key, pemBody } from '../../helpers/keys';
import { TEST_KDF_COST, TEST_PASSPHRASE } from '../../helpers/temp-vault';
import { ISSUER_ID, keyServiceFixture, OTHER_ISSUER_ID, refusal, vaultState, type KeyServiceFixture } from './key-service-fixtures';

interface SeedKey {
  keyId: string;
  kind: KeyKind;
  issuerId?: string;
  extra?: Partial<Omit<KeyImportRequest, 'source' | 'kind' | 'keyId' | 'issuerId'>>;
}

async function importNew(fixture: KeyServiceFixture, { keyId, kind, issuerId, extra }: SeedKey, key: KeyObject = generateP256Key()): Promise<KeySummary> {
  const fileName = `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`;
  const path = fixture.writeKeyFile(fileName, appStoreConnectP8(key));
  const issuer = issuerId ?? (kind === 'asc-individual' ? undefined : ISSUER_ID);
  return (await fixture.service.importKey({ source: { type: 'file', path }, kind, ...(issuer ? { issuerId: issuer } : {}), ...extra })).key;
}

const newestEvent = (fixture: KeyServiceFixture): AuditEvent | undefined => fixture.vault.events(0, 1).events[0];

describe('listing and searching keys', () => {
  it('lists active keys before revoked ones, then by name and Key ID, ignoring case', async () => {
    const fixture = await keyServiceFixture();
    const zulu = await importNew(fixture, { keyId: 'ZZZZZ00001', kind: 'asc-team', extra: { name: 'zulu' } });
    const alphaB = await importNew(fixture, { keyId: 'BBBBB00001', kind: 'asc-team', extra: { name: 'Alpha' } });
    const alphaA = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'in-app-purchase', extra: { name: 'alpha' } });
    const beta = await importNew(fixture, { keyId: 'CCCCC00001', kind: 'asc-individual', extra: { name: 'Beta' } });
    const revoked = await importNew(fixture, { keyId: 'DDDDD00001', kind: 'asc-team', extra: { name: 'Aardvark' } });
    fixture.service.revokeKey(revoked.id);

    expect(fixture.service.listKeys().map((key) => key.keyId)).toEqual([alphaA, alphaB, beta, zulu, revoked].map((key) => key.keyId));
  });

  it.each([
    ['a part of the name, in another case', 'PAYMENTS', ['AAAAA00001']],
    ['a Key ID in lower case', 'bbbbb00001', ['BBBBB00001']],
    ['an Issuer ID', OTHER_ISSUER_ID.slice(0, 13), ['BBBBB00001']],
    ['a bundle ID', 'com.example.game', ['AAAAA00001']],
    ['a tag', 'staging', ['BBBBB00001']],
    ['a word from the notes', 'rotated', ['CCCCC00001']],
    ['several terms, all of which must match', '  payments   com.example.shop ', ['AAAAA00001']],
    ['several terms that match different keys only', 'payments staging', []],
    ['nothing', '   ', ['BBBBB00001', 'AAAAA00001', 'CCCCC00001']],
  ])('finds keys by %s', async (_name, query, expected) => {
    const fixture = await keyServiceFixture();
    await importNew(fixture, {
      keyId: 'AAAAA00001',
      kind: 'in-app-purchase',
      extra: { name: 'Game payments', bundleIds: ['com.example.game', 'com.example.shop'], tags: ['prod'] },
    });
    await importNew(fixture, { keyId: 'BBBBB00001', kind: 'asc-team', issuerId: OTHER_ISSUER_ID, extra: { name: 'CI uploads', tags: ['staging'] } });
    await importNew(fixture, { keyId: 'CCCCC00001', kind: 'asc-individual', extra: { name: 'My own key', notes: 'Rotated in March' } });

    expect(fixture.service.listKeys(query).map((key) => key.keyId)).toEqual(expected);
  });

  it('offers the distinct Issuer IDs already in the vault', async () => {
    const fixture = await keyServiceFixture();
    await importNew(fixture, { keyId: 'AAAAA00001', kind: 'in-app-purchase' });
    await importNew(fixture, { keyId: 'BBBBB00001', kind: 'asc-team', issuerId: OTHER_ISSUER_ID.toUpperCase() });
    await importNew(fixture, { keyId: 'CCCCC00001', kind: 'asc-team' });
    await importNew(fixture, { keyId: 'DDDDD00001', kind: 'asc-individual' });

    expect(fixture.service.issuerIds()).toEqual([ISSUER_ID, OTHER_ISSUER_ID].sort());
  });

  it('ignores vault items that are not keys', async () => {
    const fixture = await keyServiceFixture();
    const other = fixture.vault.transaction((writer) => writer.putItem({ data: { recordType: 'note', name: 'not a key' }, secret: {} }));
    expect(fixture.service.listKeys()).toEqual([]);
    expect((await refusal(() => fixture.service.getKey(other.id))).code).toBe('NOT_FOUND');
  });
});

describe('editing keys', () => {
  it('changes the editable fields, tidied, and records which ones changed', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'in-app-purchase' });

    const updated = fixture.service.updateKey(key.id, {
      name: ' Game payments ',
      notes: 'Used by the server',
      tags: ['prod', 'PROD', ' server '],
      bundleIds: ['com.example.game '],
      issuerId: OTHER_ISSUER_ID.toUpperCase(),
      environment: 'sandbox',
    });

    expect(updated).toEqual({
      ...key,
      name: 'Game payments',
      notes: 'Used by the server',
      tags: ['prod', 'server'],
      bundleIds: ['com.example.game'],
      issuerId: OTHER_ISSUER_ID,
      environment: 'sandbox',
      updatedAt: updated.updatedAt,
    });
    expect(updated.updatedAt > key.updatedAt).toBe(true);
    expect(fixture.service.getKey(key.id)).toEqual(updated);
    expect(newestEvent(fixture)).toMatchObject({
      type: 'key.edited',
      itemId: key.id,
      summary: 'Edited "Game payments" (AAAAA00001): name, notes, tags, bundle IDs, Issuer ID, environment',
    });
  });

  it('keeps Key ID, kind and the key itself, whatever else the request carries', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team' });
    const pemBefore = fixture.service.readPkcs8Pem(key.id);
    const sneaky = { name: 'Renamed', keyId: 'ZZZZZ99999', kind: 'in-app-purchase', fingerprint: 'f', publicKeyPem: 'x' } as KeyUpdate;

    const updated = fixture.service.updateKey(key.id, sneaky);

    expect(updated).toMatchObject({ name: 'Renamed', keyId: key.keyId, kind: key.kind, fingerprint: key.fingerprint, publicKeyPem: key.publicKeyPem });
    expect(fixture.service.readPkcs8Pem(key.id)).toBe(pemBefore);
  });

  it('restores the default name when the name is cleared, and clears the environment with null', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team', extra: { name: 'Uploads', environment: 'both' } });
    const updated = fixture.service.updateKey(key.id, { name: '  ', environment: null });
    expect(updated.name).toBe('App Store Connect API team key AAAAA00001');
    expect(updated).not.toHaveProperty('environment');
  });

  it('writes nothing when nothing changes', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team', extra: { name: 'Uploads', tags: ['ci'] } });
    const before = vaultState(fixture.service, fixture.vault);
    expect(fixture.service.updateKey(key.id, { name: 'Uploads ', tags: ['ci'], issuerId: ISSUER_ID })).toEqual(key);
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);
  });

  it.each<[string, KeyKind, KeyUpdate, string]>([
    ['an Issuer ID for an individual key', 'asc-individual', { issuerId: ISSUER_ID }, 'BAD_ISSUER_ID'],
    ['a blank Issuer ID for a team key', 'asc-team', { issuerId: ' ' }, 'BAD_ISSUER_ID'],
    ['a Key ID as the Issuer ID', 'in-app-purchase', { issuerId: 'AAAAA00001' }, 'BAD_ISSUER_ID'],
    ['a wildcard bundle ID', 'in-app-purchase', { name: 'Renamed', bundleIds: ['com.example.*'] }, 'BAD_BUNDLE_ID'],
    ['an unknown environment', 'in-app-purchase', { environment: 'staging' as 'sandbox' }, 'BAD_REQUEST'],
  ])('refuses %s and changes nothing', async (_name, kind, update, code) => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind });
    const before = vaultState(fixture.service, fixture.vault);
    expect((await refusal(() => fixture.service.updateKey(key.id, update))).code).toBe(code);
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);
  });
});

describe('revoking, restoring and deleting keys', () => {
  it('marks a key revoked with the date, and active again, each with an audit event', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team', extra: { name: 'Uploads' } });

    const revoked = fixture.service.revokeKey(key.id);
    expect(revoked).toMatchObject({ revoked: true, revokedAt: expect.stringMatching(/^2025-06-01T10:\d\d:\d\d\.000Z$/) });
    expect(newestEvent(fixture)).toMatchObject({ type: 'key.revoked', itemId: key.id, summary: 'Marked "Uploads" (AAAAA00001) as revoked' });
    const eventsAfterRevoke = fixture.vault.events(0, 1).total;
    expect(fixture.service.revokeKey(key.id)).toEqual(revoked);
    expect(fixture.vault.events(0, 1).total).toBe(eventsAfterRevoke);

    const restored = fixture.service.unrevokeKey(key.id);
    expect(restored.revoked).toBe(false);
    expect(restored).not.toHaveProperty('revokedAt');
    expect(newestEvent(fixture)).toMatchObject({ type: 'key.unrevoked', itemId: key.id });
    expect(fixture.service.unrevokeKey(key.id)).toEqual(restored);
  });

  it('deletes only when the typed Key ID matches, ignoring case and surrounding spaces', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team', extra: { name: 'Uploads' } });
    const before = vaultState(fixture.service, fixture.vault);

    for (const typed of ['', 'AAAAA00002', 'Uploads']) {
      const error = await refusal(() => fixture.service.deleteKey(key.id, typed));
      expect(error.code).toBe('CONFIRMATION_MISMATCH');
      expect(error.message).toContain('AAAAA00001');
    }
    expect(vaultState(fixture.service, fixture.vault)).toEqual(before);

    fixture.service.deleteKey(key.id, '  aaaaa00001 ');
    expect(fixture.service.listKeys()).toEqual([]);
    expect(newestEvent(fixture)).toMatchObject({ type: 'key.deleted', itemId: key.id, summary: 'Deleted "Uploads" (AAAAA00001)' });
    expect((await refusal(() => fixture.service.getKey(key.id))).code).toBe('NOT_FOUND');
  });

  it('lets a deleted key be imported again', async () => {
    const fixture = await keyServiceFixture();
    const pem = generateP256Key();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team' }, pem);
    fixture.service.deleteKey(key.id, key.keyId);
    const again = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'asc-team' }, pem);
    expect(again.fingerprint).toBe(key.fingerprint);
    expect(again.id).not.toBe(key.id);
  });

  it('records exports on the key and in the audit log', async () => {
    const fixture = await keyServiceFixture();
    const key = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'in-app-purchase', extra: { name: 'Payments' } });
    const exported = fixture.service.recordExport(key.id, 'revenuecat');
    expect(exported.exports).toEqual([{ target: 'revenuecat', at: expect.any(String) }]);
    expect(newestEvent(fixture)).toMatchObject({ type: 'key.exported', itemId: key.id, summary: 'Exported "Payments" (AAAAA00001) to RevenueCat' });
    expect(fixture.service.recordExport(key.id, 'fastlane').exports.map((entry) => entry.target)).toEqual(['revenuecat', 'fastlane']);
  });

  it('lists when each key was last used: its newest export or token signed with it', async () => {
    const fixture = await keyServiceFixture();
    const exported = await importNew(fixture, { keyId: 'AAAAA00001', kind: 'in-app-purchase' });
    const signed = await importNew(fixture, { keyId: 'BBBBB00001', kind: 'asc-team' });
    await importNew(fixture, { keyId: 'CCCCC00001', kind: 'asc-team' });
    fixture.service.recordExport(exported.id, 'revenuecat');
    fixture.vault.transaction((writer) => writer.appendEvent({ type: 'token.issued', summary: 'Signed a token', itemId: signed.id }));
    fixture.service.recordExport(exported.id, 'adapty');
    const events = fixture.vault.events(0, 3).events;

    const lastUsed = Object.fromEntries(fixture.service.listKeysWithLastUse().map((key) => [key.keyId, key.lastUsedAt]));
    expect(lastUsed).toEqual({ AAAAA00001: events[0]!.at, BBBBB00001: events[1]!.at, CCCCC00001: undefined });
  });
});

describe('refusals outside import', () => {
  const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
  it.each<[string, (service: KeyService) => unknown]>([
    ['getKey', (service) => service.getKey(UNKNOWN_ID)],
    ['updateKey', (service) => service.updateKey(UNKNOWN_ID, { name: 'x' })],
    ['revokeKey', (service) => service.revokeKey(UNKNOWN_ID)],
    ['unrevokeKey', (service) => service.unrevokeKey(UNKNOWN_ID)],
    ['deleteKey', (service) => service.deleteKey(UNKNOWN_ID, 'AAAAA00001')],
    ['readOriginalBytes', (service) => service.readOriginalBytes(UNKNOWN_ID)],
    ['readPkcs8Pem', (service) => service.readPkcs8Pem(UNKNOWN_ID)],
    ['recordExport', (service) => service.recordExport(UNKNOWN_ID, 'fastlane')],
  ])('%s of an unknown id is NOT_FOUND with a message for the user', async (_name, call) => {
    const { service } = await keyServiceFixture();
    const error = await refusal(() => call(service));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/no longer in the vault/);
  });

  it('refuses an import into a locked vault before reading the file', async () => {
    const readFile = vi.fn(() => new Uint8Array());
    const fixture = await keyServiceFixture({ readFile });
    fixture.vault.lock();
    const error = await refusal(() => fixture.service.importKey({ source: { type: 'file', path: '/any/AuthKey_AAAAA00001.p8' }, issuerId: ISSUER_ID }));
    expect(error.code).toBe('VAULT_LOCKED');
    expect(readFile).not.toHaveBeenCalled();
  });

  it('refuses a pasted import where main has no clipboard', async () => {
    const fixture = await keyServiceFixture();
    const service = new KeyService({ vault: fixture.vault });
    const error = await refusal(() => service.importKey({ source: { type: 'clipboard' }, kind: 'asc-team', keyId: 'AAAAA00001', issuerId: ISSUER_ID }));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('rolls an import back when the stored key does not read back as imported', async () => {
    const fixture = await keyServiceFixture();
    /** Hands back a secret whose original file has lost its last byte, as a failing disk might. */
    class ForgetfulVault extends Vault {
      override withSecretField<Result>(id: string, field: string, use: (bytes: Buffer) => Result): Result {
        return super.withSecretField(id, field, (bytes) =>
          field === 'original' ? use(Buffer.from(Buffer.from(bytes.toString(), 'base64').subarray(0, -1).toString('base64'))) : use(bytes),
        );
      }
    }
    fixture.vault.lock();
    const vault = new ForgetfulVault({ path: fixture.file, kdfCost: TEST_KDF_COST });
    await vault.unlock(TEST_PASSPHRASE);
    const service = new KeyService({ vault });
    const before = vaultState(service, vault);

    const path = fixture.writeKeyFile('AuthKey_AAAAA00001.p8', appStoreConnectP8(generateP256Key()));
    const error = await refusal(() => service.importKey({ source: { type: 'file', path }, issuerId: ISSUER_ID }));

    expect(error.code).toBe('IMPORT_NOT_VERIFIED');
    expect(vaultState(service, vault)).toEqual(before);
    vault.lock();
  });
});

/**
 * The private scalar in every encoding, and every 64-character line of every private PEM body, so a partial copy
 * is caught as well as a whole one. Lines that hold only the public point (which the public key PEM shows) are left out.
 */
function privateFragments(key: KeyObject): string[] {
  const publicBody = pemBody(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
  const d = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
  const bodies = [appStoreConnectP8(key), key.export({ type: 'pkcs8', format: 'pem' }).toString(), key.export({ type: 'sec1', format: 'pem' }).toString()].map(pemBody);
  const lines = bodies.flatMap((body) => body.match(/.{1,64}/g) ?? []).filter((line) => !publicBody.includes(line));
  return [d.toString('base64'), d.toString('base64url'), d.toString('hex'), ...bodies, ...lines];
}

describe('what leaves the key service', () => {
  it('never returns private key text, in any summary, notice, list or audit event', async () => {
    const fixture = await keyServiceFixture();
    const { service, clipboard } = fixture;
    const keys = [generateP256Key(), generateP256Key(), generateP256Key()];
    const [fileKey, sec1Key, pastedKey] = keys as [KeyObject, KeyObject, KeyObject];
    const returned: unknown[] = [];
    const keep = <T>(value: T): T => {
      returned.push(value);
      return value;
    };

    const fromFile = keep(
      await service.importKey({
        source: { type: 'file', path: fixture.writeKeyFile('SubscriptionKey_AAAAA00001.p8', appStoreConnectP8(fileKey)) },
        issuerId: ISSUER_ID,
        bundleIds: ['com.example.game'],
      }),
    ).key;
    keep(
      await service.importKey({
        source: { type: 'file', path: fixture.writeKeyFile('AuthKey_BBBBB00001.p8', sec1Key.export({ type: 'sec1', format: 'pem' }).toString()) },
        issuerId: ISSUER_ID,
      }),
    );
    clipboard.text = appStoreConnectP8(pastedKey).replace(/\n/g, '\\n');
    keep(await service.importKey({ source: { type: 'clipboard' }, kind: 'asc-individual', keyId: 'CCCCC00001' }));
    keep(service.listKeys());
    keep(service.listKeys('example'));
    keep(service.getKey(fromFile.id));
    keep(service.updateKey(fromFile.id, { notes: 'server key', tags: ['prod'] }));
    keep(service.revokeKey(fromFile.id));
    keep(service.unrevokeKey(fromFile.id));
    keep(service.recordExport(fromFile.id, 'revenuecat'));
    keep(service.issuerIds());
    keep(fixture.vault.events(0, 100));

    const fragments = keys.flatMap(privateFragments);
    expect(fragments.length).toBeGreaterThan(keys.length * 6);
    for (const value of returned) {
      const json = JSON.stringify(value);
      expect(json).not.toContain('PRIVATE KEY');
      for (const fragment of fragments) expect(json).not.toContain(fragment);
    }
  });
});
