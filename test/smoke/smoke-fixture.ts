import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** The made-up account the smoke test's key belongs to, and the passphrase of its throwaway vault. */
export const SMOKE_ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const SMOKE_PASSPHRASE = 'copper meadow ninety falcon drift';

/** A team key made for the smoke run, never a real one: the file to import and the public key to verify with. */
export interface FixtureKey {
  keyId: string;
  /** As App Store Connect names the download, so the app reads the kind and Key ID from it. */
  fileName: string;
  pem: string;
  publicKey: KeyObject;
}

/** A fresh P-256 key in the PKCS#8 PEM a `.p8` holds. */
export function generateFixtureKey(keyId: string): FixtureKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { keyId, fileName: `AuthKey_${keyId}.p8`, pem: privateKey, publicKey: createPublicKey(publicKey) };
}
