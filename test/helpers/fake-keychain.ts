import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeychainPort } from '../../src-main/vault/keychain';

/** A keychain that really encrypts (with a key only this object knows), like safeStorage does. */
export function fakeKeychain(unavailableReason: string | null = null): KeychainPort & { calls: number } {
  const key = randomBytes(32);
  const keychain = {
    calls: 0,
    unavailableReason: () => unavailableReason,
    encrypt(plaintext: Buffer) {
      keychain.calls += 1;
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, cipher.update(plaintext), cipher.final()]);
    },
    decrypt(ciphertext: Buffer) {
      keychain.calls += 1;
      const decipher = createDecipheriv('aes-256-cbc', key, ciphertext.subarray(0, 16));
      return Buffer.concat([decipher.update(ciphertext.subarray(16)), decipher.final()]);
    },
  };
  return keychain;
}
