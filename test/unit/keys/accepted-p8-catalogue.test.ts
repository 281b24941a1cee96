import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ParsedP8 } from '../../../src-main/keys/parse-p8';
import {
  appStoreConnectP8,
  fingerprintOf,
  generateP256Key,
  parseP8Input,
  pemBody,
  utf8,
  type P8Input,
} from '../../helpers/keys';

interface AcceptedP8Case {
  name: string;
  input: P8Input;
  sourceFormat: ParsedP8['sourceFormat'];
}

const key = generateP256Key();
const downloaded = appStoreConnectP8(key);
const body = pemBody(downloaded);
const sec1 = key.export({ type: 'sec1', format: 'pem' }).toString();

const expected = {
  fingerprint: fingerprintOf(key),
  pkcs8Pem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
  publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
};

const file = (text: string | Uint8Array): P8Input => ({ file: typeof text === 'string' ? utf8(text) : text });
const escapeLineEnds = (text: string) => text.replace(/\n/g, '\\n');
const wrap = (text: string, columns: number) => (text.match(new RegExp(`.{1,${columns}}`, 'g')) ?? []).join('\n');
const withoutLine = (pemText: string, which: 'BEGIN' | 'END') => pemText.replace(new RegExp(`-----${which} [A-Z ]+-----\n?`), '');

const catalogue: AcceptedP8Case[] = [
  { name: 'a file as App Store Connect delivers it (MIGTAgEA…)', input: file(downloaded), sourceFormat: 'pkcs8' },
  { name: 'CRLF line ends', input: file(downloaded.replace(/\n/g, '\r\n')), sourceFormat: 'pkcs8' },
  { name: 'a UTF-8 byte order mark', input: file(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(downloaded)])), sourceFormat: 'pkcs8' },
  { name: 'no final newline', input: file(downloaded.trimEnd()), sourceFormat: 'pkcs8' },
  { name: 'white space around the key', input: file(`\n \t\n${downloaded}\n\n  `), sourceFormat: 'pkcs8' },
  { name: 'padding up to exactly 64 KiB', input: file(downloaded.padEnd(64 * 1024, '\n')), sourceFormat: 'pkcs8' },
  { name: 'PKCS#8 without inner curve parameters (MIGHAgEA…)', input: file(expected.pkcs8Pem), sourceFormat: 'pkcs8' },
  { name: 'a SEC1 EC PRIVATE KEY on P-256', input: file(sec1), sourceFormat: 'sec1' },
  { name: 'pasted text with literal \\n', input: { pasted: escapeLineEnds(downloaded) }, sourceFormat: 'pkcs8' },
  { name: 'pasted text with literal \\r\\n', input: { pasted: downloaded.replace(/\n/g, '\\r\\n') }, sourceFormat: 'pkcs8' },
  { name: 'a pasted JSON string', input: { pasted: JSON.stringify(downloaded) }, sourceFormat: 'pkcs8' },
  { name: 'pasted text in single quotes', input: { pasted: ` '${downloaded}'\n` }, sourceFormat: 'pkcs8' },
  {
    name: 'a pasted body on one line between armour lines',
    input: { pasted: `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----` },
    sourceFormat: 'pkcs8',
  },
  { name: 'pasted armour and body joined with spaces', input: { pasted: downloaded.trim().replace(/\n/g, ' ') }, sourceFormat: 'pkcs8' },
  { name: 'pasted base64 of the whole PEM file', input: { pasted: Buffer.from(downloaded).toString('base64') }, sourceFormat: 'pkcs8' },
  {
    name: 'pasted base64 of the whole PEM file, wrapped at 76 columns',
    input: { pasted: wrap(Buffer.from(downloaded).toString('base64'), 76) },
    sourceFormat: 'pkcs8',
  },
  { name: 'a pasted bare body without armour lines', input: { pasted: body }, sourceFormat: 'pkcs8' },
  { name: 'a pasted bare body in 64-column lines', input: { pasted: wrap(body, 64) }, sourceFormat: 'pkcs8' },
  { name: 'a pasted well-formed file', input: { pasted: downloaded }, sourceFormat: 'pkcs8' },
  { name: 'a pasted SEC1 key with literal \\n', input: { pasted: escapeLineEnds(sec1) }, sourceFormat: 'sec1' },
  { name: 'a pasted bare SEC1 body without armour lines', input: { pasted: pemBody(sec1) }, sourceFormat: 'sec1' },
  { name: 'a pasted bare SEC1 body in 64-column lines', input: { pasted: wrap(pemBody(sec1), 64) }, sourceFormat: 'sec1' },
  { name: 'a pasted key missing its BEGIN line', input: { pasted: withoutLine(downloaded, 'BEGIN') }, sourceFormat: 'pkcs8' },
  { name: 'a pasted key missing its END line', input: { pasted: withoutLine(downloaded, 'END') }, sourceFormat: 'pkcs8' },
  { name: 'a pasted key missing its END line, with literal \\n', input: { pasted: escapeLineEnds(withoutLine(downloaded, 'END')) }, sourceFormat: 'pkcs8' },
  { name: 'a pasted SEC1 key missing its BEGIN line', input: { pasted: withoutLine(sec1, 'BEGIN') }, sourceFormat: 'sec1' },
  { name: 'a pasted SEC1 key missing its END line', input: { pasted: withoutLine(sec1, 'END') }, sourceFormat: 'sec1' },
];

describe('accepted .p8 catalogue', () => {
  it.each(catalogue)('accepts $name as the same key', ({ input, sourceFormat }) => {
    const { bytes, parsed } = parseP8Input(input);

    expect(parsed.fingerprint).toBe(expected.fingerprint);
    expect(parsed.pkcs8Pem).toBe(expected.pkcs8Pem);
    expect(parsed.publicKeyPem).toBe(expected.publicKeyPem);
    expect(parsed.sourceFormat).toBe(sourceFormat);
    expect(parsed.originalBytes).toEqual(bytes);
  });
});
