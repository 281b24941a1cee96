import type { SigningKeyInfo } from '../../src-shared/signing/signing-key';

/** Everything one signature needs; the caller decrypts the PEM and reads the clock, so signing stays pure. */
export interface SigningInput<Request> {
  /** The key's unencrypted PKCS#8 PEM (EC P-256). */
  pkcs8Pem: string;
  key: SigningKeyInfo;
  request: Request;
  now: Date;
}

/**
 * StoreKit signatures also carry a one-time nonce, which the caller generates (`crypto.randomUUID()`); a legacy offer
 * request may give its own instead.
 */
export interface OfferSigningInput<Request> extends SigningInput<Request> {
  nonce: string;
}
