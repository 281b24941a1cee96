import { z } from 'zod';
import { APPLE_PAGE_NAMES } from '../apple/apple-pages';
import type { AppleCheckResult } from '../apple-check/apple-check';
import type { KeyFileRef, KeyImportResult, KeyInspection, KeySummary, RecentKeyFile } from '../keys/key-record';
import { COPYABLE_KEY_FIELDS, DropHandleSchema, KeyFileIdSchema, KeyIdSchema, KeyImportRequestSchema, KeyImportSourceSchema, KeyUpdateSchema } from '../keys/key-requests';
import { ReplacementKeyRequestSchema, ReplacementRequestSchema, ReplacementTickRequestSchema } from '../keys/replacement';
import { UsedInAddRequestSchema, UsedInEditRequestSchema, UsedInRemoveRequestSchema } from '../keys/used-in';
import { BundleExportRequestSchema, BundleOpenRequestSchema, BundleRecipientsExportRequestSchema, type BundleImportResult, type BundlePreview, type BundleWriteResult } from '../exports/bundle';
import { ExportRequestSchema } from '../exports/export-options';
import type { ExportPreview, WrittenExport } from '../exports/export-preview';
import { OpenBackupRequestSchema, RestoreRequestSchema, type BackupContents, type BackupResult, type BackupStatus, type RestoreMergeResult, type RestoreReplaceResult } from '../vault/backup';
import { PreferencesUpdateSchema, type Preferences } from '../settings/preferences';
import type { InspectionResult } from '../signing/inspection-result';
import { offerRequestSchema, type OfferSignature } from '../signing/offer-request';
import { EXPECTED_TOKEN_KINDS } from '../signing/token-inspection';
import { tokenRequestSchema, type IssuedToken } from '../signing/token-request';
import { AUDIT_EVENT_TYPES, type AuditEventPage } from '../vault/audit-event';
import { StrayOpenForImportRequestSchema, StrayScanRequestSchema, StrayTrashRequestSchema, type StrayFolders, type StrayScanResult, type StrayTrashResult } from '../scan/stray-copies';
import type { VaultStatus } from '../vault/vault-status';
import { CHANNEL_NAMES, type ChannelName } from './channel-names';

export { CHANNEL_NAMES, type ChannelName };

/** Declares a channel's response type without a runtime value. */
const returns = <T>() => undefined as unknown as T;

export const DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

// Long enough for any diceware passphrase; a limit keeps a pasted file from reaching the KDF.
const passphrase = z.string().max(1024);
// Requests that carry only passphrases are refused by size before they are parsed at all.
const PASSPHRASE_REQUEST_BYTES = 8 * 1024;
const noRequest = z.object({}).strict();

interface ChannelSpec<Request extends z.ZodType, Response> {
  request: Request;
  response: Response;
  /** Overrides DEFAULT_MAX_REQUEST_BYTES for this channel. */
  maxRequestBytes?: number;
}

const channel = <Request extends z.ZodType, Response>(spec: ChannelSpec<Request, Response>) => spec;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the per-row types are kept by `satisfies`
type ChannelTable = { [C in ChannelName]: ChannelSpec<z.ZodType, any> };

/**
 * Every renderer → main call. Later features add rows here; preload, router, loopback transport
 * and renderer all derive from this table.
 */
export const CHANNELS = {
  'vault.status': channel({ request: noRequest, response: returns<VaultStatus>() }),
  'vault.create': channel({ request: z.object({ passphrase }).strict(), response: returns<VaultStatus>(), maxRequestBytes: PASSPHRASE_REQUEST_BYTES }),
  // allowOlder: the user confirmed opening a file older than the one this computer last opened (VAULT_ROLLED_BACK).
  'vault.unlock': channel({
    request: z.object({ passphrase, allowOlder: z.boolean().default(false) }).strict(),
    response: returns<VaultStatus>(),
    maxRequestBytes: PASSPHRASE_REQUEST_BYTES,
  }),
  'vault.quickUnlock': channel({ request: z.object({ allowOlder: z.boolean().default(false) }).strict(), response: returns<VaultStatus>() }),
  'vault.setQuickUnlock': channel({
    request: z.object({ enabled: z.boolean(), passphraseAfterRestart: z.boolean().default(false) }).strict(),
    response: returns<VaultStatus>(),
  }),
  'vault.lock': channel({ request: noRequest, response: returns<VaultStatus>() }),
  'vault.changePassphrase': channel({
    request: z.object({ current: passphrase, next: passphrase }).strict(),
    response: returns<null>(),
    maxRequestBytes: PASSPHRASE_REQUEST_BYTES,
  }),
  'vault.events': channel({
    request: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
        type: z.enum(AUDIT_EVENT_TYPES).optional(),
        itemId: KeyIdSchema.optional(),
        query: z.string().max(200).optional(),
      })
      .strict(),
    response: returns<AuditEventPage>(),
  }),
  'keys.list': channel({ request: z.object({ query: z.string().max(200).default('') }).strict(), response: returns<KeySummary[]>() }),
  'keys.get': channel({ request: z.object({ id: KeyIdSchema }).strict(), response: returns<KeySummary>() }),
  'keys.issuerIds': channel({ request: noRequest, response: returns<string[]>() }),
  'keys.chooseFile': channel({ request: noRequest, response: returns<KeyFileRef | null>() }),
  'keys.openDroppedFile': channel({ request: z.object({ handle: DropHandleSchema }).strict(), response: returns<KeyFileRef>() }),
  'keys.inspect': channel({ request: z.object({ source: KeyImportSourceSchema }).strict(), response: returns<KeyInspection>() }),
  'keys.import': channel({ request: KeyImportRequestSchema, response: returns<KeyImportResult>() }),
  'keys.update': channel({ request: z.object({ id: KeyIdSchema, update: KeyUpdateSchema }).strict(), response: returns<KeySummary>() }),
  'keys.revoke': channel({ request: z.object({ id: KeyIdSchema }).strict(), response: returns<KeySummary>() }),
  'keys.unrevoke': channel({ request: z.object({ id: KeyIdSchema }).strict(), response: returns<KeySummary>() }),
  'keys.delete': channel({ request: z.object({ id: KeyIdSchema, confirmKeyId: z.string().max(100) }).strict(), response: returns<null>() }),
  'keys.addUsedIn': channel({ request: UsedInAddRequestSchema, response: returns<KeySummary>() }),
  'keys.editUsedIn': channel({ request: UsedInEditRequestSchema, response: returns<KeySummary>() }),
  'keys.removeUsedIn': channel({ request: UsedInRemoveRequestSchema, response: returns<KeySummary>() }),
  // The guided replacement of a key, kept on the old key's record; guided setup links a new key with keys.import's `replaces`.
  'keys.startReplacement': channel({ request: ReplacementRequestSchema, response: returns<KeySummary>() }),
  'keys.setReplacementKey': channel({ request: ReplacementKeyRequestSchema, response: returns<KeySummary>() }),
  'keys.tickReplacementPlace': channel({ request: ReplacementTickRequestSchema, response: returns<KeySummary>() }),
  'keys.finishReplacement': channel({ request: ReplacementRequestSchema, response: returns<KeySummary>() }),
  'keys.cancelReplacement': channel({ request: ReplacementRequestSchema, response: returns<KeySummary>() }),
  'keys.deleteSourceFile': channel({ request: z.object({ fileId: KeyFileIdSchema }).strict(), response: returns<null>() }),
  'clipboard.copyKeyField': channel({
    request: z.object({ id: KeyIdSchema, field: z.enum(COPYABLE_KEY_FIELDS) }).strict(),
    response: returns<{ clearAfterSeconds: number }>(),
  }),
  'sign.token': channel({ request: z.object({ id: KeyIdSchema, request: tokenRequestSchema }).strict(), response: returns<IssuedToken>() }),
  'sign.offer': channel({ request: z.object({ id: KeyIdSchema, request: offerRequestSchema }).strict(), response: returns<OfferSignature>() }),
  'sign.inspect': channel({
    request: z
      .object({
        token: z.string().max(16 * 1024),
        expected: z.enum(EXPECTED_TOKEN_KINDS).optional(),
      })
      .strict(),
    response: returns<InspectionResult>(),
  }),
  'clipboard.copyText': channel({
    request: z.object({ text: z.string().min(1).max(64 * 1024) }).strict(),
    response: returns<{ clearAfterSeconds: number }>(),
  }),
  'exports.preview': channel({ request: z.object({ request: ExportRequestSchema }).strict(), response: returns<ExportPreview>() }),
  'exports.write': channel({
    request: z.object({ request: ExportRequestSchema, overwrite: z.boolean().default(false) }).strict(),
    response: returns<WrittenExport | null>(),
  }),
  /** Main opens the folder of an export it wrote, by the id it answered with; the renderer sends no path. */
  'exports.showInFolder': channel({ request: z.object({ exportId: z.uuid() }).strict(), response: returns<null>() }),
  'exports.copySecretField': channel({
    request: z.object({ request: ExportRequestSchema, label: z.string().max(200), section: z.string().max(200).optional() }).strict(),
    response: returns<{ clearAfterSeconds: number }>(),
  }),
  'bundle.generatePassphrase': channel({ request: noRequest, response: returns<{ passphrase: string }>() }),
  'bundle.export': channel({ request: BundleExportRequestSchema, response: returns<BundleWriteResult | null>() }),
  'bundle.chooseFile': channel({ request: noRequest, response: returns<{ fileName: string; needsPassphrase: boolean } | null>() }),
  'bundle.preview': channel({ request: BundleOpenRequestSchema, response: returns<BundlePreview>() }),
  'bundle.import': channel({ request: BundleOpenRequestSchema, response: returns<BundleImportResult>() }),
  'bundle.exportToRecipients': channel({ request: BundleRecipientsExportRequestSchema, response: returns<BundleWriteResult | null>() }),
  'identity.recipient': channel({ request: noRequest, response: returns<{ recipient: string }>() }),
  'stray.folders': channel({ request: noRequest, response: returns<StrayFolders>() }),
  'stray.chooseFolder': channel({ request: noRequest, response: returns<StrayFolders | null>() }),
  'stray.scan': channel({ request: StrayScanRequestSchema, response: returns<StrayScanResult>() }),
  'stray.trash': channel({ request: StrayTrashRequestSchema, response: returns<StrayTrashResult>() }),
  'stray.openForImport': channel({ request: StrayOpenForImportRequestSchema, response: returns<KeyFileRef>() }),
  'backup.status': channel({ request: noRequest, response: returns<BackupStatus>() }),
  'backup.create': channel({ request: noRequest, response: returns<BackupResult | null>() }),
  'backup.chooseFile': channel({ request: noRequest, response: returns<{ fileName: string } | null>() }),
  'backup.open': channel({ request: OpenBackupRequestSchema, response: returns<BackupContents>() }),
  'backup.restore': channel({ request: RestoreRequestSchema, response: returns<RestoreReplaceResult | RestoreMergeResult>() }),
  // recent: key files written in the hour before the watch started, newest first, none already in the vault.
  'downloads.watch': channel({ request: z.object({ watching: z.boolean() }).strict(), response: returns<{ folder: string; watching: boolean; recent: RecentKeyFile[] }>() }),
  'app.openApplePage': channel({ request: z.object({ page: z.enum(APPLE_PAGE_NAMES) }).strict(), response: returns<null>() }),
  'settings.get': channel({ request: noRequest, response: returns<Preferences>() }),
  'settings.update': channel({ request: PreferencesUpdateSchema, response: returns<Preferences>() }),
  // Refused with APPLE_CHECK_OFF, before anything is sent, unless the user turned checks on in Settings.
  'apple.check': channel({ request: z.object({ id: KeyIdSchema }).strict(), response: returns<AppleCheckResult>() }),
} as const satisfies ChannelTable;

export type ChannelRequest<C extends ChannelName> = z.input<(typeof CHANNELS)[C]['request']>;
export type ChannelResponse<C extends ChannelName> = (typeof CHANNELS)[C]['response'];

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name);
}
