import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ConsumerContract, WrittenExport } from '../contract';

/** The value of a flag (or of `NAME=` before the command) in one of the export's shell lines, unquoted. */
function valueIn(line: string, flag: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)${flag.replace(/[-]/g, '\\-')}[ =]('[^']*'|\\S+)`).exec(line);
  const raw = match?.[1];
  return raw?.startsWith("'") ? raw.slice(1, -1) : raw;
}

/**
 * altool finds AuthKey_<--apiKey>.p8 by name in API_PRIVATE_KEYS_DIR (or its private_keys folders); notarytool opens
 * the file given as --key. Neither runs off macOS, so the lines are read as they would read them.
 */
function readAsAltoolAndNotarytool(written: WrittenExport): void {
  const [validate, upload, submit, history] = written.plan.commands.map((command) => command.line);
  for (const line of [validate, upload]) {
    const apiKey = valueIn(line ?? '', '--apiKey');
    const folder = valueIn(line ?? '', 'API_PRIVATE_KEYS_DIR') ?? '';
    expect(apiKey).toBe(written.key('apiKey').record.keyId);
    expect(existsSync(path.join(folder, `AuthKey_${apiKey}.p8`))).toBe(true);
  }
  const { keyId, issuerId } = written.key('apiKey').record;
  for (const line of [submit, history]) {
    expect(valueIn(line ?? '', '--key')).toBe(path.join(written.folder, `AuthKey_${keyId}.p8`));
    expect(valueIn(line ?? '', '--key-id')).toBe(keyId);
    // "--issuer … Required for Team API Keys. Do not provide for Individual API Keys."
    expect(valueIn(line ?? '', '--issuer')).toBe(issuerId);
  }
}

export const altoolContract: ConsumerContract<'altool'> = {
  target: 'altool',
  consumer: 'xcrun altool (--apiKey, --apiIssuer, --api-key-subject) and xcrun notarytool (--key, --key-id, --issuer)',
  sources: [
    'https://github.com/fastlane/fastlane/blob/2.233.0/fastlane_core/lib/fastlane_core/itunes_transporter.rb (AltoolTransporterExecutor#build_credential_params)',
    'https://github.com/fastlane/fastlane/pull/29961',
    'https://github.com/electron/notarize/pull/246',
    'https://github.com/indygreg/apple-platform-rs/issues/260',
  ],
  version:
    'altool as fastlane 2.233.0 and later drives it; notarytool from Xcode 26 (its --help as quoted in the two notarytool threads: ' +
    'Apple’s own page for it was not found)',
  cases: [
    {
      name: 'a team key',
      keys: { apiKey: 'asc-team' },
      files: [{ name: 'AuthKey_TEAMKEY001.p8', p8Of: 'apiKey' }],
      fields: [
        { label: 'Key ID', value: { keyId: 'apiKey' } },
        { label: 'Issuer ID', value: { issuerId: 'apiKey' } },
        { label: 'Private key path', value: { pathOf: 'AuthKey_TEAMKEY001.p8' } },
      ],
      mentions: ['--apiKey TEAMKEY001 --apiIssuer 69a6de7e-0000-47e3-e053-5b8c7c11a4d1', '--key-id TEAMKEY001 --issuer 69a6de7e-0000-47e3-e053-5b8c7c11a4d1'],
      never: ['--api-key-subject'],
      consume: readAsAltoolAndNotarytool,
    },
    {
      name: 'an individual key: the Key ID as --apiIssuer with --api-key-subject user, and no --issuer for notarytool',
      keys: { apiKey: 'asc-individual' },
      files: [{ name: 'AuthKey_INDVKEY001.p8', p8Of: 'apiKey' }],
      fields: [
        { label: 'Key ID', value: { keyId: 'apiKey' } },
        { label: 'Private key path', value: { pathOf: 'AuthKey_INDVKEY001.p8' } },
      ],
      absentFields: ['Issuer ID'],
      // fastlane's spec for build_credential_params: "--apiKey TESTAPIK2HW --apiIssuer TESTAPIK2HW --api-key-subject user".
      mentions: ['--apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user', 'Xcode 26'],
      consume: readAsAltoolAndNotarytool,
    },
  ],
};
