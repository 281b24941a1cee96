import { z } from 'zod';
import { AppError } from '../errors';
import { KeyIdSchema } from '../keys/key-requests';
import type { ExportTargetId } from './export-targets';

/**
 * Each target's options as they cross IPC. Content rules (a bundle ID's shape) are checked by the
 * service with the shared validators, so each failure gets its own code.
 */

// Variable and secret names: what shells, dotenv and CI systems all accept.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const variableName = z.string().regex(VARIABLE_NAME, 'Use letters, digits and underscores, not starting with a digit.');
// GitHub: secret names may not start with GITHUB_ (any case).
const githubSecretName = variableName.refine((name) => !/^github_/i.test(name), 'GitHub secret names cannot start with GITHUB_.');

const common = {
  /** Revoked keys are refused unless this is set. */
  allowRevoked: z.boolean().default(false),
};

const noOptions = z.object(common).strict();

export const DOTENV_PEM_STYLES = ['multiline', 'base64'] as const;
export type DotenvPemStyle = (typeof DOTENV_PEM_STYLES)[number];

export const DEFAULT_PRIVATE_KEYS_FOLDER = '~/.appstoreconnect/private_keys';
// Apple: App Store Connect API tokens live at most 20 minutes, and fastlane's `duration` is that lifetime in seconds.
export const FASTLANE_MAX_DURATION_SECONDS = 1200;

export const DEFAULT_GITHUB_SECRET_NAMES = {
  issuerId: 'APPSTORE_ISSUER_ID',
  keyId: 'APPSTORE_API_KEY_ID',
  privateKey: 'APPSTORE_API_PRIVATE_KEY',
} as const;

export const DEFAULT_DOTENV_NAMES = {
  keyId: 'APP_STORE_CONNECT_KEY_ID',
  issuerId: 'APP_STORE_CONNECT_ISSUER_ID',
  privateKey: 'APP_STORE_CONNECT_PRIVATE_KEY',
  /** The default for the private key when written as base64. */
  privateKeyBase64: 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64',
} as const;

const threeNames = (name: typeof variableName) =>
  z
    .object({ keyId: name, issuerId: name, privateKey: name })
    .partial()
    .strict()
    .refine((names) => new Set(Object.values(names)).size === Object.values(names).length, 'Give each value its own name.')
    .prefault({});

export const EXPORT_OPTIONS_SCHEMAS = {
  revenuecat: noOptions,
  adapty: z
    .object({
      ...common,
      /** Adapty asks for the app's Bundle ID first; defaults to the key's first bundle ID. */
      bundleId: z.string().max(200).optional(),
    })
    .strict(),
  qonversion: noOptions,
  superwall: noOptions,
  apphud: noOptions,
  adjust: noOptions,
  purchasely: noOptions,
  fastlane: z
    .object({
      ...common,
      duration: z.number().int().min(1).max(FASTLANE_MAX_DURATION_SECONDS).default(FASTLANE_MAX_DURATION_SECONDS),
      inHouse: z.boolean().default(false),
    })
    .strict(),
  codemagic: noOptions,
  'expo-eas': z
    .object({
      ...common,
      profile: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Use letters, digits, dots, hyphens and underscores for the profile name.')
        .default('production'),
    })
    .strict(),
  'github-actions': z
    .object({
      ...common,
      secretNames: threeNames(githubSecretName),
      /** `owner/name`; without it, gh uses the repository of the folder it runs in. */
      repository: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, 'Write the repository as owner/name.')
        .optional(),
    })
    .strict(),
  dotenv: z
    .object({
      ...common,
      variableNames: threeNames(variableName),
      pemStyle: z.enum(DOTENV_PEM_STYLES).default('multiline'),
      fileName: z
        .string()
        .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/, 'Use letters, digits, dots, hyphens and underscores for the file name, like .env or .env.production.')
        .default('.env'),
    })
    .strict(),
  altool: z
    .object({
      ...common,
      /** altool looks for AuthKey_<KEYID>.p8 in ~/.appstoreconnect/private_keys among others; `~` is the home folder. */
      privateKeysFolder: z.string().min(1).max(4096).default(DEFAULT_PRIVATE_KEYS_FOLDER),
    })
    .strict(),
  'asc-cli': noOptions,
} as const satisfies Record<ExportTargetId, z.ZodType>;

export type ExportOptionsInput<T extends ExportTargetId> = z.input<(typeof EXPORT_OPTIONS_SCHEMAS)[T]>;
export type ExportOptions<T extends ExportTargetId> = z.output<(typeof EXPORT_OPTIONS_SCHEMAS)[T]>;

/** Which stored key goes in which of the target's slots (see EXPORT_TARGETS[target].slots). */
export const ExportKeysSchema = z
  .object({ inAppPurchaseKey: KeyIdSchema.optional(), apiKey: KeyIdSchema.optional(), key: KeyIdSchema.optional() })
  .strict();
export type ExportKeys = z.output<typeof ExportKeysSchema>;

const request = <T extends ExportTargetId, S extends z.ZodObject>(target: T, options: S) =>
  z.object({ target: z.literal(target), keys: ExportKeysSchema, options: options.prefault({} as z.input<S>) }).strict();

const schemas = EXPORT_OPTIONS_SCHEMAS;

/** A preview or write request for one target, as the IPC table will carry it. */
export const ExportRequestSchema = z.discriminatedUnion('target', [
  request('revenuecat', schemas.revenuecat),
  request('adapty', schemas.adapty),
  request('qonversion', schemas.qonversion),
  request('superwall', schemas.superwall),
  request('apphud', schemas.apphud),
  request('adjust', schemas.adjust),
  request('purchasely', schemas.purchasely),
  request('fastlane', schemas.fastlane),
  request('codemagic', schemas.codemagic),
  request('expo-eas', schemas['expo-eas']),
  request('github-actions', schemas['github-actions']),
  request('dotenv', schemas.dotenv),
  request('altool', schemas.altool),
  request('asc-cli', schemas['asc-cli']),
]);
export type ExportRequestInput = z.input<typeof ExportRequestSchema>;
export type ExportRequest = z.output<typeof ExportRequestSchema>;

/** Where main writes: a folder main chose with a dialog (altool defaults to its private_keys folder). */
export const ExportDestinationSchema = z
  .object({
    folder: z.string().min(1).max(4096).optional(),
    /** Existing files are refused with FILE_EXISTS unless this is set. */
    overwrite: z.boolean().default(false),
  })
  .strict();
export type ExportDestination = z.input<typeof ExportDestinationSchema>;

/** Parses a target's options, turning schema failures into BAD_REQUEST naming the field (as the router does). */
export function parseExportOptions<T extends ExportTargetId>(target: T, options: unknown): ExportOptions<T> {
  const schema = EXPORT_OPTIONS_SCHEMAS[target] as unknown as z.ZodType<ExportOptions<T>>;
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_REQUEST', `${field}${issue?.message ?? 'These export options are not valid.'}`);
}
