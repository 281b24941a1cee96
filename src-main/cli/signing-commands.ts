import { readFileSync } from 'node:fs';
import { AppError } from '../../src-shared/errors';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import { offerRequestSchema, type OfferKind } from '../../src-shared/signing/offer-request';
import { tokenRequestSchema, type TokenTemplate } from '../../src-shared/signing/token-request';
import { checkRequest } from './check-request';
import type { CommandOutput } from './output';
import { resolveKey } from './resolve-key';
import { withUnlockedVault, type VaultTarget } from './vault-session';

/** The token a key signs when no --template is given: there is only one per kind. */
const DEFAULT_TEMPLATE: Record<KeyKind, TokenTemplate> = {
  'asc-team': 'asc-team',
  'asc-individual': 'asc-individual',
  'in-app-purchase': 'app-store-server',
};

export interface TokenOptions {
  template?: TokenTemplate;
  ttl?: number;
  backdate?: number;
  bid?: string;
  scope?: string[];
  production?: boolean;
}

export interface OfferOptions {
  type: OfferKind;
  bid: string;
  product?: string;
  offer?: string;
  appAccountToken?: string;
  nonce?: string;
  transactionId?: string;
  allowIntro: boolean;
  requestFile?: string;
}

/** Text output is the token alone, so `$(asc-key-vault token KEY)` can go straight into a header. */
export function issueToken(target: VaultTarget, reference: string, options: TokenOptions): Promise<CommandOutput> {
  return withUnlockedVault(target, async ({ keys, signing }) => {
    const key = resolveKey(keys.listKeys(), reference);
    const template = options.template ?? DEFAULT_TEMPLATE[key.kind];
    const timing = { ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }), ...(options.backdate === undefined ? {} : { backdateSeconds: options.backdate }) };
    const request = checkRequest(
      tokenRequestSchema,
      template === 'app-store-server'
        ? { template, ...timing, bundleId: options.bid ?? '', environment: options.production ? 'production' : 'sandbox' }
        : { template, ...timing, ...(options.scope && options.scope.length > 0 ? { scope: options.scope } : {}) },
    );
    const issued = await signing.issueToken(key.id, request);
    return {
      json: {
        token: issued.token,
        template: issued.template,
        header: issued.header,
        payload: issued.payload,
        issuedAt: issued.issuedAt,
        expiresAt: issued.expiresAt,
        lifetimeSeconds: issued.lifetimeSeconds,
        curl: issued.curl,
        warnings: issued.warnings,
      },
      text: issued.token,
    };
  });
}

export function signOffer(target: VaultTarget, reference: string, options: OfferOptions): Promise<CommandOutput> {
  const request = checkRequest(offerRequestSchema, offerRequest(options));
  return withUnlockedVault(target, async ({ keys, signing }) => {
    const key = resolveKey(keys.listKeys(), reference);
    const signed = await signing.signOffer(key.id, request);
    if (signed.kind === 'legacy') {
      const { kind: _kind, ...fields } = signed;
      return {
        json: { kind: 'legacy', ...fields },
        text: [`keyIdentifier: ${signed.keyId}`, `nonce: ${signed.nonce}`, `timestamp: ${signed.timestamp}`, `signature: ${signed.signature}`].join('\n'),
      };
    }
    return { json: { kind: signed.kind, jws: signed.jws, header: signed.header, payload: signed.payload, nonce: signed.nonce, issuedAt: signed.issuedAt }, text: signed.jws };
  });
}

function offerRequest(options: OfferOptions): unknown {
  const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });
  switch (options.type) {
    case 'legacy':
      return { kind: 'legacy', bundleId: options.bid, productId: options.product ?? '', offerId: options.offer ?? '', ...optional('appAccountToken', options.appAccountToken), ...optional('nonce', options.nonce) };
    case 'promo-v2':
      return { kind: 'promo-v2', bundleId: options.bid, productId: options.product ?? '', offerIdentifier: options.offer ?? '', ...optional('transactionId', options.transactionId) };
    case 'intro-eligibility':
      return { kind: 'intro-eligibility', bundleId: options.bid, productId: options.product ?? '', allowIntroductoryOffer: options.allowIntro, transactionId: options.transactionId ?? '' };
    case 'advanced-commerce':
      return { kind: 'advanced-commerce', bundleId: options.bid, requestJson: readRequestFile(options.requestFile) };
  }
}

function readRequestFile(file: string | undefined): string {
  if (file === undefined) throw new AppError('BAD_JSON', 'Give the Advanced Commerce request as a JSON file with --request-file.');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new AppError('FILE_UNREADABLE', `The request file ${file} could not be read.`);
  }
}
