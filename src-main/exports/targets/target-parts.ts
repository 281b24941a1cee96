import { OWNER_ONLY_FILE_MODE, type ExportFileSpec, type PlainExportField, type SecretExportFieldPreview } from '../../../src-shared/exports/export-preview';
import type { ExportSlotId } from '../../../src-shared/exports/export-targets';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import type { ExportFolder, ExportKeyRecords } from '../export-plan';

/** The pieces every target module builds its layout from, so each module reads as its target's own words. */

/** The key in a slot; the service has already checked the choice, so a missing one is a programming error. */
export function keyIn(keys: ExportKeyRecords, slot: ExportSlotId): KeySummary {
  const key = keys[slot];
  if (!key) throw new Error(`export layout: no key in slot ${slot}`);
  return key;
}

/** Checked by the kind rules before any layout is built; only individual keys have none. */
export function issuerIdOf(key: KeySummary): string {
  if (key.issuerId === undefined) throw new Error(`export layout: ${key.keyId} has no Issuer ID`);
  return key.issuerId;
}

/**
 * The name App Store Connect gives the download. Services read the Key ID from it (Apphud refuses a
 * renamed file, altool looks for exactly AuthKey_<KEYID>.p8), so it is used even if the imported copy
 * had been renamed, for example with a browser's " (1)".
 */
export function appleFileName(key: Pick<KeySummary, 'kind' | 'keyId'>): string {
  return `${key.kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${key.keyId}.p8`;
}

export function p8File(slot: ExportSlotId, key: KeySummary, purpose: string): ExportFileSpec {
  return { name: appleFileName(key), content: 'p8', mode: OWNER_ONLY_FILE_MODE, secret: true, purpose, slot };
}

export function textFile(name: string, purpose: string, secret: boolean): ExportFileSpec {
  return { name, content: 'text', mode: OWNER_ONLY_FILE_MODE, secret, purpose };
}

/** `./name`: a file in the folder a tool runs from (a project folder, next to its config). */
export function projectRelativePath(fileName: string): string {
  return `./${fileName}`;
}

const withSection = (section: string | undefined) => (section === undefined ? {} : { section });

export const field = {
  keyId: (label: string, key: KeySummary, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'keyId',
    value: key.keyId,
  }),
  issuerId: (label: string, key: KeySummary, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'issuerId',
    value: issuerIdOf(key),
  }),
  bundleId: (label: string, bundleId: string, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'bundleId',
    value: bundleId,
  }),
  setting: (label: string, value: string, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'setting',
    value,
  }),
  path: (label: string, folder: ExportFolder, file: string, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'path',
    value: folder.pathOf(file),
    file,
  }),
  /** The path of a file the checklist moves into the user's project folder, as tools run from there read it. */
  projectPath: (label: string, file: string, section?: string): PlainExportField => ({
    label,
    ...withSection(section),
    secret: false,
    source: 'path',
    value: projectRelativePath(file),
    file,
  }),
  privateKey: (label: string, slot: ExportSlotId, options: { form?: 'pem' | 'base64'; file?: string; section?: string } = {}): SecretExportFieldPreview => ({
    label,
    ...withSection(options.section),
    secret: true,
    source: 'privateKey',
    form: options.form ?? 'pem',
    slot,
    ...(options.file === undefined ? {} : { file: options.file }),
  }),
};
