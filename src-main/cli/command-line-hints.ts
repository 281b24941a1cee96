import type { Command, Option } from 'commander';
import type { AppError, ErrorCode } from '../../src-shared/errors';

/**
 * The app's messages are written for its window ("Type the bundle ID of the app", "Turn on Export
 * revoked keys"); on the command line the same refusal also names the option that fixes it, taken
 * from the options of the command that ran, so `token` says --bid where `import` says --bundle-id.
 */

/** An option of the command that ran, as a hint writes it. */
export interface CommandLineOption {
  long: string;
  /** Its value: the accepted values `a|b|c`, or a placeholder like `<uuid>`; absent for a switch. */
  value?: string;
}

/** The options a refusal with this code asks to fix, in the order tried against the command's own. */
const OPTIONS_FOR_CODE: Partial<Record<ErrorCode, readonly string[]>> = {
  KIND_REQUIRED: ['--kind'],
  KIND_MISMATCH: ['--kind'],
  BAD_KEY_ID: ['--key-id'],
  KEY_ID_MISMATCH: ['--key-id'],
  BAD_ISSUER_ID: ['--issuer-id'],
  BAD_BUNDLE_ID: ['--bundle-id', '--bid'],
  BUNDLE_ID_REQUIRED: ['--bundle-id', '--bid'],
  BAD_LIFETIME: ['--ttl', '--duration'],
  LIFETIME_TOO_LONG: ['--ttl', '--duration'],
  BAD_BACKDATE: ['--backdate'],
  BAD_SCOPE: ['--scope'],
  BAD_NONCE: ['--nonce'],
  BAD_JSON: ['--request-file'],
  CONFIRMATION_MISMATCH: ['--confirm'],
  FILE_EXISTS: ['--overwrite'],
  KEY_REVOKED: ['--allow-revoked'],
  VAULT_ROLLED_BACK: ['--allow-older'],
};

/** BAD_OFFER_FIELD names its field in `details.field` (the label the offer form shows). */
const OPTION_FOR_OFFER_FIELD: Record<string, string> = {
  'product ID': '--product',
  'promotional offer ID': '--offer',
  'transaction ID': '--transaction-id',
  'app account token': '--app-account-token',
  allowIntroductoryOffer: '--no-allow-intro',
};

/** Refusals fixed by another command, whatever the command that ran. */
const OTHER_COMMAND_FOR_CODE: Partial<Record<ErrorCode, string>> = {
  ISSUER_ID_REQUIRED: 'update KEY --issuer-id <uuid>',
};

/** The options of a command as hints write them: `--kind in-app-purchase|asc-team|asc-individual`, `--issuer-id <uuid>`. */
export function optionsOf(command: Command): CommandLineOption[] {
  return command.options.flatMap((option) => (option.long === undefined ? [] : [{ long: option.long, ...optionValue(option) }]));
}

function optionValue(option: Option): { value?: string } {
  if (!option.required && !option.optional) return {};
  if (option.argChoices !== undefined) return { value: option.argChoices.join('|') };
  return { value: /<[^>]+>|\[[^\]]+\]/.exec(option.flags)?.[0] ?? '<value>' };
}

/**
 * What to add to a refusal's message: "On the command line: --issuer-id <uuid>." Without the running
 * command's options (a failure before parsing), the first option the code points to, by name only.
 * Nothing when the message already names the option, or the command has none of them.
 */
export function commandLineHint(error: AppError, options?: readonly CommandLineOption[]): string | undefined {
  const candidates = candidateOptions(error);
  const option: CommandLineOption | undefined =
    options === undefined ? candidates.map((long) => ({ long }))[0] : candidates.map((long) => options.find((known) => known.long === long)).find(Boolean);
  if (option === undefined) {
    const other = OTHER_COMMAND_FOR_CODE[error.code];
    return other === undefined ? undefined : `On the command line: ${other}.`;
  }
  if (new RegExp(`${option.long}(?![\\w-])`).test(error.message)) return undefined;
  return `On the command line: ${option.long}${option.value === undefined ? '' : ` ${option.value}`}.`;
}

/** The message as the command line prints it after `error CODE: `. */
export function commandLineMessage(error: AppError, options?: readonly CommandLineOption[]): string {
  const hint = commandLineHint(error, options);
  return hint === undefined ? error.message : `${error.message} (${hint})`;
}

function candidateOptions(error: AppError): readonly string[] {
  if (error.code !== 'BAD_OFFER_FIELD') return OPTIONS_FOR_CODE[error.code] ?? [];
  const option = OPTION_FOR_OFFER_FIELD[String(error.details?.field ?? '')];
  return option === undefined ? [] : [option];
}
