import { z } from 'zod';

/** The three tokens the app issues; each is signed by one kind of key. */
export const TOKEN_TEMPLATES = ['asc-team', 'asc-individual', 'app-store-server'] as const;
export type TokenTemplate = (typeof TOKEN_TEMPLATES)[number];

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

export const appStoreConnectTokenRequestSchema = z
  .object({
    template: z.enum(['asc-team', 'asc-individual']),
    ...timeFields,
    /** Entries like `GET /v1/apps?filter[platform]=IOS`; an empty list is the same as none. */
    scope: z.array(z.string()).optional(),
  })
  .strict();

export const appStoreServerTokenRequestSchema = z
  .object({
    template: z.literal('app-store-server'),
    ...timeFields,
    bundleId: z.string(),
    /** Host for the ready `curl` line; sandbox when absent. */
    environment: z.enum(SERVER_ENVIRONMENTS).optional(),
  })
  .strict();

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
