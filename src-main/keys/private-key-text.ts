import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

/** One PEM private key found in a file's text: its armour label and, when it opens without a passphrase, its public key's fingerprint. */
export interface FoundPrivateKey {
  /** "PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"… */
  label: string;
  /** SHA-256 of the SPKI DER, as the vault fingerprints keys; absent for an encrypted key. */
  fingerprint?: string;
}

const ARMOUR = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?-----END \1-----/g;

/**
 * The private keys in `text`, by content: "PRIVATE KEY" armour whose body parses as a key (an
 * encrypted one counts: it is still a private key). Text that only looks like armour (a regex, docs
 * naming the label) is not reported. The KeyObjects made here go out of scope at once.
 */
export function findPrivateKeys(text: string): FoundPrivateKey[] {
  const found: FoundPrivateKey[] = [];
  for (const match of text.matchAll(ARMOUR)) {
    const label = match[1] ?? 'PRIVATE KEY';
    try {
      const publicKey = createPublicKey(createPrivateKey(match[0]));
      found.push({ label, fingerprint: createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex') });
    } catch {
      // Without its passphrase an encrypted key does not open; its armour around one DER structure is enough.
      if (/ENCRYPTED/.test(match[0]) && isOneDerSequence(match[0])) found.push({ label });
    }
  }
  return found;
}

function isOneDerSequence(block: string): boolean {
  const body = block
    .split(/\r?\n/)
    .filter((line) => line !== '' && !line.startsWith('-----') && !line.includes(':'))
    .join('');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return false;
  const der = Buffer.from(body, 'base64');
  if (der[0] !== 0x30 || der.length < 2) return false;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.length === 2 + first;
  const lengthBytes = first & 0x7f;
  if (lengthBytes === 0 || lengthBytes > 3 || der.length < 2 + lengthBytes) return false;
  return der.length === 2 + lengthBytes + der.readUIntBE(2, lengthBytes);
}

/** Quick test before the full parse: files without the armour's words are most files. */
export function mayHoldPrivateKey(text: string): boolean {
  return text.includes('PRIVATE KEY-----');
}
