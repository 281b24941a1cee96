/**
 * An item's plaintext is the JSON `{"data":…,"secret":{…}}`, written by JSON.stringify in that order
 * (pending-write.ts). Reading it with JSON.parse would make a JS string of every secret, which V8
 * neither wipes nor frees on request; these read the data, and one secret field at a time, from the
 * decrypted bytes, so a key's PEM is never a string unless an export asks for one.
 */

const DATA_PREFIX = Buffer.from('{"data":');
// A secret's values are base64 and PEM text, without quotes, so the last `,"secret":` is the top-level one.
const SECRET_KEY = Buffer.from(',"secret":');

export class ItemPlaintextUnreadable extends Error {}

function secretStart(plaintext: Buffer): number {
  const at = plaintext.lastIndexOf(SECRET_KEY);
  if (!plaintext.subarray(0, DATA_PREFIX.length).equals(DATA_PREFIX) || at === -1 || plaintext[plaintext.length - 1] !== 0x7d) {
    throw new ItemPlaintextUnreadable();
  }
  return at;
}

/** The record's data, parsed from the bytes before its secret. */
export function readItemData(plaintext: Buffer): unknown {
  return JSON.parse(plaintext.subarray(DATA_PREFIX.length, secretStart(plaintext)).toString('utf8'));
}

/** The same secret with new data, without reading the secret. The caller wipes both buffers. */
export function replaceItemData(plaintext: Buffer, data: unknown): Buffer {
  return Buffer.concat([DATA_PREFIX, Buffer.from(JSON.stringify(data), 'utf8'), plaintext.subarray(secretStart(plaintext))]);
}

const JSON_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/**
 * The bytes of the string `secret[field]`, its JSON escapes undone, in a new Buffer the caller wipes.
 * Base64 and PEM text need only the short escapes; anything else is not a record this app wrote.
 */
export function readSecretField(plaintext: Buffer, field: string): Buffer {
  const secret = plaintext.subarray(secretStart(plaintext) + SECRET_KEY.length);
  const key = Buffer.from(`"${field}":"`);
  const keyAt = secret.indexOf(key);
  if (secret[0] !== 0x7b || keyAt === -1 || (secret[keyAt - 1] !== 0x7b && secret[keyAt - 1] !== 0x2c)) throw new ItemPlaintextUnreadable();
  const value = Buffer.alloc(secret.length);
  let length = 0;
  for (let index = keyAt + key.length; index < secret.length; index += 1) {
    const byte = secret[index] as number;
    // The rest of the allocation was never written: wiping the view the caller gets wipes every byte.
    if (byte === 0x22) return value.subarray(0, length);
    if (byte === 0x5c) {
      const escaped = JSON_ESCAPES[secret[index + 1] as number];
      if (escaped === undefined) break;
      value[length++] = escaped;
      index += 1;
    } else {
      value[length++] = byte;
    }
  }
  value.fill(0);
  throw new ItemPlaintextUnreadable();
}
