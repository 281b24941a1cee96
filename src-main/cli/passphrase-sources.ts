import { readFileSync } from 'node:fs';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { promptHidden } from './hidden-prompt';
import { UsageError } from './usage-error';

/** The CI path: a secret the runner puts in the environment. */
export const PASSPHRASE_ENV = 'ASC_VAULT_PASSPHRASE';
// A passphrase file is a line of text; anything this large is the wrong file.
const MAX_PASSPHRASE_FILE_BYTES = 4096;

export type PassphrasePurpose = 'unlock' | 'create';

export interface PassphraseSources {
  /** `--passphrase-file PATH`. */
  passphraseFile?: string;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Where the passphrase comes from, in order: `--passphrase-file`, then ASC_VAULT_PASSPHRASE, then a
 * no-echo prompt when stdin is a terminal. Never a command-line argument: those show in `ps` and
 * shell history.
 */
export async function readPassphrase(purpose: PassphrasePurpose, sources: PassphraseSources): Promise<string> {
  if (sources.passphraseFile !== undefined) return readPassphraseFile(sources.passphraseFile);
  const fromEnv = sources.env[PASSPHRASE_ENV];
  // An empty variable is what CI gives for a missing secret: treat it as not set.
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (sources.stdin.isTTY) return purpose === 'create' ? promptNewPassphrase(sources) : promptHidden('Passphrase: ', sources.stdin, sources.stderr);
  throw new UsageError(
    `No passphrase given. stdin is not a terminal, so use --passphrase-file PATH or set ${PASSPHRASE_ENV} (never pass the passphrase as an argument).`,
  );
}

/** The whole file, less one final line ending (editors and `echo` add one). */
function readPassphraseFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`The passphrase file ${file} cannot be read (${code}).`);
  }
  if (bytes.length > MAX_PASSPHRASE_FILE_BYTES) throw new UsageError(`The passphrase file ${file} is too large to hold a passphrase.`);
  const passphrase = bytes.toString('utf8').replace(/\r?\n$/, '');
  bytes.fill(0);
  if (passphrase === '') throw new UsageError(`The passphrase file ${file} is empty.`);
  return passphrase;
}

/** Asks twice, checking the first answer with the app's own rules before asking again. */
async function promptNewPassphrase({ stdin, stderr }: PassphraseSources): Promise<string> {
  const passphrase = await promptHidden('New passphrase: ', stdin, stderr);
  checkNewPassphrase(passphrase);
  const repeated = await promptHidden('Repeat the passphrase: ', stdin, stderr);
  if (repeated !== passphrase) throw new UsageError('The two passphrases differ. Nothing was created.');
  return passphrase;
}

/**
 * Refuses `--passphrase` and `--passphrase=…` before anything else parses the command line, so the
 * value is not echoed back in an "unknown option" message either.
 */
export function refusePassphraseArgument(args: readonly string[]): void {
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  if (options.some((arg) => arg === '--passphrase' || arg.startsWith('--passphrase='))) {
    throw new UsageError(
      `The passphrase is never taken as an argument (it would show in \`ps\` and shell history). Use --passphrase-file PATH, set ${PASSPHRASE_ENV}, or run on a terminal to be asked.`,
    );
  }
}
