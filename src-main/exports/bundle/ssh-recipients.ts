import { constants, createCipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, publicEncrypt, randomBytes } from 'node:crypto';
import { Stanza, type Recipient } from 'age-encryption';

/**
 * age's two SSH recipient types (https://age-encryption.org/v1, "ssh-ed25519" and "ssh-rsa"), which
 * typage lacks, on Node's crypto. Encryption only, from public keys: the app never holds an SSH
 * private key. The reference age tool decrypts what these write (test/integration/exports).
 */

const ED25519_LABEL = 'age-encryption.org/v1/ssh-ed25519';
const RSA_LABEL = 'age-encryption.org/v1/ssh-rsa';
// age refuses smaller RSA keys.
const MIN_RSA_BITS = 2048;

export type SshKeyParse = { ok: true; recipient: Recipient } | { ok: false; reason: string };

/** An `ssh-ed25519 AAAA… comment` or `ssh-rsa AAAA… comment` line (as in id_*.pub or authorized_keys, without options). */
export function parseSshRecipient(line: string): SshKeyParse {
  const [type, blobText] = line.trim().split(/\s+/);
  if (type !== 'ssh-ed25519' && type !== 'ssh-rsa') return { ok: false, reason: 'age encrypts only to ssh-ed25519 and ssh-rsa keys' };
  if (blobText === undefined || !/^[A-Za-z0-9+/]+={0,2}$/.test(blobText)) return { ok: false, reason: 'its key text after the type is missing or not base64' };
  const blob = Buffer.from(blobText, 'base64');
  const fields = readSshStrings(blob);
  if (!fields || fields[0]?.toString('latin1') !== type) return { ok: false, reason: 'its key text is damaged or is not the type it starts with' };
  const tag = createHash('sha256').update(blob).digest().subarray(0, 4).toString('base64').replace(/=+$/, '');
  if (type === 'ssh-ed25519') {
    const point = fields[1];
    if (fields.length !== 2 || point?.length !== 32) return { ok: false, reason: 'its key text is damaged' };
    const montgomery = edwardsToMontgomery(point);
    if (!montgomery) return { ok: false, reason: 'it is not a valid Ed25519 public key' };
    return { ok: true, recipient: new SshEd25519Recipient(blob, montgomery, tag) };
  }
  const [, exponent, modulus] = fields;
  if (fields.length !== 3 || !exponent || !modulus) return { ok: false, reason: 'its key text is damaged' };
  try {
    const key = createPublicKey({ key: { kty: 'RSA', e: unsigned(exponent).toString('base64url'), n: unsigned(modulus).toString('base64url') }, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS) return { ok: false, reason: `its RSA key has ${bits} bits; age needs at least ${MIN_RSA_BITS}` };
    return { ok: true, recipient: new SshRsaRecipient(key, tag) };
  } catch {
    return { ok: false, reason: 'it is not a valid RSA public key' };
  }
}

class SshEd25519Recipient implements Recipient {
  constructor(
    private readonly sshKey: Buffer,
    private readonly montgomery: Buffer,
    private readonly tag: string,
  ) {}

  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    const ephemeral = randomBytes(32);
    const tweak = Buffer.from(hkdfSync('sha256', Buffer.alloc(0), this.sshKey, ED25519_LABEL, 32));
    const untweaked = Buffer.alloc(32);
    const shared = Buffer.alloc(32);
    try {
      moveInto(untweaked, x25519(ephemeral, this.montgomery));
      moveInto(shared, x25519(tweak, untweaked));
      const share = x25519(ephemeral, BASE_POINT);
      const wrapKey = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([share, this.montgomery]), ED25519_LABEL, 32));
      return [new Stanza(['ssh-ed25519', this.tag, unpadded(share)], sealFileKey(wrapKey, fileKey))];
    } finally {
      for (const secret of [ephemeral, untweaked, shared]) secret.fill(0);
    }
  }
}

class SshRsaRecipient implements Recipient {
  constructor(
    private readonly key: ReturnType<typeof createPublicKey>,
    private readonly tag: string,
  ) {}

  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    const body = publicEncrypt({ key: this.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from(RSA_LABEL) }, fileKey);
    return [new Stanza(['ssh-rsa', this.tag], new Uint8Array(body))];
  }
}

/** Copies a secret into a buffer the caller wipes, and wipes the source. */
function moveInto(target: Buffer, source: Buffer): void {
  source.copy(target);
  source.fill(0);
}

/** ChaCha20-Poly1305 with the all-zero nonce, as age wraps a file key (each wrap key is used once). */
function sealFileKey(wrapKey: Buffer, fileKey: Uint8Array): Uint8Array {
  const cipher = createCipheriv('chacha20-poly1305', wrapKey, Buffer.alloc(12), { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
  wrapKey.fill(0);
  return new Uint8Array(body);
}

const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
const BASE_POINT = Buffer.concat([Buffer.from([9]), Buffer.alloc(31)]);

/** RFC 7748 X25519; OpenSSL refuses an all-zero result (a low-order point), as age does. */
function x25519(scalar: Buffer, point: Buffer): Buffer {
  const der = Buffer.concat([X25519_PKCS8_PREFIX, scalar]);
  try {
    return diffieHellman({
      privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, point]), format: 'der', type: 'spki' }),
    });
  } finally {
    der.fill(0);
  }
}

const P = 2n ** 255n - 19n;
const D = mod(-121665n * inverse(121666n));

function mod(value: bigint): bigint {
  const reduced = value % P;
  return reduced < 0n ? reduced + P : reduced;
}

function power(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

function inverse(value: bigint): bigint {
  return power(value, P - 2n);
}

/**
 * The Montgomery u = (1 + y) / (1 - y) of an Ed25519 public key, or null when the bytes are not a point
 * on the curve (RFC 8032 decoding: y below p, x² = (y² − 1) / (d·y² + 1) a square) or are the identity.
 */
function edwardsToMontgomery(point: Buffer): Buffer | null {
  const bytes = Buffer.from(point);
  const sign = (bytes[31] ?? 0) >> 7;
  bytes[31] = (bytes[31] ?? 0) & 0x7f;
  const y = BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
  if (y >= P || y === 1n) return null;
  const y2 = (y * y) % P;
  const x2 = mod((y2 - 1n) * inverse(mod(D * y2 + 1n)));
  if (x2 === 0n ? sign === 1 : power(x2, (P - 1n) / 2n) !== 1n) return null;
  const u = mod((1n + y) * inverse(mod(1n - y)));
  if (u === 0n) return null;
  return Buffer.from(u.toString(16).padStart(64, '0'), 'hex').reverse();
}

/** The strings of an SSH wire-format key (uint32 length, bytes), or null when they do not fill it exactly. */
function readSshStrings(blob: Buffer): Buffer[] | null {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return null;
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) return null;
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return fields;
}

/** An SSH mpint without its sign byte, as JWK wants it. */
function unsigned(mpint: Buffer): Buffer {
  let start = 0;
  while (start < mpint.length - 1 && mpint[start] === 0) start += 1;
  return mpint.subarray(start);
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
