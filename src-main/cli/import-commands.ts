import path from 'node:path';
import { AppError, isAppError } from '../../src-shared/errors';
import { checkKeyIdentity, normalizeBundleId, normalizeIssuerId, trimPasted } from '../../src-shared/keys/identifiers';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, type KeyKind } from '../../src-shared/keys/key-kind';
import type { KeyEnvironment, KeySummary } from '../../src-shared/keys/key-record';
import { KeyImportFieldsSchema } from '../../src-shared/keys/key-requests';
import { readKeyFile, type KeyBytesImport, type KeyService } from '../keys/key-service';
import { parseP8 } from '../keys/parse-p8';
import { checkRequest } from './check-request';
import { commandLineMessage, type CommandLineOption } from './command-line-hints';
import { EXIT } from './exit-codes';
import { checkFileArgument, isFolder, keyFilesIn } from './file-arguments';
import { keyDetails, keyJson, oneLine, type CommandOutput } from './output';
import { UsageError } from './usage-error';
import { withUnlockedVault, type VaultTarget } from './vault-session';

export interface ImportOptions {
  kind?: KeyKind;
  keyId?: string;
  issuerId?: string;
  bundleIds: string[];
  name?: string;
  notes?: string;
  tags: string[];
  environment?: KeyEnvironment;
}

// Apple's own example, as the app's messages show it.
const ISSUER_ID_EXAMPLE = '57246542-96fe-1a63-e053-0824d011072a';

/** Options that describe one key: with several files they would give every key the same Key ID or name. */
const SINGLE_FILE_OPTIONS: ReadonlyArray<{ option: keyof ImportOptions; flag: string; instead: string }> = [
  { option: 'keyId', flag: '--key-id', instead: 'each file’s name gives its Key ID' },
  { option: 'name', flag: '--name', instead: 'each key gets its default name (its kind and Key ID), to change with `update KEY --name NAME`' },
];

/** A file whose contents, name and kind passed every check that needs no vault; its bytes are wiped after the import. */
interface CheckedKeyFile {
  /** Its place among the files, so that the report keeps the command line's order. */
  index: number;
  file: string;
  bytes: Uint8Array;
  kind: KeyKind;
}

interface RefusedFile {
  index: number;
  file: string;
  error: AppError;
}

interface ImportedFile {
  index: number;
  file: string;
  key: KeySummary;
  notices: string[];
}

interface DuplicateFile {
  index: number;
  file: string;
  keyId: string;
  existing: KeySummary;
}

/**
 * `import FILE…`: each FILE a .p8, or a folder whose .p8 files are imported (not its subfolders').
 * Everything that needs no vault (options, paths, contents, file names, Issuer ID) is checked before
 * the passphrase is asked for. One file gives the single-key output and fails as a whole; several are
 * imported in one unlock, each file all or nothing, and reported as imported, already in the vault, or refused.
 */
export async function importKeys(target: VaultTarget, args: readonly string[], options: ImportOptions, commandOptions: readonly CommandLineOption[]): Promise<CommandOutput> {
  const several = args.length > 1 || args.some(isFolder);
  const files = uniquePaths(args.flatMap((arg) => (isFolder(arg) ? keyFilesIn(arg) : [arg])));
  if (several) refuseSingleFileOptions(options);
  if (files.length === 0) throw new UsageError('Give the .p8 file to import, or a folder of them.');
  const request = checkRequest(KeyImportFieldsSchema, importFields(options));
  checkImportOptions(options);
  return several ? importSeveral(target, files, request, options, commandOptions) : importOne(target, files[0]!, request, options);
}

type ImportFields = Omit<KeyBytesImport, 'bytes' | 'fileName' | 'origin'>;

async function importOne(target: VaultTarget, file: string, request: ImportFields, options: ImportOptions): Promise<CommandOutput> {
  const checked = await checkKeyFile(0, file, options);
  try {
    requireIssuerId([checked], options, 1);
    return await withUnlockedVault(target, ({ keys }) => {
      const { key, notices } = keys.importFromBytes(bytesImport(checked, request));
      const noticeText = notices.map((notice) => `Note: ${notice}\n`).join('');
      return {
        json: { key: keyJson(key), notices },
        text: `Imported "${key.name}" (${key.keyId}) as an ${KEY_KIND_LABELS[key.kind]}.\n${noticeText}\n${keyDetails(key)}`,
      };
    });
  } finally {
    checked.bytes.fill(0);
  }
}

async function importSeveral(
  target: VaultTarget,
  files: readonly string[],
  request: ImportFields,
  options: ImportOptions,
  commandOptions: readonly CommandLineOption[],
): Promise<CommandOutput> {
  const checked: CheckedKeyFile[] = [];
  const refused: RefusedFile[] = [];
  try {
    for (const [index, file] of files.entries()) {
      try {
        checked.push(await checkKeyFile(index, file, options));
      } catch (error) {
        if (!isAppError(error)) throw error;
        refused.push({ index, file, error });
      }
    }
    requireIssuerId(checked, options, files.length);
    // Nothing left to import: no passphrase is asked for, and the vault is not opened.
    const stored = checked.length === 0 ? { imported: [], duplicates: [] } : await withUnlockedVault(target, ({ keys }) => importEach(keys, checked, request, refused));
    return severalOutput(files.length, stored.imported, stored.duplicates, refused.sort((a, b) => a.index - b.index), commandOptions);
  } finally {
    for (const file of checked) file.bytes.fill(0);
  }
}

/** Each file in its own transaction, so a refusal leaves the others imported; a key the vault holds is skipped. */
function importEach(keys: KeyService, checked: readonly CheckedKeyFile[], request: ImportFields, refused: RefusedFile[]): { imported: ImportedFile[]; duplicates: DuplicateFile[] } {
  const imported: ImportedFile[] = [];
  const duplicates: DuplicateFile[] = [];
  for (const file of checked) {
    const input = bytesImport(file, request);
    try {
      const check = keys.checkBytesImport(input);
      if (check.duplicateOf !== undefined) {
        duplicates.push({ index: file.index, file: file.file, keyId: check.keyId, existing: check.duplicateOf });
        continue;
      }
      imported.push({ index: file.index, file: file.file, ...keys.importFromBytes(input) });
    } catch (error) {
      if (!isAppError(error)) throw error;
      refused.push({ index: file.index, file: file.file, error });
    }
  }
  return { imported, duplicates };
}

function severalOutput(
  total: number,
  imported: readonly ImportedFile[],
  duplicates: readonly DuplicateFile[],
  refused: readonly RefusedFile[],
  commandOptions: readonly CommandLineOption[],
): CommandOutput {
  const files = (count: number) => `${count} file${count === 1 ? '' : 's'}`;
  const lines = [imported.length === 0 ? `Imported no keys from the ${files(total)}.` : `Imported ${imported.length} of the ${files(total)}:`];
  for (const entry of imported) {
    lines.push(`  ${entry.file}: "${oneLine(entry.key.name)}" (${entry.key.keyId}), ${KEY_KIND_LABELS[entry.key.kind]}`);
    lines.push(...entry.notices.map((notice) => `    Note: ${oneLine(notice)}`));
  }
  if (duplicates.length > 0) {
    lines.push('Already in the vault, skipped:', ...duplicates.map((entry) => `  ${entry.file}: stored as "${oneLine(entry.existing.name)}" (${entry.existing.keyId})`));
  }
  if (refused.length > 0) {
    lines.push(`Refused ${files(refused.length)}, nothing stored from them (the reasons are on stderr):`, ...refused.map((entry) => `  ${entry.file}: ${entry.error.code}`));
  }
  return {
    json: {
      imported: imported.map((entry) => ({ file: path.resolve(entry.file), key: keyJson(entry.key), notices: [...entry.notices] })),
      duplicates: duplicates.map((entry) => ({ file: path.resolve(entry.file), keyId: entry.keyId, existing: keyJson(entry.existing) })),
      refused: refused.map((entry) => ({ file: path.resolve(entry.file), code: entry.error.code, message: commandLineMessage(entry.error, commandOptions) })),
    },
    text: lines.join('\n'),
    refusals: refused.map((entry) => `error ${entry.error.code}: ${entry.file}: ${commandLineMessage(entry.error, commandOptions)}\n`),
    ...(refused.length > 0 ? { exitCode: EXIT.invalidInput } : {}),
  };
}

/** The same file named twice (by two paths, or as a file and in its folder) is imported once. */
function uniquePaths(files: readonly string[]): string[] {
  const seen = new Set<string>();
  return files.filter((file) => {
    const resolved = path.resolve(file);
    if (seen.has(resolved)) return false;
    seen.add(resolved);
    return true;
  });
}

function refuseSingleFileOptions(options: ImportOptions): void {
  for (const { option, flag, instead } of SINGLE_FILE_OPTIONS) {
    if (options[option] !== undefined) {
      throw new UsageError(`${flag} is for one file. With several files or a folder, ${instead}: leave ${flag} out, or import that file on its own.`);
    }
  }
}

function importFields(options: ImportOptions): unknown {
  const { bundleIds, tags, ...optional } = options;
  return { ...definedOnly(optional), bundleIds, tags };
}

/** The options' own values, the same for every file: a malformed one refuses the whole command. */
function checkImportOptions(options: ImportOptions): void {
  const issuerId = trimPasted(options.issuerId ?? '');
  if (issuerId !== '') {
    if (options.kind === 'asc-individual') {
      throw new AppError(
        'BAD_ISSUER_ID',
        'Individual App Store Connect API keys have no Issuer ID: their tokens name the user instead. Leave out --issuer-id, or give --kind asc-team for a team key.',
      );
    }
    normalizeIssuerId(issuerId);
  }
  for (const bundleId of options.bundleIds) normalizeBundleId(bundleId);
}

/** Reads a file and checks it as the app will, less what needs the vault (duplicates, Key IDs in use). */
async function checkKeyFile(index: number, file: string, options: ImportOptions): Promise<CheckedKeyFile> {
  checkFileArgument(file);
  const bytes = await readKeyFile(file);
  try {
    parseP8(bytes, 'file');
    const { kind } = checkKeyIdentity({ fileName: path.basename(file), chosenKind: options.kind, typedKeyId: options.keyId });
    return { index, file, bytes, kind };
  } catch (error) {
    bytes.fill(0);
    throw error;
  }
}

/** In-App Purchase and team keys sign as the account; a missing --issuer-id is reported before the passphrase is asked for. */
function requireIssuerId(checked: readonly CheckedKeyFile[], options: ImportOptions, total: number): void {
  if (trimPasted(options.issuerId ?? '') !== '') return;
  const needing = checked.filter((file) => file.kind !== 'asc-individual');
  const kinds = [...new Set(needing.map((file) => file.kind))];
  const [kind] = kinds;
  if (kind === undefined) return;
  const where = `App Store Connect shows it above the list of keys in ${KEY_KIND_SOURCES[kind]}; it looks like ${ISSUER_ID_EXAMPLE}.`;
  const individual = kinds.includes('asc-team') ? ' For individual keys, give --kind asc-individual instead.' : '';
  if (total === 1) {
    throw new AppError('BAD_ISSUER_ID', `An ${KEY_KIND_LABELS[kind]} needs the Issuer ID of your App Store Connect account: give it with --issuer-id <uuid>. ${where}${individual}`);
  }
  const labels = kinds.map((each) => `${KEY_KIND_LABELS[each]}s`).join(' and ');
  throw new AppError(
    'BAD_ISSUER_ID',
    `${needing.length} of the ${total} files hold ${labels}, which need the Issuer ID of your App Store Connect account: give it with --issuer-id <uuid>. ` +
      `App Store Connect shows it above the list of keys; it looks like ${ISSUER_ID_EXAMPLE}. Nothing was imported.${individual}`,
  );
}

function bytesImport(file: CheckedKeyFile, request: ImportFields): KeyBytesImport {
  return { ...request, bytes: file.bytes, fileName: path.basename(file.file), origin: 'file' };
}

function definedOnly<Fields extends Record<string, unknown>>(fields: Fields): Partial<Fields> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Fields>;
}
