import type { TokenInspection } from './token-inspection';

/** What the inspector learned, plus the signature check against a vault key whose Key ID is the token's `kid`. */
export interface InspectionResult {
  inspection: TokenInspection;
  verification:
    | { status: 'verified'; keyName: string; keyId: string }
    | { status: 'bad-signature'; keyName: string; keyId: string }
    | { status: 'no-matching-key' };
}
