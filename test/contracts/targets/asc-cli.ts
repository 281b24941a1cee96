import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ConsumerContract, WrittenExport } from '../contract';
import { expectConnectApiSigns } from '../consumers';

/** The ASC_* variables the export's `export …` line leaves in a POSIX shell. */
function variablesSetBy(written: WrittenExport): Record<string, string> {
  const line = written.plan.commands[0]?.line ?? '';
  expect(line).toMatch(/^export /);
  const env = { PATH: process.env.PATH ?? '' };
  const printed = execFileSync('sh', ['-c', `${line}\nenv`], { env, encoding: 'utf8' });
  return Object.fromEntries(
    printed
      .split('\n')
      .filter((entry) => entry.startsWith('ASC_'))
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** asc's LoadPrivateKeyFromPEM: one PEM block, PKCS#8 (or SEC1) holding an ECDSA key. */
function loadsAsAsc(file: string): void {
  expect(createPrivateKey(readFileSync(file)).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
}

export const ascCliContract: ConsumerContract<'asc-cli'> = {
  target: 'asc-cli',
  consumer: 'asc (App Store Connect CLI): ASC_KEY_ID, ASC_ISSUER_ID or ASC_KEY_TYPE=individual, ASC_PRIVATE_KEY_PATH, or asc auth login',
  sources: [
    'https://github.com/rorkai/App-Store-Connect-CLI/blob/1.5.0/internal/cli/shared/shared.go (resolveEnvCredentials, resolvePrivateKeyPath)',
    'https://github.com/rorkai/App-Store-Connect-CLI/blob/1.5.0/internal/auth/keychain.go (LoadPrivateKeyFromPEM)',
    'https://github.com/rorkai/App-Store-Connect-CLI/pull/1634 (individual keys: ASC_KEY_TYPE, --key-type)',
  ],
  version: 'asc 1.5.0 source; individual keys from PR #1634, which that snapshot predates',
  cases: [
    {
      name: 'a team key',
      keys: { apiKey: 'asc-team' },
      files: [{ name: 'AuthKey_TEAMKEY001.p8', p8Of: 'apiKey' }],
      fields: [
        { label: 'ASC_KEY_ID', value: { keyId: 'apiKey' } },
        { label: 'ASC_ISSUER_ID', value: { issuerId: 'apiKey' } },
        { label: 'ASC_PRIVATE_KEY_PATH', value: { pathOf: 'AuthKey_TEAMKEY001.p8' } },
      ],
      mentions: ['asc auth login --name TEAMKEY001', 'Unset ASC_KEY_TYPE'],
      consume: async (written) => {
        const env = variablesSetBy(written);
        expect(Object.keys(env).sort()).toEqual(['ASC_ISSUER_ID', 'ASC_KEY_ID', 'ASC_PRIVATE_KEY_PATH']);
        loadsAsAsc(env.ASC_PRIVATE_KEY_PATH ?? '');
        await expectConnectApiSigns({
          key: written.key('apiKey').record,
          p8Text: readFileSync(env.ASC_PRIVATE_KEY_PATH ?? '', 'utf8'),
          keyId: env.ASC_KEY_ID ?? '',
          issuerId: env.ASC_ISSUER_ID ?? '',
        });
      },
    },
    {
      name: 'an individual key, with ASC_KEY_TYPE=individual and no Issuer ID',
      keys: { apiKey: 'asc-individual' },
      files: [{ name: 'AuthKey_INDVKEY001.p8', p8Of: 'apiKey' }],
      fields: [
        { label: 'ASC_KEY_ID', value: { keyId: 'apiKey' } },
        { label: 'ASC_KEY_TYPE', value: { exactly: 'individual' } },
        { label: 'ASC_PRIVATE_KEY_PATH', value: { pathOf: 'AuthKey_INDVKEY001.p8' } },
      ],
      absentFields: ['ASC_ISSUER_ID'],
      mentions: ['--key-type individual'],
      never: ['ASC_ISSUER_ID=', '--issuer-id'],
      consume: (written) => {
        const env = variablesSetBy(written);
        expect(env).toEqual({ ASC_KEY_ID: 'INDVKEY001', ASC_KEY_TYPE: 'individual', ASC_PRIVATE_KEY_PATH: written.field('ASC_PRIVATE_KEY_PATH') });
        loadsAsAsc(env.ASC_PRIVATE_KEY_PATH ?? '');
      },
    },
  ],
};
