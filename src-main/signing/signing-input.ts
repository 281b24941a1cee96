import type { KeyObject } from 'node:crypto';
import type { SigningKeyInfo } from '../../src-shared/signing/signing-key';

/** Everything one signature needs; the caller loads the key and reads the clock, so signing stays pure. */
export interface SigningInput<Request> {
  /** The private key, made by loadSigningKey (src-main/keys/load-signing-key.ts), the function import validated it with. */
  signingKey: KeyObject;
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
