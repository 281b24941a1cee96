import { readFileSync } from 'node:fs';
import { AppError } from '../../src-shared/errors';
import { checkKeyCanSign, type SigningPurpose } from '../../src-shared/signing/signing-key';
import type { KeyKind } from '../../src-shared/keys/key-kind';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { offerRequestSchema, type OfferKind, type OfferRequest } from '../../src-shared/signing/offer-request';
import { chooseBundleId, type ChosenBundleId } from '../../src-shared/signing/token-bundle-id';
import { refuseFieldsNotForTemplate, type TemplateOnlyField } from '../../src-shared/signing/token-fields';
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

/** The `token` options that only some tokens take, by the request field they fill. */
const TOKEN_FLAGS: Record<TemplateOnlyField, string> = { scope: '--scope', bundleId: '--bid', environment: '--production' };

const GIVE_BUNDLE_ID = 'with --bid';

export interface TokenOptions {
  template?: TokenTemplate;
  ttl?: number;
  backdate?: number;
  bid?: string;
  scope?: string[];
  production?: boolean;
  /** The notes and warnings go into the JSON document instead of onto stderr. */
  json?: boolean;
}

export interface OfferOptions {
  type: OfferKind;
  bid?: string;
  product?: string;
  offer?: string;
  appAccountToken?: string;
  nonce?: string;
  transactionId?: string;
  allowIntro: boolean;
  requestFile?: string;
  /** The note about the bundle ID stays off stderr (the bundle ID is in the document). */
  json?: boolean;
}

/**
 * Text output is the token alone, so `$(asc-key-vault token KEY)` can go straight into a header; its warnings (and
 * the note when the key's only bundle ID was used) go to stderr. An option the token does not take is refused
 * (BAD_REQUEST, exit 2) rather than dropped.
 */
export async function issueToken(target: VaultTarget, reference: string, options: TokenOptions): Promise<CommandOutput> {
  const given = { scope: options.scope !== undefined, bundleId: options.bid !== undefined, environment: options.production === true };
  // With --template the options can be checked before the passphrase is asked; without it the key's kind decides.
  if (options.template !== undefined) refuseFieldsNotForTemplate(options.template, given, (field) => TOKEN_FLAGS[field]);
  if (options.bid !== undefined) chooseBundleId(options.bid, [], GIVE_BUNDLE_ID); // a malformed --bid, before the passphrase
  return withUnlockedVault(target, async ({ keys, signing }) => {
    const key = resolveKey(keys.listKeys(), reference);
    const template = options.template ?? DEFAULT_TEMPLATE[key.kind];
    refuseFieldsNotForTemplate(template, given, (field) => TOKEN_FLAGS[field]);
    const timing = { ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }), ...(options.backdate === undefined ? {} : { backdateSeconds: options.backdate }) };
    let note: string | undefined;
    let request: unknown;
    if (template === 'app-store-server') {
      const chosen = chooseBundleIdFor(key, 'app-store-server', options.bid);
      note = chosen.note;
      request = { template, ...timing, bundleId: chosen.bundleId, environment: options.production ? 'production' : 'sandbox' };
    } else {
      request = { template, ...timing, ...(options.scope && options.scope.length > 0 ? { scope: options.scope } : {}) };
    }
    const issued = await signing.issueToken(key.id, checkRequest(tokenRequestSchema, request));
    const warnings = note === undefined ? issued.warnings : [note, ...issued.warnings];
    if (options.json !== true) {
      if (note !== undefined) target.warn(`note: ${note}`);
      for (const warning of issued.warnings) target.warn(`warning: ${warning}`);
    }
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
        warnings,
      },
      text: issued.token,
    };
  });
}

/**
 * Signs with the key's only bundle ID when --bid is left out (saying so on stderr; the bundle ID is in the output).
 * An option the --type does not take is refused (BAD_REQUEST, exit 2) rather than dropped.
 */
export function signOffer(target: VaultTarget, reference: string, options: OfferOptions): Promise<CommandOutput> {
  refuseOfferOptionsNotForType(options);
  // Checked before the vault is opened; the bundle ID is settled once the key is known.
  const checked = checkRequest(offerRequestSchema, offerRequest(options));
  return withUnlockedVault(target, async ({ keys, signing }) => {
    const key = resolveKey(keys.listKeys(), reference);
    const chosen = chooseBundleIdFor(key, 'offer', options.bid);
    if (chosen.note !== undefined && options.json !== true) target.warn(`note: ${chosen.note}`);
    const request: OfferRequest = { ...checked, bundleId: chosen.bundleId };
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

/**
 * The bundle ID the key signs for: --bid, or the key's only one. The wrong kind of key, or a revoked one, is said
 * first, since no bundle ID would make it sign.
 */
function chooseBundleIdFor(key: KeySummary, purpose: SigningPurpose, bid: string | undefined): ChosenBundleId {
  checkKeyCanSign(key, purpose);
  return chooseBundleId(bid, key.bundleIds, GIVE_BUNDLE_ID);
}

/** The `offer` options each --type takes; --bid and --type go with every one. */
const OFFER_FLAGS: Array<{ flag: string; given: (options: OfferOptions) => boolean; types: readonly OfferKind[] }> = [
  { flag: '--product', given: (options) => options.product !== undefined, types: ['legacy', 'promo-v2', 'intro-eligibility'] },
  { flag: '--offer', given: (options) => options.offer !== undefined, types: ['legacy', 'promo-v2'] },
  { flag: '--app-account-token', given: (options) => options.appAccountToken !== undefined, types: ['legacy'] },
  { flag: '--nonce', given: (options) => options.nonce !== undefined, types: ['legacy'] },
  { flag: '--transaction-id', given: (options) => options.transactionId !== undefined, types: ['promo-v2', 'intro-eligibility'] },
  { flag: '--no-allow-intro', given: (options) => !options.allowIntro, types: ['intro-eligibility'] },
  { flag: '--request-file', given: (options) => options.requestFile !== undefined, types: ['advanced-commerce'] },
];

function refuseOfferOptionsNotForType(options: OfferOptions): void {
  const misplaced = OFFER_FLAGS.find(({ given, types }) => given(options) && !types.includes(options.type));
  if (misplaced === undefined) return;
  const takers = misplaced.types.map((type) => `--type ${type}`);
  const listed = takers.length === 1 ? takers.join('') : `${takers.slice(0, -1).join(', ')} and ${takers.at(-1)}`;
  throw new AppError(
    'BAD_REQUEST',
    `${misplaced.flag} does not apply to --type ${options.type}; only ${listed} take${misplaced.types.length === 1 ? 's' : ''} it. Leave ${misplaced.flag} out.`,
    { field: misplaced.flag },
  );
}

/** The request as the options give it; the bundle ID is blank until the key is known. */
function offerRequest(options: OfferOptions): unknown {
  const optional = (name: string, value: string | undefined) => (value === undefined ? {} : { [name]: value });
  const bundleId = '';
  switch (options.type) {
    case 'legacy':
      return { kind: 'legacy', bundleId, productId: options.product ?? '', offerId: options.offer ?? '', ...optional('appAccountToken', options.appAccountToken), ...optional('nonce', options.nonce) };
    case 'promo-v2':
      return { kind: 'promo-v2', bundleId, productId: options.product ?? '', offerIdentifier: options.offer ?? '', ...optional('transactionId', options.transactionId) };
    case 'intro-eligibility':
      return { kind: 'intro-eligibility', bundleId, productId: options.product ?? '', allowIntroductoryOffer: options.allowIntro, transactionId: options.transactionId ?? '' };
    case 'advanced-commerce':
      return { kind: 'advanced-commerce', bundleId, requestJson: readRequestFile(options.requestFile) };
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
