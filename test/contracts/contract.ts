import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ExportField, ExportPlan } from '../../src-main/exports/export-plan';
import { absoluteFolder, planExport } from '../../src-main/exports/export-planner';
import { parseExportOptions } from '../../src-shared/exports/export-options';
import type { ExportSlotId, ExportTargetId } from '../../src-shared/exports/export-targets';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import { tempFolder } from '../helpers/temp-vault';
import { expectSameKey, fixtureKey, materialsOf, recordsOf, type ExportFixtureKey, type FixtureChoice } from '../unit/exports/export-fixtures';

/**
 * A consumer contract: what one tool, library or dashboard reads from an export, written down once from its
 * own source or documentation, and the version that was read. The test writes the export with the real
 * export code and checks each case against it; where the consumer itself runs offline, `consume` runs it.
 */
export interface ConsumerContract<Id extends ExportTargetId = ExportTargetId> {
  target: Id;
  /** Who reads the export, in its own name: "fastlane (spaceship Token.from_json_file)". */
  consumer: string;
  /** Where its reading is written: source files or documentation pages. */
  sources: readonly string[];
  /** The version of those sources this contract was written against (tag, commit, package version or date read). */
  version: string;
  cases: readonly ContractCase[];
}

export interface ContractCase {
  name: string;
  /** The kind of key in each slot; fresh keys are generated for every run. */
  keys: Partial<Record<ExportSlotId, KeyKind>>;
  options?: Record<string, unknown>;
  /** Every file the consumer opens, by the exact name it looks for. */
  files: readonly ContractFile[];
  /** The fields or variables it asks for, by its own label, and where each value comes from. */
  fields?: readonly ContractField[];
  /** Labels it has no use for, which the export must not offer (an Issuer ID for an individual key). */
  absentFields?: readonly string[];
  /** Words the steps, commands or notices must contain: what the consumer needs that the export cannot fill in. */
  mentions?: readonly string[];
  /** Text the steps, commands and notices must not contain. */
  never?: readonly string[];
  /** Runs the consumer, or its own rule, on the written export. */
  consume?(written: WrittenExport): void | Promise<void>;
}

/** `p8`: the slot's key file byte for byte; `text`: a file the export composes. */
export type ContractFile = { name: string; p8Of: ExportSlotId } | { name: string; text: true };

export type FieldValue =
  | { keyId: ExportSlotId }
  | { issuerId: ExportSlotId }
  /** The slot's key as PEM text (what a variable or secret holds). */
  | { pem: ExportSlotId }
  /** The slot's .p8 file in base64. */
  | { base64: ExportSlotId }
  /** The path of a written file, as the field shows it. */
  | { pathOf: string }
  | { exactly: string };

export interface ContractField {
  label: string;
  section?: string;
  value: FieldValue;
}

/** An export as the consumer finds it: the files in their folder, and the plan main built for them. */
export interface WrittenExport {
  folder: string;
  plan: ExportPlan;
  keys: FixtureChoice;
  key(slot: ExportSlotId): ExportFixtureKey;
  bytes(name: string): Buffer;
  text(name: string): string;
  /** The value of a field by its label (and section); private-key fields included. */
  field(label: string, section?: string): string;
  /** The steps, commands and notices as one text. */
  words: string;
}

/** Plans the export with the real export code and writes its files, owner-only, into a fresh folder. */
export function writeExport(target: ExportTargetId, kinds: ContractCase['keys'], options: Record<string, unknown> = {}): WrittenExport {
  const keys: FixtureChoice = Object.fromEntries(Object.entries(kinds).map(([slot, kind]) => [slot, fixtureKey(kind)]));
  const folder = tempFolder();
  const plan = planExport(target, recordsOf(keys), materialsOf(keys), parseExportOptions(target, options), absoluteFolder(folder, tempFolder()));
  for (const file of plan.files) writeFileSync(path.join(folder, file.name), file.contents, { mode: file.mode });
  const key = (slot: ExportSlotId) => {
    const found = keys[slot];
    if (!found) throw new Error(`no key in slot ${slot}`);
    return found;
  };
  const bytes = (name: string) => readFileSync(path.join(folder, name));
  return {
    folder,
    plan,
    keys,
    key,
    bytes,
    text: (name) => bytes(name).toString('utf8'),
    field: (label, section) => findField(plan, label, section).value,
    words: [...plan.checklist, ...plan.commands.map((command) => command.line), ...plan.notices].join('\n'),
  };
}

function findField(plan: ExportPlan, label: string, section: string | undefined): ExportField {
  const matches = plan.fields.filter((field) => field.label === label && (section === undefined || field.section === section));
  if (matches.length !== 1) throw new Error(`expected one field "${label}"${section === undefined ? '' : ` in "${section}"`}, found ${matches.length}`);
  return matches[0] as ExportField;
}

/** Checks the files, fields and words a case names against the written export. */
export function expectCaseHolds(contractCase: ContractCase, written: WrittenExport): void {
  expect(written.plan.files.map((file) => file.name).sort()).toEqual(contractCase.files.map((file) => file.name).sort());
  for (const file of contractCase.files) {
    const bytes = written.bytes(file.name);
    if ('p8Of' in file) {
      const key = written.key(file.p8Of);
      expect(bytes.equals(Buffer.from(key.material.p8Bytes)), `${file.name} is the ${file.p8Of} key as imported`).toBe(true);
      expectSameKey(bytes.toString('utf8'), key.record);
    }
  }
  for (const expected of contractCase.fields ?? []) {
    const value = written.field(expected.label, expected.section);
    expect(value, expected.label).toBe(expectedValue(expected.value, written));
  }
  const labels = written.plan.fields.map((field) => field.label);
  for (const absent of contractCase.absentFields ?? []) expect(labels).not.toContain(absent);
  for (const word of contractCase.mentions ?? []) expect(written.words).toContain(word);
  for (const word of contractCase.never ?? []) expect(written.words).not.toContain(word);
}

function expectedValue(value: FieldValue, written: WrittenExport): string {
  if ('keyId' in value) return written.key(value.keyId).record.keyId;
  if ('issuerId' in value) return written.key(value.issuerId).record.issuerId ?? '(none)';
  if ('pem' in value) return Buffer.from(written.key(value.pem).material.p8Bytes).toString('utf8').trimEnd();
  if ('base64' in value) return Buffer.from(written.key(value.base64).material.p8Bytes).toString('base64');
  if ('pathOf' in value) return path.join(written.folder, value.pathOf);
  return value.exactly;
}
