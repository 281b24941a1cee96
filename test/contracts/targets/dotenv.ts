import { createPrivateKey } from 'node:crypto';
import { parse } from 'dotenv';
import { expect } from 'vitest';
import type { ConsumerContract, WrittenExport } from '../contract';
import { expectConnectApiSigns, expectServerApiSigns } from '../consumers';

/** The file as dotenv parses it (quoted values may span lines; `\n` is kept as written). */
const parsed = (written: WrittenExport, name: string) => parse(written.bytes(name));

export const dotenvContract: ConsumerContract<'dotenv'> = {
  target: 'dotenv',
  consumer: 'dotenv (Node): parse(), the loader most .env readers follow for quoted multi-line values',
  sources: ['https://github.com/motdotla/dotenv/blob/v16.6.1/lib/main.js', 'https://github.com/motdotla/dotenv#multiline-values'],
  version: 'dotenv 16.6.1 (run here)',
  cases: [
    {
      name: 'a team key, its PEM quoted on several lines',
      keys: { key: 'asc-team' },
      files: [{ name: '.env', text: true }],
      fields: [
        { label: 'APP_STORE_CONNECT_KEY_ID', value: { keyId: 'key' } },
        { label: 'APP_STORE_CONNECT_ISSUER_ID', value: { issuerId: 'key' } },
        { label: 'APP_STORE_CONNECT_PRIVATE_KEY', value: { pem: 'key' } },
      ],
      mentions: ['.gitignore'],
      consume: async (written) => {
        const env = parsed(written, '.env');
        expect(Object.keys(env)).toEqual(['APP_STORE_CONNECT_KEY_ID', 'APP_STORE_CONNECT_ISSUER_ID', 'APP_STORE_CONNECT_PRIVATE_KEY']);
        expect(env.APP_STORE_CONNECT_PRIVATE_KEY).toBe(written.field('APP_STORE_CONNECT_PRIVATE_KEY'));
        await expectConnectApiSigns({
          key: written.key('key').record,
          p8Text: env.APP_STORE_CONNECT_PRIVATE_KEY ?? '',
          keyId: env.APP_STORE_CONNECT_KEY_ID ?? '',
          issuerId: env.APP_STORE_CONNECT_ISSUER_ID ?? '',
        });
      },
    },
    {
      name: 'an In-App Purchase key in base64 under a chosen file name',
      keys: { key: 'in-app-purchase' },
      options: { pemStyle: 'base64', fileName: '.env.production' },
      files: [{ name: '.env.production', text: true }],
      fields: [{ label: 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64', value: { base64: 'key' } }],
      mentions: ["Buffer.from(process.env.APP_STORE_CONNECT_PRIVATE_KEY_BASE64, 'base64')"],
      consume: async (written) => {
        const env = parsed(written, '.env.production');
        await expectServerApiSigns({
          key: written.key('key').record,
          p8Text: Buffer.from(env.APP_STORE_CONNECT_PRIVATE_KEY_BASE64 ?? '', 'base64').toString('utf8'),
          keyId: env.APP_STORE_CONNECT_KEY_ID ?? '',
          issuerId: env.APP_STORE_CONNECT_ISSUER_ID ?? '',
        });
      },
    },
    {
      name: 'an individual key, which has no Issuer ID line',
      keys: { key: 'asc-individual' },
      files: [{ name: '.env', text: true }],
      fields: [{ label: 'APP_STORE_CONNECT_KEY_ID', value: { keyId: 'key' } }],
      absentFields: ['APP_STORE_CONNECT_ISSUER_ID'],
      consume: (written) => {
        const env = parsed(written, '.env');
        expect(Object.keys(env)).toEqual(['APP_STORE_CONNECT_KEY_ID', 'APP_STORE_CONNECT_PRIVATE_KEY']);
        expect(createPrivateKey(env.APP_STORE_CONNECT_PRIVATE_KEY ?? '').asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      },
    },
  ],
};
