import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_METADATA_LABELS, type BundleMetadataField, type BundlePreview, type BundlePreviewKey } from '../../src-shared/exports/bundle';
import { KEY_KIND_LABELS } from '../../src-shared/keys/key-kind';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { bundleNeedsPassphrase } from '../exports/bundle/bundle-crypto';
import { parseBundleRecipients } from '../exports/bundle/bundle-recipients';
import { readBundleFile } from '../exports/bundle/bundle-service';
import { generatePassphrase } from '../exports/passphrase-generator';
import { fileExists } from '../files/write-file-atomically';
import { checkFileArgument } from './file-arguments';
import { formatTable, keyJson, keyState, oneLine, type CommandOutput } from './output';
import { BUNDLE_PASSPHRASE, preparePassphrase, type PassphraseSources } from './passphrase-sources';
import { resolveKey } from './resolve-key';
import { withUnlockedVault, type VaultTarget } from './vault-session';

export interface BundleExportOptions {
  out: string;
  metadata: BundleMetadataField[];
  overwrite: boolean;
  /** Make up the passphrase (the app's diceware generator) instead of reading one. */
  generatePassphrase: boolean;
  /** age recipients (`age1…`, ssh-ed25519, ssh-rsa) to encrypt to instead of a passphrase. */
  recipients: string[];
}

/**
 * Writes the chosen keys to an age-encrypted bundle with the app's BundleService (same format, same
 * passphrase rules, the export recorded on each key). A generated passphrase goes to `stderr` only
 * after the file is written, so no passphrase is shown for a bundle that was never made, and stdout
 * stays the command's own output for scripts.
 */
export function exportBundle(target: VaultTarget, references: readonly string[], options: BundleExportOptions, sources: PassphraseSources): Promise<CommandOutput> {
  // Checked again when the file is written; here it saves an unlock and a slow scrypt first.
  if (!options.overwrite && existsSync(path.resolve(options.out))) throw fileExists(path.resolve(options.out));
  if (options.recipients.length > 0) return exportBundleForRecipients(target, references, options);
  const readPassphrase = options.generatePassphrase ? () => Promise.resolve(generatePassphrase()) : preparePassphrase(BUNDLE_PASSPHRASE, 'create', sources);
  return withUnlockedVault(target, async ({ keys, bundles }) => {
    const all = keys.listKeys();
    const ids = [...new Set(references.map((reference) => resolveKey(all, reference).id))];
    const secret = await readPassphrase();
    const written = await bundles.write(ids, secret, options.out, { metadata: options.metadata, overwrite: options.overwrite });
    if (options.generatePassphrase) {
      sources.stderr.write(
        `Bundle passphrase (generated): ${secret}\n` +
          'Give it to the recipient by another way than the bundle itself. (It is on stderr so that stdout stays the command’s output.)\n',
      );
    }
    const metadata = options.metadata.map((field) => BUNDLE_METADATA_LABELS[field]).join(', ') || 'none';
    const count = `${written.exportedKeys.length} key${written.exportedKeys.length === 1 ? '' : 's'}`;
    return {
      json: { path: written.path, metadata: [...options.metadata], keys: written.exportedKeys.map(keyJson) },
      text: [
        `Wrote an encrypted bundle of ${count} to ${written.path}:`,
        ...written.exportedKeys.map((key) => `  "${oneLine(key.name)}" (${key.keyId}), ${KEY_KIND_LABELS[key.kind]}`),
        `Metadata included besides names and IDs: ${metadata}.`,
        'Send the passphrase separately from the file. Import it with `bundle import FILE`.',
      ].join('\n'),
    };
  });
}

function exportBundleForRecipients(target: VaultTarget, references: readonly string[], options: BundleExportOptions): Promise<CommandOutput> {
  // Checked before the vault's passphrase is asked for.
  parseBundleRecipients(options.recipients);
  return withUnlockedVault(target, async ({ keys, bundles }) => {
    const all = keys.listKeys();
    const ids = [...new Set(references.map((reference) => resolveKey(all, reference).id))];
    const written = await bundles.writeForRecipients(ids, options.recipients, options.out, { metadata: options.metadata, overwrite: options.overwrite });
    const count = `${written.exportedKeys.length} key${written.exportedKeys.length === 1 ? '' : 's'}`;
    const recipients = [...new Set(options.recipients.map((recipient) => recipient.trim()))];
    return {
      json: { path: written.path, recipients, metadata: [...options.metadata], keys: written.exportedKeys.map(keyJson) },
      text: [
        `Wrote a bundle of ${count} to ${written.path}, encrypted to ${recipients.length === 1 ? 'one recipient' : `${recipients.length} recipients`}:`,
        ...written.exportedKeys.map((key) => `  "${oneLine(key.name)}" (${key.keyId}), ${KEY_KIND_LABELS[key.kind]}`),
        'Each recipient opens it with their own key: `bundle import FILE` in their vault, or `age --decrypt --identity KEYFILE FILE`.',
      ].join('\n'),
    };
  });
}

/** The vault's own age recipient, for teammates to encrypt bundles to; made on first need. */
export function showIdentity(target: VaultTarget): Promise<CommandOutput> {
  return withUnlockedVault(target, async ({ ageIdentity }) => {
    const recipient = await ageIdentity.recipient();
    return {
      json: { recipient },
      text: `${recipient}\n\nGive this to teammates: \`bundle export --recipient ${recipient.slice(0, 12)}…\` or \`age --recipient\` encrypts a bundle that this vault imports without a passphrase.`,
    };
  });
}

/**
 * Imports every key of the bundle the vault lacks, all or nothing; with `preview`, only shows what it
 * holds. A bundle encrypted to age keys opens with the vault's own, so no bundle passphrase is asked.
 */
export async function importBundle(target: VaultTarget, file: string, preview: boolean, sources: PassphraseSources): Promise<CommandOutput> {
  // All before the vault's passphrase is asked for. A missing passphrase source is reported first, as
  // before, unless the bundle turns out to be one that needs none.
  let prepared: (() => Promise<string>) | null = null;
  let missingSource: unknown = null;
  try {
    prepared = preparePassphrase(BUNDLE_PASSPHRASE, 'unlock', sources);
  } catch (error) {
    missingSource = error;
  }
  let bytes: Uint8Array;
  try {
    checkFileArgument(file);
    bytes = await readBundleFile(file);
  } catch (error) {
    throw missingSource ?? error;
  }
  const askPassphrase = bundleNeedsPassphrase(bytes) ? prepared : () => Promise.resolve('');
  if (!askPassphrase) throw missingSource;
  return withUnlockedVault(target, async ({ bundles }) => {
    const passphrase = await askPassphrase();
    const name = path.basename(file);
    if (preview) return previewOutput(path.resolve(file), await bundles.preview(bytes, passphrase));
    const result = await bundles.importAll(bytes, passphrase);
    const lines = [
      result.imported.length === 0 ? `Imported no keys from ${name}: the vault holds them all.` : `Imported ${result.imported.length} key${result.imported.length === 1 ? '' : 's'} from ${name}:`,
      ...result.imported.map((key) => `  "${oneLine(key.name)}" (${key.keyId}), ${KEY_KIND_LABELS[key.kind]}`),
    ];
    if (result.duplicates.length > 0) {
      lines.push('Already in the vault, skipped:', ...result.duplicates.map((entry) => `  ${entry.keyId}, stored as "${oneLine(entry.existing.name)}"`));
    }
    return {
      json: {
        path: path.resolve(file),
        imported: result.imported.map(keyJson),
        duplicates: result.duplicates.map((entry) => ({ keyId: entry.keyId, name: entry.name, existing: keyJson(entry.existing) })),
      },
      text: lines.join('\n'),
    };
  });
}

function previewOutput(file: string, preview: BundlePreview): CommandOutput {
  const problems = preview.keys.filter((key) => key.problem);
  const rows = preview.keys.map((key) => [key.name, key.keyId, key.kind, key.issuerId ?? '-', keyState(key), importState(key)]);
  const summary =
    problems.length > 0
      ? `An import would be refused, and import nothing, because of ${problems.length === 1 ? 'this key' : 'these keys'}:`
      : `An import would add ${preview.importable} of its ${preview.keys.length} key${preview.keys.length === 1 ? '' : 's'}. Nothing was imported (--preview).`;
  return {
    json: {
      path: file,
      formatVersion: preview.formatVersion,
      createdAt: preview.createdAt,
      importable: preview.importable,
      keys: preview.keys.map(previewKeyJson),
    },
    text: [
      `Bundle ${file}, made ${preview.createdAt}:`,
      formatTable(['NAME', 'KEY ID', 'KIND', 'ISSUER ID', 'STATE', 'IMPORT'], rows).trimEnd(),
      summary,
      ...problems.map((key) => `  ${key.keyId}: error ${key.problem?.code}: ${oneLine(key.problem?.message ?? '')}`),
    ].join('\n'),
  };
}

function importState(key: BundlePreviewKey): string {
  if (key.problem) return `refused (${key.problem.code})`;
  if (key.duplicateOf) return `in the vault as "${key.duplicateOf.name}"`;
  return 'new';
}

function previewKeyJson(key: BundlePreviewKey): Record<string, unknown> {
  return {
    index: key.index,
    kind: key.kind,
    name: key.name,
    keyId: key.keyId,
    issuerId: key.issuerId ?? null,
    fileName: key.fileName,
    fingerprint: key.fingerprint,
    bundleIds: [...key.bundleIds],
    tags: [...key.tags],
    notes: key.notes,
    environment: key.environment ?? null,
    revoked: key.revoked,
    duplicateOf: key.duplicateOf ? duplicateJson(key.duplicateOf) : null,
    problem: key.problem ? { code: key.problem.code, message: key.problem.message } : null,
  };
}

function duplicateJson(key: KeySummary): Record<string, unknown> {
  return { id: key.id, name: key.name, keyId: key.keyId };
}
