import { z } from 'zod';
import { AppError } from '../errors';
import { KeyIdSchema } from '../keys/key-requests';
import { ASC_MAX_LIFETIME_SECONDS } from '../signing/apple-token-rules';
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

const DotenvFileNameSchema = z
  .string()
  .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/, 'Use letters, digits, dots, hyphens and underscores for the file name, like .env or .env.production.');

const common = {
  /** Revoked keys are refused unless this is set. */
  allowRevoked: z.boolean().default(false),
};

const noOptions = z.object(common).strict();

export const DOTENV_PEM_STYLES = ['multiline', 'base64'] as const;
export type DotenvPemStyle = (typeof DOTENV_PEM_STYLES)[number];

/** Where altool's files go unless another folder is chosen; altool looks there, among others, for AuthKey_<KEYID>.p8. */
export const DEFAULT_PRIVATE_KEYS_FOLDER = '~/.appstoreconnect/private_keys';
// fastlane signs with iat = now - 60 and exp = now + duration (spaceship/lib/spaceship/connect_api/token.rb, since
// 2.220), so its tokens live duration + 60 seconds; Apple refuses App Store Connect API tokens that live longer than
// 20 minutes, so duration may be at most 1140. (fastlane's app_store_connect_api_key lets 1200 through; issue #29468.)
export const FASTLANE_IAT_BACKDATE_SECONDS = 60;
export const FASTLANE_MAX_DURATION_SECONDS = ASC_MAX_LIFETIME_SECONDS - FASTLANE_IAT_BACKDATE_SECONDS;
/** fastlane's own default (DEFAULT_TOKEN_DURATION in token.rb). */
export const FASTLANE_DEFAULT_DURATION_SECONDS = 500;
/** Why `duration` stops at FASTLANE_MAX_DURATION_SECONDS, for the messages that refuse a longer one. */
export const FASTLANE_DURATION_LIMIT_REASON =
  `fastlane signs each token from ${FASTLANE_IAT_BACKDATE_SECONDS} seconds before now to duration seconds after it, ` +
  `and Apple refuses App Store Connect tokens that live longer than 20 minutes (${ASC_MAX_LIFETIME_SECONDS} seconds)`;

/** The three values a github-actions or dotenv export names, in the order the names are checked. */
export const EXPORT_NAME_FIELDS = ['keyId', 'issuerId', 'privateKey'] as const;
export type ExportNameField = (typeof EXPORT_NAME_FIELDS)[number];
export type ExportValueNames = Record<ExportNameField, string>;

export const DEFAULT_GITHUB_SECRET_NAMES: ExportValueNames = {
  keyId: 'APPSTORE_API_KEY_ID',
  issuerId: 'APPSTORE_ISSUER_ID',
  privateKey: 'APPSTORE_API_PRIVATE_KEY',
};

export const DEFAULT_DOTENV_NAMES: ExportValueNames = {
  keyId: 'APP_STORE_CONNECT_KEY_ID',
  issuerId: 'APP_STORE_CONNECT_ISSUER_ID',
  privateKey: 'APP_STORE_CONNECT_PRIVATE_KEY',
};
/** The default for the private key's variable when it is written as base64. */
export const DEFAULT_DOTENV_BASE64_PRIVATE_KEY_NAME = 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64';

/** The secret names a github-actions export uses: the chosen ones over the defaults. */
export function githubSecretNamesOf(chosen: Partial<ExportValueNames>): ExportValueNames {
  return { ...DEFAULT_GITHUB_SECRET_NAMES, ...chosen };
}

/** The variable names a dotenv export uses: the chosen ones over the defaults for that PEM style. */
export function dotenvVariableNamesOf(chosen: Partial<ExportValueNames>, style: DotenvPemStyle): ExportValueNames {
  const privateKey = style === 'base64' ? DEFAULT_DOTENV_BASE64_PRIVATE_KEY_NAME : DEFAULT_DOTENV_NAMES.privateKey;
  return { ...DEFAULT_DOTENV_NAMES, privateKey, ...chosen };
}

/**
 * The names a form sends: each trimmed, and only those that differ from the defaults, so a name the
 * user left alone never counts as typed and a clash is shown on the field the user changed.
 */
export function namesChangedFrom(defaults: ExportValueNames, names: ExportValueNames): Partial<ExportValueNames> {
  const changed: Partial<ExportValueNames> = {};
  for (const field of EXPORT_NAME_FIELDS) {
    const name = names[field].trim();
    if (name !== defaults[field]) changed[field] = name;
  }
  return changed;
}

const threeNames = (name: typeof variableName) => z.object({ keyId: name, issuerId: name, privateKey: name }).partial().strict().prefault({});

/**
 * Flags each typed name that another value also has once the defaults fill the gaps, on the field the user
 * typed (on both when both were typed), so a form shows it where it was typed and never on a field left alone.
 */
function requireDistinctNames<Options>(
  field: string,
  chosenOf: (options: Options) => Partial<ExportValueNames>,
  namesOf: (options: Options) => ExportValueNames,
  sameName: (a: string, b: string) => boolean,
): (options: Options, context: z.core.$RefinementCtx<Options>) => void {
  return (options, context) => {
    const chosen = chosenOf(options);
    const names = namesOf(options);
    for (const name of EXPORT_NAME_FIELDS) {
      if (typeof chosen[name] !== 'string') continue;
      const clashes = EXPORT_NAME_FIELDS.some((other) => other !== name && typeof names[other] === 'string' && sameName(names[other], names[name]));
      if (clashes) context.addIssue({ code: 'custom', path: [field, name], message: 'Give each value its own name.' });
    }
  };
}

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
      duration: z
        .number()
        .int()
        .min(1)
        .max(FASTLANE_MAX_DURATION_SECONDS, `At most ${FASTLANE_MAX_DURATION_SECONDS} seconds: ${FASTLANE_DURATION_LIMIT_REASON}.`)
        .default(FASTLANE_DEFAULT_DURATION_SECONDS),
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
    .strict()
    // GitHub: secret names are not case-sensitive.
    .superRefine(
      requireDistinctNames(
        'secretNames',
        (options: { secretNames: Partial<ExportValueNames> }) => options.secretNames,
        (options) => githubSecretNamesOf(options.secretNames),
        (a, b) => a.toUpperCase() === b.toUpperCase(),
      ),
    ),
  dotenv: z
    .object({
      ...common,
      variableNames: threeNames(variableName),
      pemStyle: z.enum(DOTENV_PEM_STYLES).default('multiline'),
      fileName: DotenvFileNameSchema.default('.env'),
    })
    .strict()
    .superRefine(
      requireDistinctNames(
        'variableNames',
        (options: { variableNames: Partial<ExportValueNames>; pemStyle: DotenvPemStyle }) => options.variableNames,
        (options) => dotenvVariableNamesOf(options.variableNames, options.pemStyle),
        (a, b) => a === b,
      ),
    ),
  // Its folder is a destination, chosen in main's dialog (or --out on the command line), never an option.
  altool: noOptions,
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

/**
 * What main would refuse in a target's options, by field ("secretNames.keyId", "fileName"), the first
 * problem of each; empty when main takes them. For checking a form as the user types.
 */
export function exportOptionProblems(target: ExportTargetId, options: unknown): Record<string, string> {
  const parsed = (EXPORT_OPTIONS_SCHEMAS[target] as z.ZodType).safeParse(options ?? {});
  const problems: Record<string, string> = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) problems[issue.path.join('.')] ??= issue.message;
  return problems;
}

/** Parses a target's options, turning schema failures into BAD_REQUEST naming the field (as the router does). */
export function parseExportOptions<T extends ExportTargetId>(target: T, options: unknown): ExportOptions<T> {
  const schema = EXPORT_OPTIONS_SCHEMAS[target] as unknown as z.ZodType<ExportOptions<T>>;
  const parsed = schema.safeParse(options ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('BAD_REQUEST', `${field}${issue?.message ?? 'These export options are not valid.'}`);
}
