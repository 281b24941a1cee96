import type { ExportOptions } from '../../src-shared/exports/export-options';
import type {
  ExportFileSpec,
  ExportPreview,
  PlainExportField,
  SecretExportFieldPreview,
} from '../../src-shared/exports/export-preview';
import type { ExportSlotId, ExportTargetId } from '../../src-shared/exports/export-targets';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { pemTextOf } from './pem-text';

/**
 * Main's side of an export: the preview's shape plus what the renderer must never see, the file
 * contents and the private-key field values. Built only inside main, from a layout that has no access
 * to key material, so the preview cannot carry any.
 */

export interface ExportKeyMaterial {
  /** The .p8 as it is written out: the bytes as imported, or the PKCS#8 PEM for a key imported in SEC1 form. */
  p8Bytes: Uint8Array;
  pkcs8Pem: string;
}

export type ExportKeyRecords = Partial<Record<ExportSlotId, KeySummary>>;
export type ExportKeyMaterials = Partial<Record<ExportSlotId, ExportKeyMaterial>>;

export interface ExportFile extends ExportFileSpec {
  contents: Uint8Array;
}

export interface SecretExportField extends SecretExportFieldPreview {
  value: string;
}

export type ExportField = PlainExportField | SecretExportField;

export interface ExportPlan extends Omit<ExportPreview, 'files' | 'fields'> {
  files: ExportFile[];
  fields: ExportField[];
}

/** Where the files go, as fields and commands should show it. */
export interface ExportFolder {
  /** `~/.appstoreconnect/private_keys`, a placeholder, or an absolute path once chosen. */
  shown: string;
  /** The shown path of a file in the folder. */
  pathOf(fileName: string): string;
  /** The user's home folder, for targets that must tell whether the folder is one their tool looks in. */
  home?: string;
}

export interface ExportLayoutInput<Id extends ExportTargetId> {
  keys: ExportKeyRecords;
  options: ExportOptions<Id>;
  folder: ExportFolder;
}

/** Everything about an export except key material; it is the renderer-safe preview. */
export type ExportLayout = Omit<ExportPreview, 'target' | 'targetLabel' | 'keys' | 'folder'>;

/** One target: a pure layout, and the text of the files it composes (the only place a PEM enters). */
export interface ExportTargetDefinition<Id extends ExportTargetId> {
  id: Id;
  layout(input: ExportLayoutInput<Id>): ExportLayout;
  /** Text files by name; `p8` files and private-key fields are filled in from the material generically. */
  composeTexts?(input: ExportLayoutInput<Id> & { materials: ExportKeyMaterials }): Record<string, string>;
}

export interface ExportTarget<Id extends ExportTargetId = ExportTargetId> {
  id: Id;
  layout(input: ExportLayoutInput<Id>): ExportLayout;
  /** The layout with contents: main only. */
  build(input: ExportLayoutInput<Id> & { materials: ExportKeyMaterials }): Omit<ExportPlan, 'target' | 'targetLabel' | 'keys' | 'folder'>;
}

export function defineExportTarget<Id extends ExportTargetId>(definition: ExportTargetDefinition<Id>): ExportTarget<Id> {
  return {
    id: definition.id,
    layout: (input) => definition.layout(input),
    build: (input) => {
      const layout = definition.layout(input);
      const texts = definition.composeTexts?.(input) ?? {};
      const encoder = new TextEncoder();
      const files = layout.files.map((file): ExportFile => {
        if (file.content === 'p8') return { ...file, contents: Uint8Array.from(materialFor(input.materials, file.slot).p8Bytes) };
        const text = texts[file.name];
        if (text === undefined) throw new Error(`${definition.id}: no text composed for ${file.name}`);
        return { ...file, contents: encoder.encode(text) };
      });
      const extra = Object.keys(texts).filter((name) => !layout.files.some((file) => file.name === name));
      if (extra.length > 0) throw new Error(`${definition.id}: composed files missing from the layout: ${extra.join(', ')}`);
      const fields = layout.fields.map((field): ExportField => (field.secret ? { ...field, value: secretValue(field, input.materials) } : field));
      return { ...layout, files, fields };
    },
  };
}

function materialFor(materials: ExportKeyMaterials, slot: ExportSlotId | undefined): ExportKeyMaterial {
  const material = slot === undefined ? undefined : materials[slot];
  if (!material) throw new Error(`no key material for slot ${slot ?? '(none)'}`);
  return material;
}

function secretValue(field: SecretExportFieldPreview, materials: ExportKeyMaterials): string {
  const material = materialFor(materials, field.slot);
  return field.form === 'pem' ? pemTextOf(material).trimEnd() : Buffer.from(material.p8Bytes).toString('base64');
}
