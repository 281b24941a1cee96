import { describe, expect, it } from 'vitest';
import { ItemPlaintextUnreadable, readItemData, readSecretField, replaceItemData } from '../../../src-main/vault/item-plaintext';

// As pending-write.ts writes a record: JSON.stringify({ data, secret }).
const data = { name: 'CI key, "quoted", with ,"secret": in it', nested: { secret: 'not this one' }, bundleIds: ['com.example.app'] };
const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
const secret = { original: Buffer.from(pem).toString('base64'), pkcs8Pem: pem };
const plaintext = () => Buffer.from(JSON.stringify({ data, secret }), 'utf8');

describe('reading a record’s plaintext without parsing its secret', () => {
  it('reads the data as JSON.parse would, even with secret-looking text inside it', () => {
    expect(readItemData(plaintext())).toEqual(data);
  });

  it('reads each secret field as the bytes JSON.parse would make a string of, escapes undone', () => {
    expect(readSecretField(plaintext(), 'pkcs8Pem').toString('utf8')).toBe(pem);
    expect(readSecretField(plaintext(), 'original').toString('utf8')).toBe(secret.original);
    const escaped = Buffer.from(JSON.stringify({ data, secret: { text: 'a\\b"c/d\r\n\te' } }));
    expect(readSecretField(escaped, 'text').toString('utf8')).toBe('a\\b"c/d\r\n\te');
  });

  it('replaces the data and keeps the secret byte for byte', () => {
    const next = { ...data, name: 'Renamed' };
    const replaced = replaceItemData(plaintext(), next);
    expect(JSON.parse(replaced.toString('utf8'))).toEqual({ data: next, secret });
  });

  it.each([
    ['another layout', Buffer.from(JSON.stringify({ secret, data }))],
    ['no secret', Buffer.from(JSON.stringify({ data }))],
    ['a field that is not there', Buffer.from(JSON.stringify({ data, secret: { other: 'x' } }))],
    ['a \\u escape, which this app never writes in a secret', Buffer.from('{"data":{},"secret":{"pkcs8Pem":"\\u0041"}}')],
    ['a string that never ends', Buffer.from('{"data":{},"secret":{"pkcs8Pem":"abc}')],
  ])('refuses %s', (_name, bytes) => {
    expect(() => readSecretField(bytes, 'pkcs8Pem')).toThrow(ItemPlaintextUnreadable);
  });
});
