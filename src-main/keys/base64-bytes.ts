const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUES = new Int8Array(256).fill(-1);
for (const [index, character] of [...ALPHABET].entries()) VALUES[character.charCodeAt(0)] = index;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const PADDING = 0x3d;

/**
 * Base64 text given as bytes, decoded to bytes without ever making a JS string of either (Node's
 * decoder takes only strings, which V8 cannot wipe). Whitespace is skipped, as in a PEM body; `=`
 * may only end the text. Returns undefined for anything else. The caller wipes both buffers.
 */
export function decodeBase64Bytes(text: Uint8Array): Buffer | undefined {
  const output = Buffer.alloc(Math.floor((text.length * 3) / 4));
  let written = 0;
  let bits = 0;
  let bitCount = 0;
  let padding = 0;
  for (const byte of text) {
    if (WHITESPACE.has(byte)) continue;
    if (byte === PADDING) {
      padding += 1;
      continue;
    }
    const value = VALUES[byte] as number;
    if (value === -1 || padding > 0) return wipe(output);
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      output[written++] = (bits >> bitCount) & 0xff;
    }
  }
  // Padding, when present, completes the last group of 4; one character alone encodes no byte.
  const characters = (written * 8 + bitCount) / 6;
  if (padding > 2 || (padding > 0 && (characters + padding) % 4 !== 0) || characters % 4 === 1) return wipe(output);
  return output.subarray(0, written);
}

function wipe(buffer: Buffer): undefined {
  buffer.fill(0);
  return undefined;
}
