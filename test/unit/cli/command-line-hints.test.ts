import { describe, expect, it } from 'vitest';
import { commandLineMessage, optionsOf } from '../../../src-main/cli/command-line-hints';
import { EXIT, reportFailure } from '../../../src-main/cli/exit-codes';
import { AppError, type ErrorCode } from '../../../src-shared/errors';
import { commandAt, programForTests } from './program-fixture';

const program = programForTests();
const optionsOfCommand = (path: string) => optionsOf(commandAt(program, path));

/** A refusal written for the app's window, and the option the command line adds to it, from the command's own options. */
const HINTS: Array<{ command: string; code: ErrorCode; message: string; details?: Record<string, string>; hint: string | null }> = [
  { command: 'import', code: 'KIND_REQUIRED', message: 'Choose what kind of key this is.', hint: '--kind in-app-purchase|asc-team|asc-individual' },
  { command: 'import', code: 'KEY_ID_MISMATCH', message: 'The Key ID you typed does not match the file name.', hint: '--key-id <id>' },
  { command: 'import', code: 'BAD_BUNDLE_ID', message: 'Type the bundle ID of the app.', hint: '--bundle-id <id>' },
  { command: 'token', code: 'BAD_BUNDLE_ID', message: 'Type the bundle ID of the app.', hint: '--bid <bundleId>' },
  { command: 'export', code: 'BUNDLE_ID_REQUIRED', message: 'Adapty asks for the app’s Bundle ID before the key.', hint: '--bundle-id <id>' },
  { command: 'offer', code: 'BAD_OFFER_FIELD', message: 'Type the product ID.', details: { field: 'product ID' }, hint: '--product <id>' },
  { command: 'update', code: 'BAD_ISSUER_ID', message: 'This is not an Issuer ID.', hint: '--issuer-id <uuid>' },
  { command: 'delete', code: 'CONFIRMATION_MISMATCH', message: 'To delete "CI", type its Key ID.', hint: '--confirm <keyid>' },
  { command: 'bundle export', code: 'FILE_EXISTS', message: 'team.age already exists.', hint: '--overwrite' },
  // Another command fixes it, whichever ran.
  { command: 'token', code: 'ISSUER_ID_REQUIRED', message: 'This key has no Issuer ID saved.', hint: 'update KEY --issuer-id <uuid>' },
  // A bundle's own contents: there is no option to fix, so no hint.
  { command: 'bundle import', code: 'BAD_ISSUER_ID', message: 'This is not an Issuer ID.', hint: null },
  // The message already names the option.
  { command: 'import', code: 'BAD_ISSUER_ID', message: 'An In-App Purchase key needs the Issuer ID: give it with --issuer-id <uuid>.', hint: null },
];

describe('refusals on the command line name the option to fix', () => {
  it.each(HINTS)('$command: $code → $hint', ({ command, code, message, details, hint }) => {
    const error = new AppError(code, message, details);
    expect(commandLineMessage(error, optionsOfCommand(command))).toBe(hint === null ? message : `${message} (On the command line: ${hint}.)`);
  });

  it('writes the hint into the stderr line, with the exit code of the refusal', () => {
    let written = '';
    const exit = reportFailure(new AppError('BAD_BUNDLE_ID', 'Type the bundle ID of the app.'), (text) => (written += text), optionsOfCommand('token'));
    expect(exit).toBe(EXIT.invalidInput);
    expect(written).toBe('error BAD_BUNDLE_ID: Type the bundle ID of the app. (On the command line: --bid <bundleId>.)\n');
  });
});
