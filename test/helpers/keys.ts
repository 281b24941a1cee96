import { createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { parseP8, type ParsedP8 } from '../../src-main/keys/parse-p8';
import { repairPastedKey } from '../../src-main/keys/repair-pasted-key';

/** A key as the user hands it over: a file's bytes, or text pasted from a clipboard or CI secret. */
export type P8Input = { file: Uint8Array } | { pasted: string };

const OID_EC_PUBLIC_KEY = derTlv(0x06, Buffer.from('2a8648ce3d0201', 'hex'));
const OID_P256 = derTlv(0x06, Buffer.from('2a8648ce3d030107', 'hex'));
const OID_COMMON_NAME = derTlv(0x06, Buffer.from('550403', 'hex'));
const ECDSA_WITH_SHA256 = derTlv(0x30, derTlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')));

type GeneratedKind = { type: 'ec'; namedCurve: string } | { type: 'rsa'; modulusLength: number } | { type: 'ed25519' } | { type: 'x25519' };

/**
 * A fresh private key whose KeyObject is not shared with Node's key-generation job. Node 20 can deadlock when
 * garbage collection destroys that job while the same key is being exported (the job's destructor takes the
 * key's mutex, which the export holds), so the key is generated as DER and read back with createPrivateKey.
 */
export function generatePrivateKey({ type, ...options }: GeneratedKind): KeyObject {
  const { privateKey } = generateKeyPairSync(type as 'ec', {
    ...(options as { namedCurve: string }),
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' });
}

export function generateP256Key(): KeyObject {
  return generatePrivateKey({ type: 'ec', namedCurve: 'P-256' });
}

/** A fresh key in the PEM form Node writes (PKCS#8 without inner curve parameters, `MIGHAgEA…`). */
export function generateP256Pem(): string {
  return generateP256Key().export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The key as App Store Connect delivers it: PKCS#8 with the curve repeated inside (`MIGTAgEA…`). */
export function appStoreConnectP8(key: KeyObject): string {
  return pem('PRIVATE KEY', p256Pkcs8Der(key, publicPointOf(key)));
}

/** A PKCS#8 key whose embedded public key belongs to another key: it imports, but cannot verify its own signatures. */
export function p8WithForeignPublicKey(key: KeyObject, other: KeyObject): string {
  return pem('PRIVATE KEY', p256Pkcs8Der(key, publicPointOf(other)));
}

/** A real, verifiable self-signed X.509 certificate (Node can read certificates but not create them). */
export function selfSignedCertificatePem(key: KeyObject): string {
  const publicKey = createPublicKey(key);
  const name = derTlv(0x30, derTlv(0x31, derTlv(0x30, OID_COMMON_NAME, derTlv(0x0c, Buffer.from('asc-key-vault test')))));
  const validity = derTlv(0x30, derTlv(0x17, Buffer.from('250101000000Z')), derTlv(0x17, Buffer.from('350101000000Z')));
  const tbsCertificate = derTlv(
    0x30,
    derTlv(0xa0, derTlv(0x02, Buffer.from([2]))),
    derTlv(0x02, Buffer.from([1])),
    ECDSA_WITH_SHA256,
    name,
    validity,
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbsCertificate, key);
  const certificate = derTlv(0x30, tbsCertificate, ECDSA_WITH_SHA256, derTlv(0x03, Buffer.from([0]), signature));
  if (!new X509Certificate(certificate).verify(publicKey)) throw new Error('test certificate does not verify');
  return pem('CERTIFICATE', certificate);
}

/** SHA-256 of the SPKI DER, computed here independently of parseP8. */
export function fingerprintOf(key: KeyObject): string {
  return createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest('hex');
}

/** The base64 between the armour lines, on one line. */
export function pemBody(pemText: string): string {
  return pemText.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
}

export function pem(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function parseP8Input(input: P8Input): { bytes: Uint8Array; parsed: ParsedP8 } {
  const bytes = 'file' in input ? input.file : repairPastedKey(input.pasted);
  return { bytes, parsed: parseP8(bytes, 'file' in input ? 'file' : 'pasted') };
}

export function thrownAppError(action: () => unknown): AppError {
  try {
    action();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, but nothing was thrown');
}

function publicPointOf(key: KeyObject): Buffer {
  const { x = '', y = '' } = key.export({ format: 'jwk' });
  return Buffer.concat([Buffer.from([0x04]), Buffer.from(x, 'base64url'), Buffer.from(y, 'base64url')]);
}

/**
 * A P-256 PKCS#8 key whose private number is `scalar` (32 bytes, big-endian), whatever its value, with the
 * public point of `publicKey`: how a hand-made or damaged key with a number outside 1..n-1 looks.
 */
export function p8WithScalar(scalar: bigint, publicKey: KeyObject): string {
  return pem('PRIVATE KEY', p256Pkcs8Der(Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex'), publicPointOf(publicKey)));
}

/** The P-256 key whose private number is `scalar` (1..n-1), made by Node from the number alone. */
export function p256KeyWithScalar(scalar: bigint): KeyObject {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex'));
  const point = ecdh.getPublicKey();
  return createPrivateKey({ key: p256Pkcs8Der(ecdh.getPrivateKey(), point), format: 'der', type: 'pkcs8' });
}

function p256Pkcs8Der(key: KeyObject | Buffer, publicPoint: Buffer): Buffer {
  const d = Buffer.isBuffer(key) ? key : Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
  const ecPrivateKey = derTlv(
    0x30,
    derTlv(0x02, Buffer.from([1])),
    derTlv(0x04, d),
    derTlv(0xa0, OID_P256),
    derTlv(0xa1, derTlv(0x03, Buffer.from([0]), publicPoint)),
  );
  return derTlv(
    0x30,
    derTlv(0x02, Buffer.from([0])),
    derTlv(0x30, OID_EC_PUBLIC_KEY, OID_P256),
    derTlv(0x04, ecPrivateKey),
  );
}

function derTlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  const length =
    body.length < 0x80
      ? [body.length]
      : body.length < 0x100
        ? [0x81, body.length]
        : [0x82, body.length >> 8, body.length & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
