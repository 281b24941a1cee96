import path from 'node:path';
import type { ExportOptions } from '../../src-shared/exports/export-options';
import type { ExportFieldPreview, ExportFileSpec, ExportPreview, ExportPreviewKey } from '../../src-shared/exports/export-preview';
import { CHOSEN_FOLDER_PLACEHOLDER } from '../../src-shared/exports/export-preview';
import { checkExportChoice } from '../../src-shared/exports/export-rules';
import { EXPORT_TARGETS, type ExportSlotId, type ExportTargetId } from '../../src-shared/exports/export-targets';
import type { ExportFolder, ExportKeyMaterials, ExportKeyRecords, ExportPlan, ExportTarget } from './export-plan';
import { EXPORT_TARGET_MODULES } from './targets';

/**
 * The pure core of exporting: kind rules, then the target's module. `previewExport` never sees key
 * material; `planExport` adds it and stays in main.
 */

export function previewExport<Id extends ExportTargetId>(target: Id, keys: ExportKeyRecords, options: ExportOptions<Id>, folder: ExportFolder): ExportPreview {
  checkExportChoice(target, keys, { allowRevoked: options.allowRevoked });
  const module = EXPORT_TARGET_MODULES[target] as ExportTarget<Id>;
  return { ...header(target, keys, folder), ...module.layout({ keys, options, folder }) };
}

export function planExport<Id extends ExportTargetId>(
  target: Id,
  keys: ExportKeyRecords,
  materials: ExportKeyMaterials,
  options: ExportOptions<Id>,
  folder: ExportFolder,
): ExportPlan {
  checkExportChoice(target, keys, { allowRevoked: options.allowRevoked });
  const module = EXPORT_TARGET_MODULES[target] as ExportTarget<Id>;
  return { ...header(target, keys, folder), ...module.build({ keys, options, folder, materials }) };
}

/** The plan as the renderer may see it: file contents and private-key values left behind. */
export function previewOfPlan(plan: ExportPlan): ExportPreview {
  const files = plan.files.map(({ name, content, mode, secret, purpose, slot }): ExportFileSpec => ({
    name,
    content,
    mode,
    secret,
    purpose,
    ...(slot === undefined ? {} : { slot }),
  }));
  const fields = plan.fields.map((field): ExportFieldPreview => {
    if (!field.secret) return { ...field };
    const { label, section, source, form, slot, file } = field;
    return { label, ...(section === undefined ? {} : { section }), secret: true, source, form, slot, ...(file === undefined ? {} : { file }) };
  });
  return { ...plan, files, fields, keys: plan.keys.map((key) => ({ ...key })) };
}

/** A folder shown with `~` or a placeholder: paths in fields and commands are joined with `/`. */
export function shownFolder(shown: string = CHOSEN_FOLDER_PLACEHOLDER, home?: string): ExportFolder {
  const trimmed = shown.length > 1 ? shown.replace(/[\\/]+$/, '') : shown;
  return { shown: trimmed, pathOf: (fileName) => `${trimmed}/${fileName}`, ...(home === undefined ? {} : { home }) };
}

/** A real, absolute folder: paths are joined the platform's way. */
export function absoluteFolder(folder: string, home?: string): ExportFolder {
  return { shown: folder, pathOf: (fileName) => path.join(folder, fileName), ...(home === undefined ? {} : { home }) };
}

function header(target: ExportTargetId, keys: ExportKeyRecords, folder: ExportFolder): Pick<ExportPreview, 'target' | 'targetLabel' | 'keys' | 'folder'> {
  const spec = EXPORT_TARGETS[target];
  const chosen = spec.slots.flatMap((slotSpec): ExportPreviewKey[] => {
    const key = keys[slotSpec.slot as ExportSlotId];
    return key ? [{ slot: slotSpec.slot, id: key.id, kind: key.kind, name: key.name, keyId: key.keyId }] : [];
  });
  return { target, targetLabel: spec.label, keys: chosen, folder: folder.shown };
}
