import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EasJsonAccessor, EasJsonUtils, Platform } from '@expo/eas-json';
import { expect } from 'vitest';
import { tempFolder } from '../../helpers/temp-vault';
import type { ConsumerContract, WrittenExport } from '../contract';
import { expectConnectApiSigns } from '../consumers';

const KEY_FILE = 'AuthKey_TEAMKEY001.p8';
const ENV = 'Environment variables';

/**
 * Follows the checklist (the key next to eas.json, the fragment as eas.json), then reads the submit profile with
 * @expo/eas-json as eas submit does, and the key from ascApiKeyPath and EXPO_ASC_API_KEY_PATH relative to the
 * project folder, where eas runs (eas-cli's resolveCredentials.ts reads the path with fs.readFile).
 */
async function readAsEas(written: WrittenExport, profile: string): Promise<void> {
  const project = tempFolder();
  copyFileSync(path.join(written.folder, KEY_FILE), path.join(project, KEY_FILE));
  copyFileSync(path.join(written.folder, `eas-submit-${profile}.json`), path.join(project, 'eas.json'));

  const accessor = EasJsonAccessor.fromProjectPath(project);
  const submit = await EasJsonUtils.getSubmitProfileAsync(accessor, Platform.IOS, profile);
  expect(submit).toMatchObject({ ascApiKeyPath: `./${KEY_FILE}`, ascApiKeyId: 'TEAMKEY001', ascApiKeyIssuerId: written.key('apiKey').record.issuerId });
  const record = written.key('apiKey').record;
  await expectConnectApiSigns({
    key: record,
    p8Text: readFileSync(path.resolve(project, submit.ascApiKeyPath ?? ''), 'utf8'),
    keyId: submit.ascApiKeyId ?? '',
    issuerId: submit.ascApiKeyIssuerId ?? '',
  });
  // eas build and eas credentials: EXPO_ASC_API_KEY_PATH, EXPO_ASC_KEY_ID, EXPO_ASC_ISSUER_ID.
  await expectConnectApiSigns({
    key: record,
    p8Text: readFileSync(path.resolve(project, written.field('EXPO_ASC_API_KEY_PATH', ENV)), 'utf8'),
    keyId: written.field('EXPO_ASC_KEY_ID', ENV),
    issuerId: written.field('EXPO_ASC_ISSUER_ID', ENV),
  });
}

export const expoEasContract: ConsumerContract<'expo-eas'> = {
  target: 'expo-eas',
  consumer: 'Expo EAS: eas submit (eas.json submit.<profile>.ios, read by @expo/eas-json) and EXPO_ASC_* for eas build and eas credentials',
  sources: [
    'https://github.com/expo/eas-cli/blob/v22.2.0/packages/eas-json/src/submit/schema.ts',
    'https://github.com/expo/eas-cli/blob/v22.2.0/packages/eas-cli/src/credentials/ios/appstore/resolveCredentials.ts',
  ],
  version: '@expo/eas-json 24.8.0 (run here); eas-cli source at v22.2.0',
  cases: [
    {
      name: 'the production profile',
      keys: { apiKey: 'asc-team' },
      files: [
        { name: KEY_FILE, p8Of: 'apiKey' },
        { name: 'eas-submit-production.json', text: true },
      ],
      fields: [
        { section: ENV, label: 'EXPO_ASC_API_KEY_PATH', value: { exactly: `./${KEY_FILE}` } },
        { section: ENV, label: 'EXPO_ASC_KEY_ID', value: { keyId: 'apiKey' } },
        { section: ENV, label: 'EXPO_ASC_ISSUER_ID', value: { issuerId: 'apiKey' } },
      ],
      mentions: ['next to eas.json', 'eas submit --platform ios --profile production'],
      consume: (written) => readAsEas(written, 'production'),
    },
    {
      name: 'another profile',
      keys: { apiKey: 'asc-team' },
      options: { profile: 'staging' },
      files: [
        { name: KEY_FILE, p8Of: 'apiKey' },
        { name: 'eas-submit-staging.json', text: true },
      ],
      mentions: ['--profile staging'],
      consume: (written) => readAsEas(written, 'staging'),
    },
  ],
};
