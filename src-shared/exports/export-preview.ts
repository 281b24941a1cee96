import type { KeyKind } from '../keys/key-kind';
import type { KeySummary } from '../keys/key-record';
import type { ExportSlotId, ExportTargetId } from './export-targets';

/**
 * What the renderer may see of an export: file names, non-secret values, the checklist and command
 * lines. None of these types has room for key material: a private-key field carries no value, and a
 * file carries no contents. Main's full plan (src-main/exports/export-plan.ts) adds both.
 */

/** Every file an export writes is readable and writable by its owner only. */
export const OWNER_ONLY_FILE_MODE = 0o600;

/** `p8`: the key file itself, byte for byte; `text`: a file the export composes (JSON, script, .env). */
export type ExportFileContent = 'p8' | 'text';

export interface ExportFileSpec {
  /** A plain file name, never a path: files go into the chosen folder. */
  name: string;
  content: ExportFileContent;
  /** POSIX permission bits (OWNER_ONLY_FILE_MODE), applied where the OS has them. */
  mode: number;
  /** True when the file holds a private key. */
  secret: boolean;
  /** What the file is for, one line. */
  purpose: string;
  /** For `p8` files: the slot whose key the file is. */
  slot?: ExportSlotId;
}

/** Where a field's value comes from. */
export type ExportValueSource = 'keyId' | 'issuerId' | 'bundleId' | 'path' | 'setting' | 'privateKey';

interface ExportFieldBase {
  /** The name exactly as the target labels it: "In-App Purchase Key ID", "APP_STORE_CONNECT_ISSUER_ID". */
  label: string;
  /** The dashboard section or key the field belongs to, when the target has more than one. */
  section?: string;
}

export interface PlainExportField extends ExportFieldBase {
  secret: false;
  source: Exclude<ExportValueSource, 'privateKey'>;
  value: string;
  /** For `path` fields: the file whose path is the value (absolute once written, or `./` for a file the checklist moves into a project). */
  file?: string;
}

/** A private-key field: its value never leaves main. */
export interface SecretExportFieldPreview extends ExportFieldBase {
  secret: true;
  source: 'privateKey';
  /** The written file that holds the same text, to paste from. */
  file?: string;
  /** The PEM text, or the .p8 file base64-encoded. */
  form: 'pem' | 'base64';
  /** The slot whose key this is. */
  slot: ExportSlotId;
}

export type ExportFieldPreview = PlainExportField | SecretExportFieldPreview;

/** A shell line to run; built from IDs and paths only, never key material. */
export interface ExportCommand {
  label: string;
  line: string;
}

export interface ExportPreviewKey {
  slot: ExportSlotId;
  id: string;
  kind: KeyKind;
  name: string;
  keyId: string;
}

export interface ExportPreview {
  target: ExportTargetId;
  targetLabel: string;
  keys: ExportPreviewKey[];
  /** The folder as shown: `~` kept, or a placeholder before one is chosen; absolute in a write result. */
  folder: string;
  files: ExportFileSpec[];
  fields: ExportFieldPreview[];
  /** Steps in the target's own words, naming each dashboard field in the order it asks for them. */
  checklist: string[];
  commands: ExportCommand[];
  /** Things to know before pasting, e.g. that a file must not be renamed. */
  notices: string[];
}

/** What `ExportService.write` did: the preview with real paths, the files written, and the keys as now stored. */
export interface ExportWriteResult extends ExportPreview {
  written: Array<{ name: string; path: string; mode: number }>;
  /** The exported keys after the export was recorded on them. */
  exportedKeys: KeySummary[];
}

/** What the app's export channel answers: the write result, and the id that shows its files in their folder. */
export interface WrittenExport extends ExportWriteResult {
  exportId: string;
}

/** Shown in place of the folder until the user chooses one. */
export const CHOSEN_FOLDER_PLACEHOLDER = '<chosen folder>';
