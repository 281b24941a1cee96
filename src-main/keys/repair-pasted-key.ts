import { AppError } from '../../src-shared/errors';
import { trimPasted } from '../../src-shared/keys/identifiers';
import { DER_TAG, pemLabelOfDer } from './der';

// CI secrets and JSON files often hold a key with its line ends written as the two characters \n.
const ESCAPED_LINE_END = /\\r\\n|\\n|\\r/g;
const ARMOUR_LINE = /-----(BEGIN|END) /;
const SINGLE_PEM_BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;
const BEGIN_LINE_AND_BODY = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*)$/;
const BODY_AND_END_LINE = /^([\s\S]*)-----END ([A-Z0-9 ]+)-----$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Turns key text copied from a clipboard or a CI secret back into the bytes of a PEM file for parseP8.
 * Text it cannot straighten out safely is passed on unchanged, so parseP8 names what is wrong with it.
 */
export function repairPastedKey(text: string): Uint8Array {
  const pasted = trimPasted(text.replace(ESCAPED_LINE_END, '\n'));
  if (ARMOUR_LINE.test(pasted)) return encodeText(rewrapPemBlock(completeArmour(pasted)));

  const der = decodeBase64(pasted);
  if (der !== undefined) {
    const decodedText = trimPasted(new TextDecoder().decode(der));
    if (ARMOUR_LINE.test(decodedText)) return encodeText(rewrapPemBlock(completeArmour(decodedText)));
    // A structure too short to tell is most likely a key copied only in part; parseP8 then calls it damaged.
    const label = pemLabelOfDer(der) ?? (der[0] === DER_TAG.sequence ? 'PRIVATE KEY' : undefined);
    if (label !== undefined) return encodeText(armour(label, der.toString('base64')));
  }
  throw new AppError(
    'NOT_PEM',
    'This text is not a private key. Paste the whole contents of the .p8 file, from the BEGIN PRIVATE KEY line ' +
      'to the END PRIVATE KEY line, or that text encoded as base64.',
  );
}

/** Re-adds the one armour line a copy most often misses, the BEGIN or the END, when the rest is a key's body. */
function completeArmour(pem: string): string {
  const beginOnly = BEGIN_LINE_AND_BODY.exec(pem);
  if (beginOnly && !pem.includes('-----END ')) {
    const [, label = '', body = ''] = beginOnly;
    if (isBase64(body)) return `${pem}\n-----END ${label}-----`;
  }
  const endOnly = BODY_AND_END_LINE.exec(pem);
  if (endOnly && !pem.includes('-----BEGIN ')) {
    const [, body = '', label = ''] = endOnly;
    if (isBase64(body)) return `-----BEGIN ${label}-----\n${pem}`;
  }
  return pem;
}

/** Puts armour lines and a body squeezed onto one line back into 64-character lines. */
function rewrapPemBlock(pem: string): string {
  const match = SINGLE_PEM_BLOCK.exec(pem);
  if (!match) return pem;
  const [, label = '', body = ''] = match;
  return isBase64(body) ? armour(label, body.replace(/\s+/g, '')) : pem;
}

function isBase64(text: string): boolean {
  return BASE64.test(text.replace(/\s+/g, ''));
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
