import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes, scrypt } from 'node:crypto';
import { Stanza, type Identity, type Recipient } from 'age-encryption';

/**
 * age's passphrase recipient (https://age-encryption.org/v1, "The scrypt recipient type"), with the
 * scrypt itself done by Node's `crypto.scrypt` on libuv's thread pool. age-encryption's own runs in
 * JavaScript on the calling thread, which would stall main for about a second at log2 N = 18.
 * The error messages match age-encryption's, so the bundle reader classifies both alike.
 */

const LABEL = 'age-encryption.org/v1/scrypt';
const SALT_BYTES = 16;
const BLOCK_SIZE = 8;

export class ScryptPassphraseRecipient implements Recipient {
  constructor(
    private readonly passphrase: string,
    private readonly logN: number,
  ) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = randomBytes(SALT_BYTES);
    const key = await deriveWrappingKey(this.passphrase, salt, this.logN);
    try {
      return [new Stanza(['scrypt', salt.toString('base64').replace(/=+$/, ''), String(this.logN)], chacha20poly1305(key, new Uint8Array(12)).encrypt(fileKey))];
    } finally {
      key.fill(0);
    }
  }
}

export class ScryptPassphraseIdentity implements Identity {
  constructor(
    private readonly passphrase: string,
    private readonly maxLogN: number,
  ) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((candidate) => candidate.args[0] === 'scrypt');
    if (stanza === undefined) return null;
    if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
    const [, saltText = '', logNText = ''] = stanza.args;
    // 16 bytes in age's unpadded standard base64 are exactly 22 characters.
    if (stanza.args.length !== 3 || !/^[1-9][0-9]*$/.test(logNText) || !/^[A-Za-z0-9+/]{22}$/.test(saltText)) {
      throw new Error('invalid scrypt stanza');
    }
    if (stanza.body.length !== 32) throw new Error('invalid stanza');
    const logN = Number(logNText);
    if (logN > this.maxLogN) throw new Error('scrypt work factor is too high');
    const key = await deriveWrappingKey(this.passphrase, Buffer.from(saltText, 'base64'), logN);
    try {
      return chacha20poly1305(key, new Uint8Array(12)).decrypt(stanza.body);
    } catch {
      return null;
    } finally {
      key.fill(0);
    }
  }
}

function deriveWrappingKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    // Node refuses work above maxmem (≈ 128·N·r bytes); leave room over that exact figure.
    scrypt(passphrase, Buffer.concat([Buffer.from(LABEL), salt]), 32, { N, r: BLOCK_SIZE, p: 1, maxmem: 129 * N * BLOCK_SIZE + 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
