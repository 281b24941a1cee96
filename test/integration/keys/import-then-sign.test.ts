import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import * as loader from '../../../src-main/keys/load-signing-key';
import { SigningService } from '../../../src-main/signing/signing-service';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { OfferRequest, OfferSignature } from '../../../src-shared/signing/offer-request';
import type { TokenRequest } from '../../../src-shared/signing/token-request';
import { appStoreConnectP8, generateP256Key, p256KeyWithScalar } from '../../helpers/keys';
import { ISSUER_ID, keyServiceFixture } from './key-service-fixtures';

// The loader itself, unchanged, watched so the test sees every key import and signing make with it.
vi.mock('../../../src-main/keys/load-signing-key', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src-main/keys/load-signing-key')>();
  return { ...actual, loadSigningKey: vi.fn(actual.loadSigningKey) };
});

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const BUNDLE_ID = 'com.example.app';
const NONCE = '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const TOKENS: Record<KeyKind, TokenRequest[]> = {
  'asc-team': [{ template: 'asc-team' }],
  'asc-individual': [{ template: 'asc-individual' }],
  'in-app-purchase': [{ template: 'app-store-server', bundleId: BUNDLE_ID }],
};

const OFFERS: OfferRequest[] = [
  { kind: 'legacy', bundleId: BUNDLE_ID, productId: 'com.example.app.monthly', offerId: 'WINBACK50' },
  { kind: 'promo-v2', bundleId: BUNDLE_ID, productId: 'com.example.app.monthly', offerIdentifier: 'WINBACK50' },
  { kind: 'intro-eligibility', bundleId: BUNDLE_ID, productId: 'com.example.app.monthly', allowIntroductoryOffer: true, transactionId: '2000000123456789' },
  { kind: 'advanced-commerce', bundleId: BUNDLE_ID, requestJson: '{"operation":"CREATE_SUBSCRIPTION"}' },
];

/** The key files a user may import: App Store Connect's own form, SEC1, and the edges of the private number's range. */
const FILES: Array<{ name: string; key: KeyObject; text: (key: KeyObject) => string; format: 'pkcs8' | 'sec1' }> = [
  { name: 'the file App Store Connect delivers', key: generateP256Key(), text: appStoreConnectP8, format: 'pkcs8' },
  { name: 'a SEC1 key', key: generateP256Key(), text: (key) => key.export({ type: 'sec1', format: 'pem' }).toString(), format: 'sec1' },
  { name: 'the key whose private number is 1', key: p256KeyWithScalar(1n), text: appStoreConnectP8, format: 'pkcs8' },
  { name: 'the key whose private number is n - 1', key: p256KeyWithScalar(P256_ORDER - 1n), text: appStoreConnectP8, format: 'pkcs8' },
];

const KINDS: Array<{ kind: KeyKind; fileName: string; issuerId?: string }> = [
  { kind: 'asc-team', fileName: 'AuthKey_TEAM2X9R4H.p8', issuerId: ISSUER_ID },
  { kind: 'asc-individual', fileName: 'AuthKey_USER7Q3K8M.p8' },
  { kind: 'in-app-purchase', fileName: 'SubscriptionKey_IAP5K8W2ZQ.p8', issuerId: ISSUER_ID },
];

const loadSigningKey = vi.mocked(loader.loadSigningKey);
const keysLoaded = () => loadSigningKey.mock.results.map((result) => result.value as KeyObject);

function jwtVerifies(token: string, publicKey: KeyObject): boolean {
  const [header = '', payload = '', signature = ''] = token.split('.');
  return verify('sha256', Buffer.from(`${header}.${payload}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
}

describe('a key that imports can sign', () => {
  it.each(FILES)('signs every token and offer kind with $name, each time with a key made by the loader import used', async ({ key, text, format }) => {
    const { vault, service, writeKeyFile } = await keyServiceFixture();
    const signing = new SigningService({ vault, keys: service, newNonce: () => NONCE });
    const publicKey = createPublicKey(key);

    for (const { kind, fileName, issuerId } of KINDS) {
      loadSigningKey.mockClear();
      const { key: summary } = await service.importKey({
        source: { type: 'file', path: writeKeyFile(fileName, text(key)) },
        kind,
        ...(issuerId === undefined ? {} : { issuerId }),
        bundleIds: [BUNDLE_ID],
      });
      // Import checks the file's own key, then the PKCS#8 the vault stores, both with the signers' loader.
      expect(loadSigningKey.mock.calls.map(([, loadedAs]) => loadedAs ?? 'pkcs8')).toEqual([format, 'pkcs8']);

      const signed: Array<string | OfferSignature> = [];
      for (const request of TOKENS[kind]) signed.push((await signing.issueToken(summary.id, request)).token);
      if (kind === 'in-app-purchase') for (const request of OFFERS) signed.push(await signing.signOffer(summary.id, request));

      // One load per signature, each the same key as imported.
      const loadedBySigning = keysLoaded().slice(2);
      expect(loadedBySigning).toHaveLength(signed.length);
      for (const loaded of loadedBySigning) expect(createPublicKey(loaded).equals(publicKey)).toBe(true);

      for (const output of signed) {
        if (typeof output === 'string') expect(jwtVerifies(output, publicKey)).toBe(true);
        else if (output.kind === 'legacy') {
          const message = Buffer.from([BUNDLE_ID, summary.keyId, output.productId, output.offerId, output.appAccountToken, output.nonce, String(output.timestamp)].join('\u2063'));
          expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'der' }, Buffer.from(output.signature, 'base64'))).toBe(true);
        } else expect(jwtVerifies(output.jws, publicKey)).toBe(true);
      }
      expect(signed).toHaveLength(kind === 'in-app-purchase' ? 5 : 1);
      service.deleteKey(summary.id, summary.keyId);
    }
  });
});
