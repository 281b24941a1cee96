import type { OfferKind } from './offer-request';
import { TOKEN_TEMPLATES, type TokenTemplate } from './token-request';

export type FindingSeverity = 'ok' | 'warning' | 'error';

/** One line of the inspector's explanation: a header field, claim, the signature, or `exp - iat`. */
export interface TokenFinding {
  severity: FindingSeverity;
  claim: string;
  message: string;
}

/** What a token is for, as told by its claims (or as the user says it is meant to be). */
export type InspectedTokenKind = TokenTemplate | Exclude<OfferKind, 'legacy'> | 'unknown';

/**
 * What the user says a token is meant for: one kind, or `app-store-connect` for either App Store Connect API key
 * (team or individual, told apart by `sub`).
 */
export const EXPECTED_TOKEN_KINDS = [
  'app-store-connect',
  ...TOKEN_TEMPLATES,
  'promo-v2',
  'intro-eligibility',
  'advanced-commerce',
] as const satisfies readonly (Exclude<InspectedTokenKind, 'unknown'> | 'app-store-connect')[];
export type ExpectedTokenKind = (typeof EXPECTED_TOKEN_KINDS)[number];

/**
 * The two APIs whose tokens share `aud: "appstoreconnect-v1"`; only the user (or the screen that issued the token)
 * knows which one a token is meant for.
 */
export type TokenApi = Extract<ExpectedTokenKind, 'app-store-connect' | 'app-store-server'>;

/** The API a token of this template is for: what the inspector is pre-set to for a token the app just issued. */
export function apiOfTokenTemplate(template: TokenTemplate): TokenApi {
  return template === 'app-store-server' ? 'app-store-server' : 'app-store-connect';
}

export interface TokenInspection {
  kind: InspectedTokenKind;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** Length of the decoded signature; 64 for a correct ES256 JWT. */
  signatureBytes: number;
  /** `iat` and `exp` as ISO 8601 times, when they are numbers. */
  issuedAt?: string;
  expiresAt?: string;
  findings: TokenFinding[];
}
