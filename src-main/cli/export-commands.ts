import type { z } from 'zod';
import { EXPORT_OPTIONS_SCHEMAS, type DotenvPemStyle, type ExportValueNames } from '../../src-shared/exports/export-options';
import type { ExportFieldPreview, ExportWriteResult } from '../../src-shared/exports/export-preview';
import { checkKeyForSlot } from '../../src-shared/exports/export-rules';
import { EXPORT_TARGETS, type ExportSlotId, type ExportTargetId } from '../../src-shared/exports/export-targets';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { checkRequest } from './check-request';
import { keyJson, oneLine, type CommandOutput } from './output';
import { resolveKey } from './resolve-key';
import { UsageError } from './usage-error';
import { withUnlockedVault, type VaultTarget } from './vault-session';

/** The names `--secret-name` (github-actions) and `--variable-name` (dotenv) set, as `FIELD=NAME`. */
export type ExportNames = Partial<ExportValueNames>;

export interface ExportFlags {
  to: ExportTargetId;
  out?: string;
  with?: string;
  overwrite?: boolean;
  allowRevoked?: boolean;
  bundleId?: string;
  duration?: number;
  inHouse?: boolean;
  profile?: string;
  repository?: string;
  secretName?: ExportNames;
  pemStyle?: DotenvPemStyle;
  fileName?: string;
  variableName?: ExportNames;
  privateKeysFolder?: string;
}

type TargetFlag = Exclude<keyof ExportFlags, 'to' | 'out' | 'with' | 'overwrite' | 'allowRevoked' | 'privateKeysFolder'>;

/** Each target option's flag, the one target that takes it, and its name in the target's options. */
export const TARGET_FLAGS: Record<TargetFlag, { flag: string; target: ExportTargetId; option: string }> = {
  bundleId: { flag: '--bundle-id', target: 'adapty', option: 'bundleId' },
  duration: { flag: '--duration', target: 'fastlane', option: 'duration' },
  inHouse: { flag: '--in-house', target: 'fastlane', option: 'inHouse' },
  profile: { flag: '--profile', target: 'expo-eas', option: 'profile' },
  repository: { flag: '--repository', target: 'github-actions', option: 'repository' },
  secretName: { flag: '--secret-name', target: 'github-actions', option: 'secretNames' },
  pemStyle: { flag: '--pem-style', target: 'dotenv', option: 'pemStyle' },
  fileName: { flag: '--file-name', target: 'dotenv', option: 'fileName' },
  variableName: { flag: '--variable-name', target: 'dotenv', option: 'variableNames' },
};

/**
 * Writes a target's files with the app's ExportService (the same kind rules, file names and owner-only
 * modes) and prints what to paste where. Private keys go only into the files: neither the text nor
 * the JSON carries one, and a private-key field is shown by name with the file that holds it.
 */
export function exportKey(target: VaultTarget, reference: string, flags: ExportFlags): Promise<CommandOutput> {
  const options = exportOptions(flags);
  const folder = exportFolder(flags);
  return withUnlockedVault(target, async ({ keys, exports }) => {
    const all = keys.listKeys();
    const primary = resolveKey(all, reference);
    const secondary = flags.with === undefined ? undefined : resolveKey(all, flags.with);
    const chosen = slotsFor(flags.to, primary, secondary, flags.allowRevoked === true);
    const result = await exports.write(flags.to, chosen, options, { ...(folder === undefined ? {} : { folder }), overwrite: flags.overwrite === true });
    return { json: exportJson(result), text: exportText(result) };
  });
}

/**
 * KEY goes in the target's first slot that takes its kind (the first slot if none does, so the
 * service names the kind it needs); `--with` fills the other slot of a two-key target.
 */
export function slotsFor(targetId: ExportTargetId, primary: KeySummary, secondary: KeySummary | undefined, allowRevoked: boolean): Partial<Record<ExportSlotId, string>> {
  const spec = EXPORT_TARGETS[targetId];
  const first = spec.slots.find((slot) => slot.kinds.includes(primary.kind)) ?? spec.slots[0];
  if (first === undefined) throw new Error(`export target ${targetId} has no slots`);
  const other = spec.slots.find((slot) => slot.slot !== first.slot);
  if (secondary !== undefined) {
    if (other === undefined) throw new UsageError(`${spec.label} takes one key; --with is for the targets that take two (${twoKeyTargets().join(', ')}).`);
    return { [first.slot]: primary.id, [other.slot]: secondary.id };
  }
  if (other?.required) {
    // A wrong or revoked KEY is the first thing to put right, so it is reported before the missing one.
    checkKeyForSlot(targetId, first.slot, primary, { allowRevoked });
    throw new UsageError(`${spec.label} needs two keys: give the ${other.label} with --with KEY.`);
  }
  return { [first.slot]: primary.id };
}

/** The target's options from its flags; a flag of another target is a usage error, not silently dropped. */
export function exportOptions(flags: ExportFlags): unknown {
  const options: Record<string, unknown> = { allowRevoked: flags.allowRevoked === true };
  for (const [name, { flag, target, option }] of Object.entries(TARGET_FLAGS) as Array<[TargetFlag, (typeof TARGET_FLAGS)[TargetFlag]]>) {
    if (flags[name] === undefined) continue;
    if (target !== flags.to) {
      throw new UsageError(`${flag} is an option of ${EXPORT_TARGETS[target].label} (--to ${target}), not of ${EXPORT_TARGETS[flags.to].label}.`);
    }
    options[option] = flags[name];
  }
  return checkRequest(EXPORT_OPTIONS_SCHEMAS[flags.to] as z.ZodType, options);
}

function twoKeyTargets(): ExportTargetId[] {
  return Object.values(EXPORT_TARGETS)
    .filter((spec) => spec.slots.length > 1)
    .map((spec) => spec.id);
}

/**
 * Where the files go: --out, or for altool --private-keys-folder (the same thing) and by default its
 * private_keys folder, which the service creates when missing.
 */
function exportFolder(flags: ExportFlags): string | undefined {
  if (flags.privateKeysFolder !== undefined) {
    if (flags.to !== 'altool') {
      throw new UsageError(`--private-keys-folder is an option of ${EXPORT_TARGETS.altool.label} (--to altool), not of ${EXPORT_TARGETS[flags.to].label}.`);
    }
    if (flags.out !== undefined && flags.out !== flags.privateKeysFolder) {
      throw new UsageError('--out and --private-keys-folder name the same folder for altool; give one of them.');
    }
    return flags.privateKeysFolder;
  }
  if (flags.out === undefined && flags.to !== 'altool') {
    throw new UsageError(`Give the folder to write the ${EXPORT_TARGETS[flags.to].label} files to with --out FOLDER (it must exist).`);
  }
  return flags.out;
}

/** The write result field by field; every value here is one the app's preview may show. */
function exportJson(result: ExportWriteResult): Record<string, unknown> {
  return {
    target: result.target,
    targetLabel: result.targetLabel,
    folder: result.folder,
    keys: result.keys.map(({ slot, id, kind, name, keyId }) => ({ slot, id, kind, name, keyId })),
    written: result.written.map(({ name, path, mode }) => ({ name, path, mode })),
    files: result.files.map(({ name, content, mode, secret, purpose, slot }) => ({ name, content, mode, secret, purpose, slot: slot ?? null })),
    fields: result.fields.map(fieldJson),
    checklist: [...result.checklist],
    commands: result.commands.map(({ label, line }) => ({ label, line })),
    notices: [...result.notices],
    exportedKeys: result.exportedKeys.map(keyJson),
  };
}

/** A private-key field has no value here: `value` is null, and `file` names the written file holding the same text, if any. */
function fieldJson(field: ExportFieldPreview): Record<string, unknown> {
  const common = { label: field.label, section: field.section ?? null, secret: field.secret, source: field.source, file: field.file ?? null };
  if (field.secret) return { ...common, value: null, form: field.form, slot: field.slot };
  return { ...common, value: field.value, form: null, slot: null };
}

function exportText(result: ExportWriteResult): string {
  const keys = result.keys.map((key) => `"${oneLine(key.name)}" (${key.keyId})`).join(' and ');
  const lines = [`Exported ${keys} to ${result.targetLabel}.`, '', 'Files written (owner-only):'];
  const pathOf = (fileName: string) => result.written.find((file) => file.name === fileName)?.path ?? fileName;
  for (const file of result.written) {
    const spec = result.files.find((candidate) => candidate.name === file.name);
    lines.push(`  ${file.path}${spec?.secret ? '  (holds the private key)' : ''}`);
  }
  lines.push('', 'Values to paste:', ...fieldLines(result.fields, pathOf));
  if (result.checklist.length > 0) lines.push('', 'Checklist:', ...result.checklist.map((step, index) => `  ${index + 1}. ${oneLine(step)}`));
  if (result.commands.length > 0) lines.push('', 'Commands:', ...result.commands.flatMap((command) => [`  # ${command.label}`, `  ${command.line}`]));
  if (result.notices.length > 0) lines.push('', ...result.notices.map((notice) => `Note: ${oneLine(notice)}`));
  return `${lines.join('\n')}\n`;
}

/** Fields under their section, in the target's order; a private key by name only. */
function fieldLines(fields: readonly ExportFieldPreview[], pathOf: (fileName: string) => string): string[] {
  const sections = [...new Set(fields.map((field) => field.section))];
  return sections.flatMap((section) => {
    const inSection = fields.filter((field) => field.section === section);
    const indent = section === undefined ? '  ' : '    ';
    const width = Math.max(...inSection.map((field) => field.label.length)) + 2;
    const rows = inSection.map((field) => `${indent}${`${field.label}:`.padEnd(width)}${fieldValue(field, pathOf)}`);
    return section === undefined ? rows : [`  ${section}:`, ...rows];
  });
}

function fieldValue(field: ExportFieldPreview, pathOf: (fileName: string) => string): string {
  if (!field.secret) return oneLine(field.value);
  const form = field.form === 'base64' ? 'the .p8 file in base64' : 'the PEM text';
  return `(private key, not printed; ${form} is in ${field.file === undefined ? 'the files written' : pathOf(field.file)})`;
}
