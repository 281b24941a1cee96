import { describe, expect, it } from 'vitest';
import { checkExitCode } from '../../../src-main/cli/check-command';
import { EXIT, exitCodeForErrorCode, reportFailure } from '../../../src-main/cli/exit-codes';
import { AppError, type ErrorCode } from '../../../src-shared/errors';

/** The exit codes of the export, bundle, backup and restore refusals (README, "Exit codes"). */
const EXPORT_AND_BUNDLE_CODES: Array<{ code: ErrorCode; exit: number }> = [
  // A passphrase that does not open what it was given for: vault, backup or bundle alike.
  { code: 'WRONG_PASSPHRASE', exit: EXIT.passphrase },
  { code: 'BUNDLE_WRONG_PASSPHRASE', exit: EXIT.passphrase },
  // A bundle file that is damaged, not a bundle, or too new, like a vault or backup file.
  { code: 'BUNDLE_MALFORMED', exit: EXIT.vaultUnreadable },
  { code: 'BUNDLE_TRUNCATED', exit: EXIT.vaultUnreadable },
  { code: 'BUNDLE_DAMAGED', exit: EXIT.vaultUnreadable },
  { code: 'BUNDLE_TOO_NEW', exit: EXIT.vaultUnreadable },
  { code: 'BUNDLE_TOO_LARGE', exit: EXIT.vaultUnreadable },
  { code: 'NOT_A_VAULT', exit: EXIT.vaultUnreadable },
  // A path or a key the caller chose.
  { code: 'FILE_EXISTS', exit: EXIT.invalidInput },
  { code: 'DESTINATION_UNWRITABLE', exit: EXIT.invalidInput },
  { code: 'FILE_UNREADABLE', exit: EXIT.invalidInput },
  { code: 'BUNDLE_ID_REQUIRED', exit: EXIT.invalidInput },
  { code: 'KEY_REVOKED', exit: EXIT.invalidInput },
  { code: 'WRONG_KEY_KIND', exit: EXIT.invalidInput },
  { code: 'ISSUER_ID_REQUIRED', exit: EXIT.invalidInput },
  { code: 'WEAK_PASSPHRASE', exit: EXIT.invalidInput },
  { code: 'BAD_REQUEST', exit: EXIT.usage },
];

describe('exit codes for exports, bundles, backups and restores', () => {
  it.each(EXPORT_AND_BUNDLE_CODES)('exits $exit for $code', ({ code, exit }) => {
    expect(exitCodeForErrorCode(code)).toBe(exit);
  });

  it('names the option where the app’s message names a switch on its screen', () => {
    let written = '';
    const exit = reportFailure(new AppError('FILE_EXISTS', 'team.age already exists in /tmp. Nothing was written.'), (text) => (written += text));
    expect(exit).toBe(EXIT.invalidInput);
    expect(written).toBe('error FILE_EXISTS: team.age already exists in /tmp. Nothing was written. (On the command line: --overwrite.)\n');
  });
});

describe('exit codes of check', () => {
  it.each([
    { works: true, problem: undefined, exit: EXIT.ok },
    { works: false, problem: 'unauthorized', exit: EXIT.appleRefused },
    { works: false, problem: 'forbidden', exit: EXIT.appleRefused },
    { works: false, problem: 'app-not-found', exit: EXIT.appleRefused },
    { works: false, problem: 'unexpected', exit: EXIT.appleRefused },
    { works: false, problem: 'rate-limited', exit: EXIT.appleNotReached },
    { works: false, problem: 'timeout', exit: EXIT.appleNotReached },
    { works: false, problem: 'tls', exit: EXIT.appleNotReached },
    { works: false, problem: 'redirect-refused', exit: EXIT.appleNotReached },
    { works: false, problem: 'too-large', exit: EXIT.appleNotReached },
    { works: false, problem: 'no-bundle-id', exit: EXIT.invalidInput },
  ] as const)('exits $exit when the check says $problem', ({ works, problem, exit }) => {
    expect(checkExitCode({ works, ...(problem === undefined ? {} : { problem }) })).toBe(exit);
  });

  it('is a usage error to check without --allow-network', () => {
    expect(exitCodeForErrorCode('APPLE_CHECK_OFF')).toBe(EXIT.usage);
  });
});
