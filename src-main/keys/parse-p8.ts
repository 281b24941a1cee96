import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { loadSigningKey, SigningKeyRefused, type SigningKeyFault } from './load-signing-key';

export interface ParsedP8 {
  /** The file exactly as read, so an export can write it back byte for byte. */
  originalBytes: Uint8Array;
  pkcs8Pem: string;
  publicKeyPem: string;
  /** SHA-256 of the public key's SPKI DER, lower-case hex; the same key always gives the same fingerprint. */
  fingerprint: string;
  sourceFormat: 'pkcs8' | 'sec1';
}

/** Where the text came from: a pasted key's likely fault is the copy, a file's is the file itself. */
export type KeyTextOrigin = 'file' | 'pasted';

interface PemBlock {
  label: string;
  body: string;
}

interface Wording {
  /** Begins a sentence about the input. */
  subject: string;
  /** Begins a sentence about the key in it. */
  keySubject: string;
  damaged: string;
  /** What to do about a key that is damaged. */
  recover: string;
  /** How to drop the text around the key. */
  keepOnlyTheKey: (label: string) => string;
}

// A real .p8 is about 250 bytes; the limit only keeps a wrongly picked file from being read into memory.
const MAX_FILE_BYTES = 64 * 1024;
const BEGIN_LINE = /-----BEGIN ([A-Z0-9 ]+)-----/g;
const ARMOUR_REMNANT = /BEGIN [A-Z0-9 ]*(KEY|CERTIFICATE)/;
const LEGACY_ENCRYPTION_HEADER = /^Proc-Type:\s*4,\s*ENCRYPTED/m;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SELF_TEST_MESSAGE = new TextEncoder().encode('asc-key-vault import self-test');

const PICK_THE_DOWNLOAD = 'Pick the .p8 file downloaded from App Store Connect (AuthKey_….p8 or SubscriptionKey_….p8).';
const NO_INTACT_COPY =
  'If you have no intact copy, revoke the key in App Store Connect and create a new one: Apple lets you download each key only once.';
const COPY_AGAIN =
  'Part of it was probably lost in copying: copy the whole key again from the original .p8 file, from its BEGIN line ' +
  'to its END line, or choose the file instead.';

const WORDING: Record<KeyTextOrigin, Wording> = {
  file: {
    subject: 'This file',
    keySubject: 'This key',
    damaged: 'This key file is damaged',
    recover: NO_INTACT_COPY,
    keepOnlyTheKey: (label) => `Delete everything outside the -----BEGIN ${label}----- and -----END lines, or pick the file as it was downloaded.`,
  },
  pasted: {
    subject: 'The pasted text',
    keySubject: 'The pasted key',
    damaged: 'The pasted key is damaged',
    recover: COPY_AGAIN,
    keepOnlyTheKey: (label) =>
      `Copy only the key from the original .p8 file, from the -----BEGIN ${label}----- line to the -----END line, or choose the file instead.`,
  },
};

/**
 * Checks that the bytes are an App Store Connect private key (EC P-256) and derives what the vault stores about it.
 * `origin` only changes what refusals advise: pasted text is most often damaged by the copy, not at the source.
 */
export function parseP8(bytes: Uint8Array, origin: KeyTextOrigin = 'file'): ParsedP8 {
  const wording = WORDING[origin];
  if (bytes.length === 0) throw inputEmpty(wording);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new AppError(
      'FILE_TOO_LARGE',
      `${wording.subject} is ${Math.ceil(bytes.length / 1024)} KiB; a .p8 key is under 1 KiB. ${PICK_THE_DOWNLOAD}`,
    );
  }
  // TextDecoder drops a leading UTF-8 byte order mark.
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') throw inputEmpty(wording);

  const block = readSinglePemBlock(text, wording);
  const der = decodeBody(block.body, wording);
  const sourceFormat = block.label === 'EC PRIVATE KEY' ? 'sec1' : 'pkcs8';
  let privateKey: KeyObject;
  try {
    privateKey = loadImportedKey(der, sourceFormat, wording);
  } finally {
    der.fill(0);
  }
  const publicKey = createCheckedPublicKey(privateKey, wording);

  return {
    originalBytes: bytes,
    pkcs8Pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex'),
    sourceFormat,
  };
}

function inputEmpty(wording: Wording): AppError {
  return new AppError('FILE_EMPTY', `${wording.subject} is empty. ${PICK_THE_DOWNLOAD}`);
}

/** Finds the one PEM block, refusing by its label anything that is not an unencrypted private key. */
function readSinglePemBlock(text: string, wording: Wording): PemBlock {
  const begins = [...text.matchAll(BEGIN_LINE)];
  const [begin] = begins;
  if (begin === undefined) {
    if (ARMOUR_REMNANT.test(text)) throw pemDamaged('its -----BEGIN line is broken.', wording);
    throw new AppError(
      'NOT_PEM',
      `${wording.subject} is not a private key: a .p8 key is text whose first line reads BEGIN PRIVATE KEY between dashes. ${PICK_THE_DOWNLOAD}`,
    );
  }
  if (begins.length > 1) {
    throw new AppError(
      'MULTIPLE_PEM_BLOCKS',
      `${wording.subject} holds ${begins.length} PEM blocks; a .p8 key file holds exactly one private key. ` +
        `${PICK_THE_DOWNLOAD} If you joined several keys into one file, import each from its own file.`,
    );
  }
  const label = begin[1] ?? '';
  const afterBegin = text.slice(begin.index + begin[0].length);
  refuseByLabel(label, afterBegin);

  const endLine = `-----END ${label}-----`;
  const endIndex = afterBegin.indexOf(endLine);
  if (endIndex === -1) throw pemDamaged(`it is cut short, or its ${endLine} line is broken.`, wording);
  const before = text.slice(0, begin.index);
  const after = afterBegin.slice(endIndex + endLine.length);
  if (before.trim() !== '' || after.trim() !== '') {
    throw new AppError('PEM_DAMAGED', `${wording.subject} has other text before or after the key. ${wording.keepOnlyTheKey(label)}`);
  }
  return { label, body: afterBegin.slice(0, endIndex) };
}

function refuseByLabel(label: string, afterBegin: string): void {
  if (label.includes('CERTIFICATE')) {
    throw new AppError(
      'IS_CERTIFICATE',
      `This is a certificate, not a private key. App Store Connect API and In-App Purchase requests are signed with a .p8 key. ${PICK_THE_DOWNLOAD}`,
    );
  }
  if (label.endsWith('PUBLIC KEY')) {
    throw new AppError(
      'IS_PUBLIC_KEY',
      `This is a public key; signing needs the private key, whose first line reads BEGIN PRIVATE KEY. ${PICK_THE_DOWNLOAD}`,
    );
  }
  if (label === 'ENCRYPTED PRIVATE KEY' || LEGACY_ENCRYPTION_HEADER.test(afterBegin)) {
    throw new AppError(
      'ENCRYPTED_KEY',
      'This private key is protected by a password. Keys from App Store Connect are not; if you encrypted it yourself, ' +
        'decrypt it first (for example: openssl pkey -in encrypted.p8 -out AuthKey_KEYID.p8) and import the decrypted file.',
    );
  }
  if (label === 'RSA PRIVATE KEY') throw rsaKey();
  if (label !== 'PRIVATE KEY' && label !== 'EC PRIVATE KEY') {
    throw new AppError(
      'WRONG_KEY_TYPE',
      `This file holds some other kind of key or data, not an App Store Connect key (whose first line reads BEGIN PRIVATE KEY). ${PICK_THE_DOWNLOAD}`,
    );
  }
}

function decodeBody(body: string, wording: Wording): Buffer {
  const base64 = body.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 !== 0) {
    throw pemDamaged('the text between its BEGIN and END lines is not valid base64.', wording);
  }
  return Buffer.from(base64, 'base64');
}

/**
 * Loads the key with loadSigningKey, the function every signer loads the stored key with, and words its refusal
 * for the user. The PKCS#8 DER the vault will store is then loaded once more the same way, so what signing will
 * read (Node's re-encoding, not the file's own bytes) is what was checked.
 */
function loadImportedKey(der: Buffer, format: ParsedP8['sourceFormat'], wording: Wording): KeyObject {
  try {
    const imported = loadSigningKey(der, format);
    const storedDer = imported.export({ type: 'pkcs8', format: 'der' });
    try {
      return loadSigningKey(storedDer);
    } finally {
      storedDer.fill(0);
    }
  } catch (error) {
    if (error instanceof SigningKeyRefused) throw refusalFor(error.fault, wording);
    throw error;
  }
}

function refusalFor(fault: SigningKeyFault, wording: Wording): AppError {
  switch (fault.reason) {
    case 'trailing-bytes':
      return pemDamaged('there are extra bytes after the key inside it.', wording);
    case 'unreadable':
      return pemDamaged('the key inside it is incomplete.', wording);
    case 'rsa':
      return rsaKey();
    case 'not-ec':
      return new AppError(
        'WRONG_KEY_TYPE',
        `This is not an elliptic-curve key (its type is ${fault.keyType ?? 'unknown'}); App Store Connect keys are elliptic-curve P-256 keys. ${PICK_THE_DOWNLOAD}`,
      );
    case 'wrong-curve':
      return new AppError(
        'WRONG_CURVE',
        `This elliptic-curve key is on ${fault.curve === undefined ? 'an unnamed curve' : `the ${fault.curve} curve`}; App Store Connect keys use P-256. ${PICK_THE_DOWNLOAD}`,
      );
    case 'out-of-range':
      // OpenSSL would sign with such a key (it reduces the number modulo n), but WebCrypto, which jose signs with, refuses it.
      return new AppError(
        'KEY_OUT_OF_RANGE',
        `${wording.keySubject} holds a private number outside the range a P-256 key can have (1 to the curve's order), so Apple's tools could not sign with it. ` +
          `App Store Connect never issues such a key: the file was damaged or made by hand. ${wording.recover}`,
      );
  }
}

/** Signs and verifies once, so a key whose private and public halves disagree is caught at import, not at first use. */
function createCheckedPublicKey(privateKey: KeyObject, wording: Wording): KeyObject {
  try {
    const publicKey = createPublicKey(privateKey);
    const signature = sign('sha256', SELF_TEST_MESSAGE, privateKey);
    if (verify('sha256', SELF_TEST_MESSAGE, publicKey, signature)) return publicKey;
  } catch {
    // A key too broken to sign with fails the self-test below like one that signs wrongly.
  }
  throw new AppError(
    'KEY_SELF_TEST_FAILED',
    `${wording.keySubject} could not sign and verify a test message, so it is damaged. ${wording.recover}`,
  );
}

function rsaKey(): AppError {
  return new AppError(
    'RSA_KEY',
    `This is an RSA key; App Store Connect keys are elliptic-curve P-256 keys. ${PICK_THE_DOWNLOAD}`,
  );
}

function pemDamaged(what: string, wording: Wording): AppError {
  return new AppError('PEM_DAMAGED', `${wording.damaged}: ${what} ${wording.recover}`);
}
