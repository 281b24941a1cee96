import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64Bytes } from '../../../src-main/keys/base64-bytes';

const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('decoding base64 given as bytes', () => {
  it('decodes every length, padded and unpadded, exactly as Node’s base64 does', () => {
    for (let length = 0; length <= 200; length += 1) {
      const bytes = randomBytes(length);
      const padded = bytes.toString('base64');
      expect(decodeBase64Bytes(ascii(padded))).toEqual(bytes);
      expect(decodeBase64Bytes(ascii(padded.replace(/=+$/, '')))).toEqual(bytes);
    }
  });

  it('skips the line breaks and spaces of a PEM body', () => {
    const bytes = randomBytes(121);
    const wrapped = bytes.toString('base64').replace(/.{64}/g, '$&\r\n');
    expect(decodeBase64Bytes(ascii(`\n ${wrapped}\n`))).toEqual(bytes);
  });

  it.each([
    ['a character outside base64', 'QUJD!A=='],
    ['the URL-safe alphabet', 'QUJD-_=='],
    ['base64 after padding', 'QQ==QUJD'],
    ['three padding characters', 'QUJ==='],
    ['padding that does not complete a group', 'QUJDRA='],
    ['a lone character in the last group', 'QUJDR'],
  ])('refuses %s', (_name, text) => {
    expect(decodeBase64Bytes(ascii(text))).toBeUndefined();
  });
});
