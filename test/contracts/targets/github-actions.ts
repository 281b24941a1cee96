import path from 'node:path';
import { expect } from 'vitest';
import type { ConsumerContract, WrittenExport } from '../contract';
import { expectConnectApiSigns, secretsSetBy } from '../consumers';

const KEY_FILE = 'AuthKey_TEAMKEY001.p8';
const SCRIPT = 'github-secrets-TEAMKEY001.sh';
// GitHub: secret names are letters, digits and underscores, not starting with a digit or GITHUB_.
const SECRET_NAME = /^(?!GITHUB_)(?![0-9])[A-Za-z0-9_]+$/i;

/** Runs the script with gh's own reading of each value, then signs with the secrets as a workflow would read them. */
async function setAsGh(written: WrittenExport, names: { keyId: string; issuerId: string; privateKey: string }): Promise<void> {
  const secrets = secretsSetBy(path.join(written.folder, SCRIPT));
  expect(Object.keys(secrets).sort()).toEqual(Object.values(names).sort());
  for (const name of Object.keys(secrets)) expect(name).toMatch(SECRET_NAME);
  const record = written.key('apiKey').record;
  expect(secrets[names.privateKey]).toBe(written.field(names.privateKey));
  await expectConnectApiSigns({
    key: record,
    p8Text: secrets[names.privateKey] ?? '',
    keyId: secrets[names.keyId] ?? '',
    issuerId: secrets[names.issuerId] ?? '',
  });
}

export const githubActionsContract: ConsumerContract<'github-actions'> = {
  target: 'github-actions',
  consumer: 'GitHub CLI: gh secret set NAME --body VALUE, or the value on standard input',
  sources: ['https://github.com/cli/cli/blob/v2.60.0/pkg/cmd/secret/set/set.go'],
  version: 'gh 2.60.0 (getBody: --body as given; standard input with trailing CR and LF removed)',
  cases: [
    {
      name: 'the default secret names',
      keys: { apiKey: 'asc-team' },
      files: [
        { name: KEY_FILE, p8Of: 'apiKey' },
        { name: SCRIPT, text: true },
      ],
      fields: [
        { label: 'APPSTORE_ISSUER_ID', value: { issuerId: 'apiKey' } },
        { label: 'APPSTORE_API_KEY_ID', value: { keyId: 'apiKey' } },
        { label: 'APPSTORE_API_PRIVATE_KEY', value: { pem: 'apiKey' } },
      ],
      mentions: ['gh auth login', '${{ secrets.APPSTORE_API_PRIVATE_KEY }}'],
      consume: (written) => setAsGh(written, { keyId: 'APPSTORE_API_KEY_ID', issuerId: 'APPSTORE_ISSUER_ID', privateKey: 'APPSTORE_API_PRIVATE_KEY' }),
    },
    {
      name: 'renamed secrets for another repository',
      keys: { apiKey: 'asc-team' },
      options: { secretNames: { keyId: 'ASC_KEY_ID', privateKey: 'ASC_P8' }, repository: 'acme/game' },
      files: [
        { name: KEY_FILE, p8Of: 'apiKey' },
        { name: SCRIPT, text: true },
      ],
      fields: [
        { label: 'ASC_KEY_ID', value: { keyId: 'apiKey' } },
        { label: 'ASC_P8', value: { pem: 'apiKey' } },
      ],
      mentions: ['acme/game'],
      consume: (written) => setAsGh(written, { keyId: 'ASC_KEY_ID', issuerId: 'APPSTORE_ISSUER_ID', privateKey: 'ASC_P8' }),
    },
  ],
};
