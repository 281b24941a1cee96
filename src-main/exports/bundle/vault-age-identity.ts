import { webcrypto } from 'node:crypto';
import { identityToRecipient } from 'age-encryption';
import type { Vault } from '../../vault/vault';
import type { BundleIdentity } from './bundle-crypto';

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/**
 * The vault's own age X25519 identity: teammates encrypt bundles to its recipient (`age1…`), and a
 * bundle addressed to it imports without a passphrase. Its secret stays sealed in the vault; here it
 * becomes, for one use, a non-extractable CryptoKey, and its bytes are wiped.
 */
export class VaultAgeIdentity {
  constructor(private readonly vault: Vault) {}

  /** The recipient string to give teammates; made, with the identity, on first need. */
  async recipient(): Promise<string> {
    return (await this.open()).recipient;
  }

  async open(): Promise<BundleIdentity> {
    const secret = this.vault.ageIdentitySecret();
    const der = Buffer.concat([X25519_PKCS8_PREFIX, secret]);
    secret.fill(0);
    try {
      const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'X25519' }, false, ['deriveBits']);
      return { key, recipient: await identityToRecipient(key) };
    } finally {
      der.fill(0);
    }
  }
}
