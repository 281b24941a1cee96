import { describe, expect, it } from 'vitest';
import { KeyService } from '../../../src-main/keys/key-service';
import { parseP8 } from '../../../src-main/keys/parse-p8';
import type { KeyImportRequest, KeySourceFormat } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, fingerprintOf, generateP256Key, pemBody } from '../../helpers/keys';
import { TEST_PASSPHRASE, vaultAt } from '../../helpers/temp-vault';
import { bytesOf, ISSUER_ID, keyServiceFixture, refusal, sameBytes } from './key-service-fixtures';

interface AcceptedCase {
  name: string;
  /** File contents, or text on main's clipboard. */
  input: { file: string | Uint8Array } | { pasted: string };
  sourceFormat: KeySourceFormat;
  notices: number;
}

const key = generateP256Key();
const downloaded = appStoreConnectP8(key);
const KEY_ID = 'ABCDE12345';
const FILE_NAME = `AuthKey_${KEY_ID}.p8`;
const wrap = (text: string, columns: number) => (text.match(new RegExp(`.{1,${columns}}`, 'g')) ?? []).join('\n');
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytesOf(text)]);

const catalogue: AcceptedCase[] = [
  { name: 'the file as App Store Connect delivers it (LF)', input: { file: downloaded }, sourceFormat: 'pkcs8', notices: 0 },
  { name: 'CRLF line ends', input: { file: downloaded.replace(/\n/g, '\r\n') }, sourceFormat: 'pkcs8', notices: 0 },
  { name: 'a UTF-8 byte order mark', input: { file: withBom(downloaded) }, sourceFormat: 'pkcs8', notices: 0 },
  { name: 'no final newline', input: { file: downloaded.trimEnd() }, sourceFormat: 'pkcs8', notices: 0 },
  { name: 'a SEC1 P-256 key', input: { file: key.export({ type: 'sec1', format: 'pem' }).toString() }, sourceFormat: 'sec1', notices: 1 },
  { name: 'pasted text with literal \\n', input: { pasted: downloaded.replace(/\n/g, '\\n') }, sourceFormat: 'pkcs8', notices: 0 },
  {
    name: 'pasted base64 of the PEM file, wrapped at 76 columns',
    input: { pasted: wrap(Buffer.from(downloaded).toString('base64'), 76) },
    sourceFormat: 'pkcs8',
    notices: 0,
  },
  { name: 'a pasted bare SEC1 body without armour lines', input: { pasted: pemBody(key.export({ type: 'sec1', format: 'pem' }).toString()) }, sourceFormat: 'sec1', notices: 1 },
  { name: 'a pasted key missing its END line', input: { pasted: downloaded.replace(/-----END PRIVATE KEY-----\n$/, '') }, sourceFormat: 'pkcs8', notices: 0 },
];

function importRequest(input: AcceptedCase['input'], writeKeyFile: (name: string, contents: string | Uint8Array) => string): KeyImportRequest {
  if ('file' in input) return { source: { type: 'file', path: writeKeyFile(FILE_NAME, input.file) }, issuerId: ISSUER_ID };
  return { source: { type: 'clipboard' }, kind: 'asc-team', keyId: KEY_ID.toLowerCase(), issuerId: ISSUER_ID };
}

describe('key import acceptance', () => {
  it.each(catalogue)('imports $name as the same key', async ({ input, sourceFormat, notices }) => {
    const { service, vault, writeKeyFile, clipboard } = await keyServiceFixture();
    if ('pasted' in input) clipboard.text = input.pasted;

    const result = await service.importKey(importRequest(input, writeKeyFile));

    expect(result.key).toMatchObject({
      kind: 'asc-team',
      keyId: KEY_ID,
      issuerId: ISSUER_ID,
      name: `App Store Connect API team key ${KEY_ID}`,
      originalFileName: FILE_NAME,
      fingerprint: fingerprintOf(key),
      sourceFormat,
      revoked: false,
      exports: [],
    });
    expect(result.notices).toHaveLength(notices);
    expect(service.listKeys()).toEqual([result.key]);
    expect(service.readPkcs8Pem(result.key.id)).toBe(key.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(parseP8(service.readOriginalBytes(result.key.id)).fingerprint).toBe(fingerprintOf(key));
    expect(vault.events(0, 1).events[0]).toMatchObject({ type: 'key.added', itemId: result.key.id });
  });

  it('tells the user that a SEC1 key is not Apple’s original file and that exports use PKCS#8', async () => {
    const { service, writeKeyFile } = await keyServiceFixture();
    const { notices } = await service.importKey({
      source: { type: 'file', path: writeKeyFile(FILE_NAME, key.export({ type: 'sec1', format: 'pem' }).toString()) },
      issuerId: ISSUER_ID,
    });
    expect(notices).toEqual([expect.stringMatching(/SEC1.*not Apple’s original file.*PKCS#8/s)]);
  });

  it('takes kind and Key ID from a file name given with pasted text', async () => {
    const { service, clipboard } = await keyServiceFixture();
    clipboard.text = downloaded;
    const { key: summary } = await service.importKey({ source: { type: 'clipboard', fileName: `SubscriptionKey_${KEY_ID}.p8` }, issuerId: ISSUER_ID });
    expect(summary).toMatchObject({ kind: 'in-app-purchase', keyId: KEY_ID, name: `In-App Purchase key ${KEY_ID}`, originalFileName: `SubscriptionKey_${KEY_ID}.p8` });
  });

  it('keeps the file name of a browser’s second download and what the user typed, tidied', async () => {
    const { service, writeKeyFile } = await keyServiceFixture();
    const { key: summary } = await service.importKey({
      source: { type: 'file', path: writeKeyFile(`AuthKey_${KEY_ID} (1).p8`, downloaded) },
      kind: 'asc-team',
      keyId: ` ${KEY_ID.toLowerCase()} `,
      issuerId: ` "${ISSUER_ID.toUpperCase()}" `,
      bundleIds: [' com.example.app ', 'com.example.app', 'com.example.widget'],
      name: '  Prod API  ',
      notes: '  from the team vault  ',
      tags: ['ci', ' CI ', '', 'release'],
      environment: 'production',
    });
    expect(summary).toMatchObject({
      name: 'Prod API',
      keyId: KEY_ID,
      issuerId: ISSUER_ID,
      originalFileName: `AuthKey_${KEY_ID} (1).p8`,
      bundleIds: ['com.example.app', 'com.example.widget'],
      notes: 'from the team vault',
      tags: ['ci', 'release'],
      environment: 'production',
    });
  });

  it('imports an individual key without an Issuer ID', async () => {
    const { service, writeKeyFile } = await keyServiceFixture();
    const { key: summary } = await service.importKey({ source: { type: 'file', path: writeKeyFile(FILE_NAME, downloaded) }, kind: 'asc-individual', issuerId: '' });
    expect(summary.kind).toBe('asc-individual');
    expect(summary).not.toHaveProperty('issuerId');
    expect(summary.name).toBe(`App Store Connect API individual key ${KEY_ID}`);
  });
});

describe('key round trip', () => {
  it.each([
    ['LF', bytesOf(downloaded)],
    ['CRLF', bytesOf(downloaded.replace(/\n/g, '\r\n'))],
    ['BOM', withBom(downloaded)],
  ])('gives back the %s file byte for byte, also after lock and unlock', async (_name, source) => {
    const { service, vault, file, writeKeyFile } = await keyServiceFixture();
    const { key: summary } = await service.importKey({ source: { type: 'file', path: writeKeyFile(FILE_NAME, source) }, issuerId: ISSUER_ID });
    expect(sameBytes(service.readOriginalBytes(summary.id), source)).toBe(true);

    vault.lock();
    expect((await refusal(() => service.readOriginalBytes(summary.id))).code).toBe('VAULT_LOCKED');
    await vault.unlock(TEST_PASSPHRASE);
    expect(sameBytes(service.readOriginalBytes(summary.id), source)).toBe(true);
    expect(service.getKey(summary.id)).toEqual(summary);
    vault.lock();

    const reopened = vaultAt(file);
    await reopened.unlock(TEST_PASSPHRASE);
    const fresh = new KeyService({ vault: reopened });
    expect(fresh.listKeys()).toEqual([summary]);
    expect(sameBytes(fresh.readOriginalBytes(summary.id), source)).toBe(true);
    expect(pemBody(fresh.readPkcs8Pem(summary.id))).toBe(pemBody(key.export({ type: 'pkcs8', format: 'pem' }).toString()));
    reopened.lock();
  });
});
