import { mkdir, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { DEFAULT_PRIVATE_KEYS_FOLDER, parseExportOptions, type ExportDestination, type ExportKeys } from '../../src-shared/exports/export-options';
import type { ExportPreview, ExportWriteResult } from '../../src-shared/exports/export-preview';
import { EXPORT_TARGETS, type ExportSlotId, type ExportTargetId } from '../../src-shared/exports/export-targets';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { KeyService } from '../keys/key-service';
import type { ExportFolder, ExportKeyMaterial, ExportKeyMaterials, ExportKeyRecords, ExportPlan } from './export-plan';
import { absoluteFolder, planExport, previewExport, previewOfPlan, shownFolder } from './export-planner';
import { destinationError, fileExists, writeFileAtomically, type WriteFile } from '../files/write-file-atomically';

export interface ExportServiceOptions {
  keys: KeyService;
  /** Defaults to writeFileAtomically: temp file, flush, rename; never replaces unless told. */
  writeFile?: WriteFile;
  /** Expands `~` in folders; defaults to the OS home folder. */
  homeDir?: string;
}

/**
 * Exports keys to the services that need them. `preview` reads no key material and is safe to send to
 * the renderer; `write` decrypts, writes the files owner-only into a folder main chose, and records
 * the export on every key (KeyService.recordExport writes the audit event).
 */
export class ExportService {
  private readonly keys: KeyService;
  private readonly writeFile: WriteFile;
  private readonly home: string;

  constructor(options: ExportServiceOptions) {
    this.keys = options.keys;
    this.writeFile = options.writeFile ?? writeFileAtomically;
    this.home = options.homeDir ?? homedir();
  }

  /** File names, non-secret values, checklist and commands; the folder is a placeholder until one is chosen. */
  preview<Id extends ExportTargetId>(target: Id, keys: ExportKeys, options: unknown = {}, destination: Pick<ExportDestination, 'folder'> = {}): ExportPreview {
    const parsed = parseExportOptions(target, options);
    const records = this.recordsFor(target, keys);
    return previewExport(target, records, parsed, this.previewFolder(target, destination.folder));
  }

  /** Main only: the full plan with file contents and private-key values, e.g. for main's clipboard. */
  plan<Id extends ExportTargetId>(target: Id, keys: ExportKeys, options: unknown = {}, destination: Pick<ExportDestination, 'folder'> = {}): ExportPlan {
    const parsed = parseExportOptions(target, options);
    const records = this.recordsFor(target, keys);
    const folder =
      destination.folder === undefined ? this.previewFolder(target, undefined) : absoluteFolder(this.resolveFolder(destination.folder), this.home);
    return planExport(target, records, this.materialsFor(records), parsed, folder);
  }

  /** Main only: the value of a private-key field (by label, and section when the target has several keys). */
  secretFieldValue<Id extends ExportTargetId>(target: Id, keys: ExportKeys, options: unknown, label: string, section?: string): string {
    const field = this.plan(target, keys, options).fields.find(
      (candidate) => candidate.secret && candidate.label === label && (section === undefined || candidate.section === section),
    );
    if (!field || !field.secret) throw new AppError('NOT_FOUND', `${EXPORT_TARGETS[target].label} has no private-key field called ${label}.`);
    return field.value;
  }

  async write<Id extends ExportTargetId>(target: Id, keys: ExportKeys, options: unknown = {}, destination: ExportDestination = {}): Promise<ExportWriteResult> {
    const parsed = parseExportOptions(target, options);
    const records = this.recordsFor(target, keys);
    const overwrite = destination.overwrite ?? false;
    // Kind rules first: nothing is decrypted or created for an export that will be refused.
    previewExport(target, records, parsed, shownFolder());
    const folder = await this.prepareFolder(target, destination.folder);
    const materials = this.materialsFor(records);
    const plan = planExport(target, records, materials, parsed, absoluteFolder(folder, this.home));
    try {
      const targets = plan.files.map((file) => ({ file, filePath: path.join(folder, file.name) }));
      if (!overwrite) {
        for (const { filePath } of targets) {
          if (await exists(filePath)) throw fileExists(filePath);
        }
      }
      const written: ExportWriteResult['written'] = [];
      try {
        for (const { file, filePath } of targets) {
          await this.writeFile(filePath, file.contents, { mode: file.mode, overwrite });
          written.push({ name: file.name, path: filePath, mode: file.mode });
        }
      } catch (error) {
        // A multi-file export is all or nothing when nothing was being replaced.
        if (!overwrite) await Promise.all(written.map((file) => removeQuietly(file.path)));
        throw error;
      }
      const exportedKeys = uniqueIds(records).map((id) => this.keys.recordExport(id, target, folder));
      return { ...previewOfPlan(plan), written, exportedKeys };
    } finally {
      wipe(materials, plan);
    }
  }

  private recordsFor(target: ExportTargetId, keys: ExportKeys): ExportKeyRecords {
    const records: ExportKeyRecords = {};
    for (const slot of Object.keys(keys) as ExportSlotId[]) {
      const id = keys[slot];
      if (id === undefined) continue;
      if (!EXPORT_TARGETS[target].slots.some((spec) => spec.slot === slot)) {
        throw new AppError('BAD_REQUEST', `${EXPORT_TARGETS[target].label} does not take a key there. Choose the keys it asks for.`);
      }
      records[slot] = this.keys.getKey(id);
    }
    return records;
  }

  private materialsFor(records: ExportKeyRecords): ExportKeyMaterials {
    const materials: ExportKeyMaterials = {};
    for (const slot of Object.keys(records) as ExportSlotId[]) {
      const record = records[slot];
      if (record) materials[slot] = readExportMaterial(this.keys, record);
    }
    return materials;
  }

  /** The absolute folder a target writes to unless another is chosen: altool's private_keys folder; none for the others. */
  defaultFolder(target: ExportTargetId): string | undefined {
    return target === 'altool' ? this.resolveFolder(DEFAULT_PRIVATE_KEYS_FOLDER) : undefined;
  }

  private previewFolder(target: ExportTargetId, folder: string | undefined): ExportFolder {
    if (folder !== undefined) return absoluteFolder(this.resolveFolder(folder), this.home);
    return shownFolder(target === 'altool' ? DEFAULT_PRIVATE_KEYS_FOLDER : undefined, this.home);
  }

  /**
   * altool's private_keys folder is created (owner-only) when missing: the one the user picked in main's
   * dialog, or the default. Any other target's folder must already exist.
   */
  private async prepareFolder(target: ExportTargetId, chosen: string | undefined): Promise<string> {
    const wanted = chosen ?? (target === 'altool' ? DEFAULT_PRIVATE_KEYS_FOLDER : undefined);
    if (wanted === undefined) throw new AppError('BAD_REQUEST', `Choose the folder to write the ${EXPORT_TARGETS[target].label} files to.`);
    const folder = this.resolveFolder(wanted);
    if (target === 'altool') {
      await mkdir(folder, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
        throw destinationError(folder, error);
      });
    }
    const info = await stat(folder).catch((error: unknown) => {
      throw destinationError(folder, error);
    });
    if (!info.isDirectory()) throw destinationError(folder, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
    return folder;
  }

  private resolveFolder(folder: string): string {
    const expanded = folder === '~' ? this.home : folder.startsWith('~/') ? path.join(this.home, folder.slice(2)) : folder;
    return path.resolve(expanded);
  }
}

/**
 * What an export writes for a key: the file exactly as imported, or, for a key imported in the SEC1
 * form, its PKCS#8 PEM (the form services expect). Main only.
 */
export function readExportMaterial(keys: KeyService, record: KeySummary): ExportKeyMaterial {
  const pkcs8Pem = keys.readPkcs8Pem(record.id);
  const p8Bytes = record.sourceFormat === 'sec1' ? new TextEncoder().encode(pkcs8Pem) : keys.readOriginalBytes(record.id);
  return { p8Bytes, pkcs8Pem };
}

function uniqueIds(records: ExportKeyRecords): string[] {
  return [...new Set(Object.values(records).flatMap((record) => (record ? [record.id] : [])))];
}

async function exists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    () => false,
  );
}

async function removeQuietly(filePath: string): Promise<void> {
  await rm(filePath, { force: true }).catch(() => undefined);
}

/** Best effort, as JavaScript allows: overwrite the buffers that held key material. */
function wipe(materials: ExportKeyMaterials, plan: ExportPlan): void {
  for (const material of Object.values(materials)) material?.p8Bytes.fill(0);
  for (const file of plan.files) if (file.secret) file.contents.fill(0);
}
