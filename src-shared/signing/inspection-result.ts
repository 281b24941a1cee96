import type { TokenInspection } from './token-inspection';

/** The vault key whose Key ID is the token's `kid`. */
interface MatchingKey {
  keyName: string;
  keyId: string;
  /** Marked as revoked in the vault: Apple answers 401 to anything it signed, however good the signature. */
  keyRevoked: boolean;
}

/** What the inspector learned, plus the signature check against a vault key whose Key ID is the token's `kid`. */
export interface InspectionResult {
  inspection: TokenInspection;
  verification: ({ status: 'verified' } & MatchingKey) | ({ status: 'bad-signature' } & MatchingKey) | { status: 'no-matching-key' };
}
