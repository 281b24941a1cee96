import { z } from 'zod';
import { fieldNotForTemplateMessage, TEMPLATE_ONLY_FIELDS, type TemplateOnlyField } from './token-fields';

/** The three tokens the app issues; each is signed by one kind of key. */
export const TOKEN_TEMPLATES = ['asc-team', 'asc-individual', 'app-store-server'] as const;
export type TokenTemplate = (typeof TOKEN_TEMPLATES)[number];

export function isTokenTemplate(value: unknown): value is TokenTemplate {
  return (TOKEN_TEMPLATES as readonly unknown[]).includes(value);
}

export const SERVER_ENVIRONMENTS = ['sandbox', 'production'] as const;
/** Which App Store Server host the ready `curl` line calls; the token itself is the same for both. */
export type ServerEnvironment = (typeof SERVER_ENVIRONMENTS)[number];

// The schemas check only the shape; the meaning (limits, scope entries, bundle IDs) is checked by the validators
// in this folder, which throw errors with stable codes and messages written for the user.
const timeFields = {
  /** Lifetime `exp - iat` in whole seconds; the template's default when absent. */
  ttlSeconds: z.number().optional(),
  /** Seconds `iat` is set back from now (0 to 60), for a computer clock that runs fast. */
  backdateSeconds: z.number().optional(),
};

/**
 * A field another token takes (bundleId on an App Store Connect API token, scope on an App Store Server one) is
 * refused with a message naming it and saying why, rather than zod's bare "Unrecognized key".
 */
const refuseOtherTemplatesFields: z.core.$ZodErrorMap = (issue) => {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const template = (issue.input as { template?: unknown } | undefined)?.template;
  const field = issue.keys.find((key): key is TemplateOnlyField => (TEMPLATE_ONLY_FIELDS as readonly string[]).includes(key));
  if (field === undefined || !isTokenTemplate(template)) return undefined;
  return fieldNotForTemplateMessage(field, template).replace(/\.$/, '');
};

export const appStoreConnectTokenRequestSchema = z.strictObject(
  {
    template: z.enum(['asc-team', 'asc-individual']),
    ...timeFields,
    /** Entries like `GET /v1/apps?filter[platform]=IOS`; an empty list is the same as none. */
    scope: z.array(z.string()).optional(),
  },
  { error: refuseOtherTemplatesFields },
);

export const appStoreServerTokenRequestSchema = z.strictObject(
  {
    template: z.literal('app-store-server'),
    ...timeFields,
    /** Blank takes the key's only bundle ID (see token-bundle-id.ts). */
    bundleId: z.string(),
    /** Host for the ready `curl` line; sandbox when absent. */
    environment: z.enum(SERVER_ENVIRONMENTS).optional(),
  },
  { error: refuseOtherTemplatesFields },
);

export const tokenRequestSchema = z.discriminatedUnion('template', [
  appStoreConnectTokenRequestSchema,
  appStoreServerTokenRequestSchema,
]);

export type AppStoreConnectTokenRequest = z.infer<typeof appStoreConnectTokenRequestSchema>;
export type AppStoreServerTokenRequest = z.infer<typeof appStoreServerTokenRequestSchema>;
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** Every JWT the app signs has exactly this header. */
export interface Es256JwtHeader {
  alg: 'ES256';
  kid: string;
  typ: 'JWT';
}

export interface AppStoreConnectTeamClaims {
  iss: string;
  iat: number;
  exp: number;
  aud: 'appstoreconnect-v1';
  scope?: string[];
}

/** Individual keys name no issuer: `sub: 'user'` instead of `iss`. */
export interface AppStoreConnectIndividualClaims {
  sub: 'user';
  iat: number;
  exp: number;
  aud: 'appstoreconnect-v1';
  scope?: string[];
}

export interface AppStoreServerClaims {
  iss: string;
  iat: number;
  exp: number;
  aud: 'appstoreconnect-v1';
  bid: string;
}

export type TokenClaims = AppStoreConnectTeamClaims | AppStoreConnectIndividualClaims | AppStoreServerClaims;

/** A signed token with everything the screen shows about it. */
export interface IssuedToken<Claims extends TokenClaims = TokenClaims> {
  template: TokenTemplate;
  token: string;
  header: Es256JwtHeader;
  payload: Claims;
  /** `iat` as an ISO 8601 time (already backdated, if asked). */
  issuedAt: string;
  /** `exp` as an ISO 8601 time. */
  expiresAt: string;
  /** `exp - iat`, the figure Apple checks against its limits. */
  lifetimeSeconds: number;
  /** A command that calls Apple with this token. */
  curl: string;
  /** Things that are allowed but risky (e.g. a server token close to the 60-minute limit). */
  warnings: string[];
}
