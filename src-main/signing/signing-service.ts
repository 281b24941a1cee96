import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { InspectionResult } from '../../src-shared/signing/inspection-result';
import type { OfferRequest, OfferSignature } from '../../src-shared/signing/offer-request';
import { checkKeyCanSign, type SigningPurpose } from '../../src-shared/signing/signing-key';
import { chooseBundleId, type ChosenBundleId } from '../../src-shared/signing/token-bundle-id';
import type { ExpectedTokenKind } from '../../src-shared/signing/token-inspection';
import type { IssuedToken, TokenRequest } from '../../src-shared/signing/token-request';
import type { KeyService } from '../keys/key-service';
import type { Vault } from '../vault/vault';
import { inspectToken, verifyTokenSignature } from './inspect-token';
import { signOffer } from './offers';
import { issueToken } from './tokens';

const TEMPLATE_LABELS: Record<TokenRequest['template'], string> = {
  'asc-team': 'App Store Connect API token',
  'asc-individual': 'App Store Connect API token (individual key)',
  'app-store-server': 'App Store Server API token',
};

const OFFER_LABELS: Record<OfferRequest['kind'], string> = {
  legacy: 'promotional offer signature',
  'promo-v2': 'promotional offer JWS',
  'intro-eligibility': 'introductory offer eligibility JWS',
  'advanced-commerce': 'Advanced Commerce request JWS',
};

// How the window asks for a bundle ID; the command line settles it itself and names --bid.
const GIVE_BUNDLE_ID = 'in the Bundle ID field';

export interface SigningServiceOptions {
  vault: Vault;
  keys: KeyService;
  now?: () => Date;
  newNonce?: () => string;
}

/**
 * Signs in main: loads the key for one signature (KeyService.readSigningKey), returns only the output, and writes
 * an audit event naming the key and the template (never the token). The KeyObject is not kept: Node has no way to
 * destroy one, so its native copy of the key is freed (and OpenSSL clears it) when it is garbage-collected.
 */
export class SigningService {
  private readonly now: () => Date;
  private readonly newNonce: () => string;

  constructor(private readonly options: SigningServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.newNonce = options.newNonce ?? randomUUID;
  }

  /** A blank bundle ID on an App Store Server token takes the key's only one, and the token's warnings say so. */
  async issueToken(id: string, request: TokenRequest): Promise<IssuedToken> {
    const key = this.options.keys.getKey(id);
    let settled = request;
    let note: string | undefined;
    if (request.template === 'app-store-server') {
      const chosen = this.chooseBundleId(key, 'app-store-server', request.bundleId);
      settled = { ...request, bundleId: chosen.bundleId };
      note = chosen.note;
    }
    // The clock is read once per token, so iat and exp come from the same instant.
    const issued = await issueToken({ signingKey: this.options.keys.readSigningKey(id), key, request: settled, now: this.now() });
    this.audit(key, `Issued an ${TEMPLATE_LABELS[request.template]} with "${key.name}" (${key.keyId})`);
    return note === undefined ? issued : { ...issued, warnings: [note, ...issued.warnings] };
  }

  /** A blank bundle ID takes the key's only one, as for tokens. */
  async signOffer(id: string, request: OfferRequest): Promise<OfferSignature> {
    const key = this.options.keys.getKey(id);
    const settled = { ...request, bundleId: this.chooseBundleId(key, 'offer', request.bundleId).bundleId };
    const signed = await signOffer({ signingKey: this.options.keys.readSigningKey(id), key, request: settled, now: this.now(), nonce: this.newNonce() });
    this.audit(key, `Signed a ${OFFER_LABELS[request.kind]} with "${key.name}" (${key.keyId})`);
    return signed;
  }

  /**
   * Decodes any JWT; when its `kid` is a Key ID in the vault, checks the signature with that key's public key and says
   * whether the key is marked as revoked.
   */
  inspect(token: string, expected?: ExpectedTokenKind): InspectionResult {
    const inspection = inspectToken(token, { now: this.now(), ...(expected ? { expected } : {}) });
    const kid = inspection.header.kid;
    const key = typeof kid === 'string' ? this.options.keys.listKeys().find((candidate) => candidate.keyId === kid) : undefined;
    if (!key) return { inspection, verification: { status: 'no-matching-key' } };
    const verified = verifyTokenSignature(token, key.publicKeyPem);
    const matching = { keyName: key.name, keyId: key.keyId, keyRevoked: key.revoked };
    return { inspection, verification: { status: verified ? 'verified' : 'bad-signature', ...matching } };
  }

  /** The wrong kind of key, or a revoked one, is said first: no bundle ID would make it sign. */
  private chooseBundleId(key: KeySummary, purpose: SigningPurpose, given: string): ChosenBundleId {
    checkKeyCanSign(key, purpose);
    return chooseBundleId(given, key.bundleIds, GIVE_BUNDLE_ID);
  }

  private audit(key: KeySummary, summary: string): void {
    this.options.vault.transaction((writer) => writer.appendEvent({ type: 'token.issued', summary, itemId: key.id }));
  }
}

export function requireToken(token: string): string {
  const trimmed = token.trim();
  if (trimmed === '') throw new AppError('BAD_TOKEN', 'Paste a token (three parts separated by dots) to inspect it.');
  return trimmed;
}
