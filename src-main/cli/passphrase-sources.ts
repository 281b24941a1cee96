import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { checkNewPassphrase } from '../../src-shared/vault/passphrase-rules';
import { promptHidden } from './hidden-prompt';
import { UsageError } from './usage-error';

/** The CI path: a secret the runner puts in the environment. */
export const PASSPHRASE_ENV = 'ASC_VAULT_PASSPHRASE';
export const BUNDLE_PASSPHRASE_ENV = 'ASC_BUNDLE_PASSPHRASE';
export const BACKUP_PASSPHRASE_ENV = 'ASC_BACKUP_PASSPHRASE';
export const NEW_PASSPHRASE_ENV = 'ASC_VAULT_NEW_PASSPHRASE';
// A passphrase file is a line of text; anything this large is the wrong file.
const MAX_PASSPHRASE_FILE_BYTES = 4096;

export type PassphrasePurpose = 'unlock' | 'create';

/** One passphrase the CLI may need, and where each of its sources is named on the command line. */
export interface PassphraseKind {
  /** As a sentence names it: "passphrase", "bundle passphrase". */
  what: string;
  fileOption: string;
  envName: string;
  prompt: string;
  /** For a new passphrase, asked twice. */
  newPrompt: string;
  repeatPrompt: string;
  /** Said when the two answers differ. */
  nothingDone: string;
}

export const VAULT_PASSPHRASE: PassphraseKind = {
  what: 'passphrase',
  fileOption: '--passphrase-file',
  envName: PASSPHRASE_ENV,
  prompt: 'Passphrase: ',
  newPrompt: 'New passphrase: ',
  repeatPrompt: 'Repeat the passphrase: ',
  nothingDone: 'Nothing was created.',
};

/** The passphrase of an encrypted bundle (`bundle export` and `bundle import`), never the vault's. */
export const BUNDLE_PASSPHRASE: PassphraseKind = {
  what: 'bundle passphrase',
  fileOption: '--bundle-passphrase-file',
  envName: BUNDLE_PASSPHRASE_ENV,
  prompt: 'Bundle passphrase: ',
  newPrompt: 'New bundle passphrase: ',
  repeatPrompt: 'Repeat the bundle passphrase: ',
  nothingDone: 'No bundle was written.',
};

/** The vault's next passphrase (`passphrase`), asked twice on a terminal. */
export const NEW_VAULT_PASSPHRASE: PassphraseKind = {
  what: 'new passphrase',
  fileOption: '--new-passphrase-file',
  envName: NEW_PASSPHRASE_ENV,
  prompt: 'New passphrase: ',
  newPrompt: 'New passphrase: ',
  repeatPrompt: 'Repeat the new passphrase: ',
  nothingDone: 'The passphrase was not changed.',
};

/** The passphrase a backup opens with: the vault's passphrase when the backup was made. */
export const BACKUP_PASSPHRASE: PassphraseKind = {
  what: 'backup passphrase',
  fileOption: '--backup-passphrase-file',
  envName: BACKUP_PASSPHRASE_ENV,
  prompt: 'Backup passphrase: ',
  newPrompt: 'Backup passphrase: ',
  repeatPrompt: 'Repeat the backup passphrase: ',
  nothingDone: 'Nothing was changed.',
};

export interface PassphraseSources {
  /** `--passphrase-file PATH` (or the kind's own file option). */
  passphraseFile?: string;
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WritableStream;
  /** Tests pass one; the CLI uses process.platform. */
  platform?: NodeJS.Platform;
}

/**
 * Where the vault passphrase comes from, in order: `--passphrase-file`, then ASC_VAULT_PASSPHRASE,
 * then a no-echo prompt when stdin is a terminal. Never a command-line argument: those show in `ps`
 * and shell history.
 */
export function readPassphrase(purpose: PassphrasePurpose, sources: PassphraseSources): Promise<string> {
  return preparePassphrase(VAULT_PASSPHRASE, purpose, sources)();
}

/**
 * Finds the kind's source now, in the same order as the vault passphrase (file, environment,
 * terminal), so a missing or unreadable one is a usage error before any vault is unlocked; a prompt,
 * when it comes to that, is asked only when the returned function is called.
 */
export function preparePassphrase(kind: PassphraseKind, purpose: PassphrasePurpose, sources: PassphraseSources): () => Promise<string> {
  if (sources.passphraseFile !== undefined) {
    const fromFile = readPassphraseFile(kind, sources.passphraseFile, sources);
    return () => Promise.resolve(fromFile);
  }
  const fromEnv = sources.env[kind.envName];
  // Read once, then gone from the environment, so nothing this process starts or reports inherits it.
  delete sources.env[kind.envName];
  // An empty variable is what CI gives for a missing secret: treat it as not set.
  if (fromEnv !== undefined && fromEnv !== '') return () => Promise.resolve(fromEnv);
  if (sources.stdin.isTTY) {
    return () => (purpose === 'create' ? promptNewPassphrase(kind, sources) : promptHidden(kind.prompt, sources.stdin, sources.stderr));
  }
  throw new UsageError(
    `No ${kind.what} given. stdin is not a terminal, so use ${kind.fileOption} PATH or set ${kind.envName} (never pass the ${kind.what} as an argument).`,
  );
}

/** The whole file, less one final line ending (editors and `echo` add one). */
function readPassphraseFile(kind: PassphraseKind, file: string, { stderr, platform = process.platform }: Pick<PassphraseSources, 'stderr' | 'platform'>): string {
  let bytes: Buffer;
  try {
    // The mode is read from the same open file as the passphrase, not from the path a second time.
    const fd = openSync(file, 'r');
    try {
      warnIfOthersCanRead(file, fstatSync(fd), platform, stderr);
      bytes = readFileSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new UsageError(`The ${kind.what} file ${file} cannot be read (${code}).`);
  }
  if (bytes.length > MAX_PASSPHRASE_FILE_BYTES) throw new UsageError(`The ${kind.what} file ${file} is too large to hold a passphrase.`);
  const passphrase = bytes.toString('utf8').replace(/\r?\n$/, '');
  bytes.fill(0);
  if (passphrase === '') throw new UsageError(`The ${kind.what} file ${file} is empty.`);
  return passphrase;
}

/**
 * A warning, not a refusal: CI systems mount secrets with all sorts of modes. Only regular files on
 * POSIX: Windows reports no real mode bits, and /dev/stdin or a `<(...)` pipe is no file to chmod.
 */
function warnIfOthersCanRead(file: string, stats: Stats, platform: NodeJS.Platform, stderr: NodeJS.WritableStream): void {
  if (platform === 'win32' || !stats.isFile() || (stats.mode & 0o077) === 0) return;
  const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
  stderr.write(`warning: ${file} can be read by other users of this computer (mode ${mode}); make it owner-only: chmod 600 ${file}\n`);
}

/** Asks twice, checking the first answer with the app's own rules before asking again. */
async function promptNewPassphrase(kind: PassphraseKind, { stdin, stderr }: PassphraseSources): Promise<string> {
  const passphrase = await promptHidden(kind.newPrompt, stdin, stderr);
  checkNewPassphrase(passphrase);
  const repeated = await promptHidden(kind.repeatPrompt, stdin, stderr);
  if (repeated !== passphrase) throw new UsageError(`The two ${kind.what}s differ. ${kind.nothingDone}`);
  return passphrase;
}

// `--passphrase`, `--bundle-passphrase`, `--backup-passphrase` and `--new-passphrase`, alone or with `=value`.
const PASSPHRASE_ARGUMENT = /^--(?:bundle-|backup-|new-)?passphrase(?:=|$)/;

/**
 * Refuses a passphrase given as an argument before anything else parses the command line, so the
 * value is not echoed back in an "unknown option" message either.
 */
export function refusePassphraseArgument(args: readonly string[]): void {
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  if (options.some((arg) => PASSPHRASE_ARGUMENT.test(arg))) {
    throw new UsageError(
      `A passphrase is never taken as an argument (it would show in \`ps\` and shell history). Use --passphrase-file PATH, set ${PASSPHRASE_ENV}, or run on a terminal to be asked ` +
        `(for bundles and backups: --bundle-passphrase-file or ${BUNDLE_PASSPHRASE_ENV}, --backup-passphrase-file or ${BACKUP_PASSPHRASE_ENV}; ` +
        `for a new vault passphrase: --new-passphrase-file or ${NEW_PASSPHRASE_ENV}).`,
    );
  }
}
