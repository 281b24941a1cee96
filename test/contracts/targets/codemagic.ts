import { expect } from 'vitest';
import type { ConsumerContract } from '../contract';
import { codemagicLoadsPrivateKey, expectConnectApiSigns, HAS_PYTHON_CRYPTOGRAPHY } from '../consumers';

const FILE = 'AuthKey_TEAMKEY001.p8';
// What fetch-signing-files reads, each flag with the variable it defaults to (tools/app_store_connect/arguments.py).
const FLAG_VARIABLES: Record<string, string> = {
  '--issuer-id': 'APP_STORE_CONNECT_ISSUER_ID',
  '--key-id': 'APP_STORE_CONNECT_KEY_IDENTIFIER',
  '--private-key': 'APP_STORE_CONNECT_PRIVATE_KEY',
  '--certificate-key': 'CERTIFICATE_PRIVATE_KEY',
};

export const codemagicContract: ConsumerContract<'codemagic'> = {
  target: 'codemagic',
  consumer: 'codemagic-cli-tools: app-store-connect fetch-signing-files (and publish), reading APP_STORE_CONNECT_* and CERTIFICATE_PRIVATE_KEY',
  sources: [
    'https://github.com/codemagic-ci-cd/cli-tools/blob/v0.64.0/src/codemagic/tools/app_store_connect/arguments.py',
    'https://github.com/codemagic-ci-cd/cli-tools/blob/v0.64.0/src/codemagic/tools/app_store_connect/actions/fetch_signing_files_action.py',
    'https://github.com/codemagic-ci-cd/cli-tools/blob/v0.64.0/docs/app-store-connect/fetch-signing-files.md',
  ],
  version: 'codemagic-cli-tools 0.64.0',
  cases: [
    {
      name: 'a team key, and the certificate key fetch-signing-files needs besides',
      keys: { apiKey: 'asc-team' },
      files: [{ name: FILE, p8Of: 'apiKey' }],
      fields: [
        { label: 'APP_STORE_CONNECT_ISSUER_ID', value: { issuerId: 'apiKey' } },
        { label: 'APP_STORE_CONNECT_KEY_IDENTIFIER', value: { keyId: 'apiKey' } },
        { label: 'APP_STORE_CONNECT_PRIVATE_KEY', value: { pem: 'apiKey' } },
      ],
      // fetch-signing-files stops without a certificate key ("Cannot save Signing Certificates without certificate
      // private key"), with or without --create, and the export has none to give: the steps must ask for it.
      mentions: ['Add CERTIFICATE_PRIVATE_KEY to the same group', 'CERTIFICATE_PRIVATE_KEY_PASSWORD', 'BUNDLE_ID'],
      consume: async (written) => {
        const [command] = written.plan.commands;
        expect(command?.line).toMatch(/^app-store-connect fetch-signing-files "\$BUNDLE_ID" /);
        // The command names every variable it reads, with codemagic's `@env:` form, and the steps add each one.
        for (const [flag, variable] of Object.entries(FLAG_VARIABLES)) {
          expect(command?.line).toContain(`${flag} @env:${variable}`);
          expect(written.plan.checklist.some((step) => step.startsWith(`Add ${variable}`) || step.includes(` ${variable} = `)), variable).toBe(true);
        }
        // Types.PrivateKeyArgument's own check of the variable, where python3 has the cryptography package it uses.
        if (HAS_PYTHON_CRYPTOGRAPHY) expect(codemagicLoadsPrivateKey(written.field('APP_STORE_CONNECT_PRIVATE_KEY'))).toBe('secp256r1');
        await expectConnectApiSigns({
          key: written.key('apiKey').record,
          p8Text: written.field('APP_STORE_CONNECT_PRIVATE_KEY'),
          keyId: written.field('APP_STORE_CONNECT_KEY_IDENTIFIER'),
          issuerId: written.field('APP_STORE_CONNECT_ISSUER_ID'),
        });
        // Without the variable, the tools look for AuthKey_<key id>.p8 in private_keys folders: the written name fits.
        expect(FILE).toBe(`AuthKey_${written.field('APP_STORE_CONNECT_KEY_IDENTIFIER')}.p8`);
      },
    },
  ],
};

