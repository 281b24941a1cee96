import { AppError } from '../../src-shared/errors';
import { trimPasted } from '../../src-shared/keys/identifiers';

// CI secrets and JSON files often hold a key with its line ends written as the two characters \n.
const ESCAPED_LINE_END = /\\r\\n|\\n|\\r/g;
const SINGLE_PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DER_SEQUENCE_TAG = 0x30;

/**
 * Turns key text copied from a clipboard or a CI secret back into the bytes of a PEM file for parseP8.
 * Text it cannot straighten out safely is passed on unchanged, so parseP8 names what is wrong with it.
 */
export function repairPastedKey(text: string): Uint8Array {
  const pasted = trimPasted(text.replace(ESCAPED_LINE_END, '\n'));
  if (pasted.includes('-----BEGIN ')) return encodeText(rewrapPemBlock(pasted));

  const der = decodeBase64(pasted);
  if (der !== undefined) {
    const decodedText = trimPasted(new TextDecoder().decode(der));
    if (decodedText.startsWith('-----BEGIN ')) return encodeText(rewrapPemBlock(decodedText));
    if (der[0] === DER_SEQUENCE_TAG) return encodeText(armour('PRIVATE KEY', der.toString('base64')));
  }
  throw new AppError(
    'NOT_PEM',
    'This text is not a private key. Paste the whole contents of the .p8 file, from the BEGIN PRIVATE KEY line ' +
      'to the END PRIVATE KEY line, or that text encoded as base64.',
  );
}

/** Puts armour lines and a body squeezed onto one line back into 64-character lines. */
function rewrapPemBlock(pem: string): string {
  const match = SINGLE_PEM_BLOCK.exec(pem);
  if (!match) return pem;
  const [, label = '', body = ''] = match;
  const base64 = body.replace(/\s+/g, '');
  return BASE64.test(base64) ? armour(label, base64) : pem;
}

function decodeBase64(text: string): Buffer | undefined {
  const base64 = text.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 !== 0) return undefined;
  return Buffer.from(base64, 'base64');
}

function armour(label: string, base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
