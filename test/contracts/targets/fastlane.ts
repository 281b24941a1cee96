import { createPrivateKey } from 'node:crypto';
import { expect } from 'vitest';
import type { ConsumerContract, WrittenExport } from '../contract';
import { expectAppleToken } from '../consumers';
import { signAsFastlane, type FastlaneApiKeyJson } from '../../unit/exports/fastlane-token';

const ENV = 'Environment variables (app_store_connect_api_key)';
// Token.create's keywords (spaceship/lib/spaceship/connect_api/token.rb); from_json_file passes the JSON's keys to it.
const TOKEN_CREATE_KEYWORDS = ['key_id', 'issuer_id', 'filepath', 'key', 'is_key_content_base64', 'duration', 'in_house'];

/**
 * Reads the API key JSON as Token.from_json_file does: key_id and key must be there, every other key is one of
 * create's keywords, `key` opens as an EC key (OpenSSL::PKey::EC.new), and a missing issuer_id signs as the user.
 * fastlane is Ruby and does not run here, so the token is signed by test/unit/exports/fastlane-token.ts, which
 * follows token.rb line by line.
 */
async function readAsFastlane(written: WrittenExport, name: string): Promise<void> {
  const json = JSON.parse(written.text(name)) as FastlaneApiKeyJson & Record<string, unknown>;
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['key_id', 'key']));
  for (const keyword of Object.keys(json)) expect(TOKEN_CREATE_KEYWORDS).toContain(keyword);
  expect(createPrivateKey(json.key).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  const record = written.key('apiKey').record;
  const token = signAsFastlane(json, new Date());
  await expectAppleToken(token, { key: record, audience: 'appstoreconnect-v1', ...(record.issuerId === undefined ? {} : { issuerId: record.issuerId }) });
}

export const fastlaneContract: ConsumerContract<'fastlane'> = {
  target: 'fastlane',
  consumer: 'fastlane: api_key_path (Spaceship::ConnectAPI::Token.from_json_file) and the app_store_connect_api_key action',
  sources: [
    'https://github.com/fastlane/fastlane/blob/2.237.0/spaceship/lib/spaceship/connect_api/token.rb',
    'https://github.com/fastlane/fastlane/blob/2.237.0/fastlane/lib/fastlane/actions/app_store_connect_api_key.rb',
  ],
  version: 'fastlane 2.237.0; individual keys (no issuer_id) from 2.221.0',
  cases: [
    {
      name: 'a team key',
      keys: { apiKey: 'asc-team' },
      files: [{ name: 'fastlane_api_key_TEAMKEY001.json', text: true }],
      fields: [
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_KEY_ID', value: { keyId: 'apiKey' } },
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_ISSUER_ID', value: { issuerId: 'apiKey' } },
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_KEY', value: { pem: 'apiKey' } },
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_DURATION', value: { exactly: '500' } },
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_IN_HOUSE', value: { exactly: 'false' } },
      ],
      mentions: ['--api_key_path'],
      consume: (written) => readAsFastlane(written, 'fastlane_api_key_TEAMKEY001.json'),
    },
    {
      name: 'an individual key, without issuer_id',
      keys: { apiKey: 'asc-individual' },
      files: [{ name: 'fastlane_api_key_INDVKEY001.json', text: true }],
      fields: [
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_KEY_ID', value: { keyId: 'apiKey' } },
        { section: ENV, label: 'APP_STORE_CONNECT_API_KEY_KEY', value: { pem: 'apiKey' } },
      ],
      absentFields: ['APP_STORE_CONNECT_API_KEY_ISSUER_ID'],
      mentions: ['fastlane 2.221 or later', 'SPACESHIP_CONNECT_API_ISSUER_ID unset'],
      consume: async (written) => {
        // `if issuer_id` in token.rb: only a missing key signs as the user; null or "" would be sent as iss.
        expect(JSON.parse(written.text('fastlane_api_key_INDVKEY001.json'))).not.toHaveProperty('issuer_id');
        await readAsFastlane(written, 'fastlane_api_key_INDVKEY001.json');
      },
    },
  ],
};
