/** One DER element: its tag, where its contents start and where it ends (exclusive), as offsets into the bytes. */
export interface DerElement {
  tag: number;
  contentStart: number;
  end: number;
}

export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  sequence: 0x30,
} as const;

/** Reads the element at `offset`; undefined when its header is malformed or it runs past the end of the bytes. */
export function readDerElement(der: Uint8Array, offset = 0): DerElement | undefined {
  const tag = der[offset];
  const firstLengthByte = der[offset + 1];
  if (tag === undefined || firstLengthByte === undefined) return undefined;
  let length = firstLengthByte;
  let contentStart = offset + 2;
  if (firstLengthByte & 0x80) {
    const lengthBytes = firstLengthByte & 0x7f;
    // 0 would be BER's indefinite length; more than 4 bytes of length is far beyond any key.
    if (lengthBytes === 0 || lengthBytes > 4 || contentStart + lengthBytes > der.length) return undefined;
    length = 0;
    for (let index = 0; index < lengthBytes; index += 1) length = length * 256 + (der[contentStart + index] ?? 0);
    contentStart += lengthBytes;
  }
  const end = contentStart + length;
  return end <= der.length ? { tag, contentStart, end } : undefined;
}

/**
 * The PEM label for a bare DER structure, told from the tags of its first two elements, so a key pasted
 * without its armour lines is checked as what it is: PKCS#8 and SEC1 keys, but also the keys and
 * certificates parseP8 refuses by name. Undefined when the bytes are no such structure.
 */
export function pemLabelOfDer(der: Uint8Array): string | undefined {
  const outer = readDerElement(der);
  if (outer?.tag !== DER_TAG.sequence) return undefined;
  const first = readDerElement(der, outer.contentStart);
  const second = first && first.end < outer.end ? readDerElement(der, first.end) : undefined;
  if (!first || !second) return undefined;
  return DER_SHAPES[shapeOf(first.tag, second.tag)];
}

const shapeOf = (first: number, second: number) => `${first}:${second}`;

const DER_SHAPES: Record<string, string | undefined> = {
  // PKCS#8: version, algorithm identifier, key.
  [shapeOf(DER_TAG.integer, DER_TAG.sequence)]: 'PRIVATE KEY',
  // SEC1 ECPrivateKey: version, private key octets.
  [shapeOf(DER_TAG.integer, DER_TAG.octetString)]: 'EC PRIVATE KEY',
  // PKCS#1 RSAPrivateKey: version, modulus.
  [shapeOf(DER_TAG.integer, DER_TAG.integer)]: 'RSA PRIVATE KEY',
  // EncryptedPrivateKeyInfo: encryption algorithm, encrypted data.
  [shapeOf(DER_TAG.sequence, DER_TAG.octetString)]: 'ENCRYPTED PRIVATE KEY',
  // SubjectPublicKeyInfo: algorithm identifier, public key bits.
  [shapeOf(DER_TAG.sequence, DER_TAG.bitString)]: 'PUBLIC KEY',
  // X.509 certificate: to-be-signed certificate, signature algorithm.
  [shapeOf(DER_TAG.sequence, DER_TAG.sequence)]: 'CERTIFICATE',
};
