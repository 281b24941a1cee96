import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findPrivateKeys } from '../../../src-main/keys/private-key-text';
import { appStoreConnectP8, fingerprintOf, generateP256Key } from '../../helpers/keys';

const p256 = generateP256Key();
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const armour = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;

const cases: Array<{ name: string; text: string; found: Array<{ label: string; fingerprint?: string }> }> = [
  { name: 'an Apple .p8 (PKCS #8)', text: appStoreConnectP8(p256), found: [{ label: 'PRIVATE KEY', fingerprint: fingerprintOf(p256) }] },
  { name: 'a SEC 1 EC key inside other text', text: `host=x\n${p256.export({ type: 'sec1', format: 'pem' }).toString()}port=1\n`, found: [{ label: 'EC PRIVATE KEY', fingerprint: fingerprintOf(p256) }] },
  { name: 'an RSA key', text: rsa.export({ type: 'pkcs1', format: 'pem' }).toString(), found: [{ label: 'RSA PRIVATE KEY', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown as string }] },
  { name: 'an encrypted PKCS #8 key', text: p256.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'otter' }).toString(), found: [{ label: 'ENCRYPTED PRIVATE KEY' }] },
  { name: 'two keys in one file', text: appStoreConnectP8(p256) + appStoreConnectP8(p256), found: [{ label: 'PRIVATE KEY', fingerprint: fingerprintOf(p256) }, { label: 'PRIVATE KEY', fingerprint: fingerprintOf(p256) }] },
  { name: 'armour around no key (documentation)', text: armour('PRIVATE KEY', '...your key here...'), found: [] },
  { name: 'armour around damaged base64', text: armour('PRIVATE KEY', 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg'), found: [] },
  { name: 'a public key', text: p256.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/PRIVATE/g, 'PUBLIC'), found: [] },
  { name: 'mismatched BEGIN and END labels', text: appStoreConnectP8(p256).replace('END PRIVATE KEY', 'END EC PRIVATE KEY'), found: [] },
];

describe('private keys found in text', () => {
  it.each(cases)('$name', ({ text, found }) => {
    expect(findPrivateKeys(text)).toEqual(found);
  });
});
