import { argon2id } from 'hash-wasm';
import { AppError } from '../../src-shared/errors';

export interface KdfParams {
  name: 'argon2id';
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  /** Base64 of 16 random bytes. */
  salt: string;
}

/** Bitwarden's and KeePassXC's Argon2id defaults: 64 MiB, 3 passes, 4 lanes. */
export const DEFAULT_KDF_COST = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 4 } as const;
export type KdfCost = { memoryKiB: number; iterations: number; parallelism: number };

/**
 * A stored parameter outside these bounds is damage or a trap, not a choice: the file (a vault, a
 * backup someone handed over) may have been written by anyone, so the cost is capped before any work,
 * well above what this app writes (64 MiB × 3) and below a gigabyte or a minute of work.
 */
const BOUNDS = { memoryKiB: [8, 256 * 1024], iterations: [1, 10], parallelism: [1, 8] } as const;
/** Memory × passes, in KiB: 1 GiB-pass, about five times the default's work. */
const MAX_WORK_KIB = 1024 * 1024;
export const SALT_BYTES = 16;

export function checkKdfParams(value: unknown): KdfParams {
  const params = value as Partial<KdfParams> | null;
  const within = (field: keyof typeof BOUNDS) => {
    const number = params?.[field];
    return Number.isInteger(number) && (number as number) >= BOUNDS[field][0] && (number as number) <= BOUNDS[field][1];
  };
  const saltOk = typeof params?.salt === 'string' && Buffer.from(params.salt, 'base64').length === SALT_BYTES;
  if (params?.name !== 'argon2id' || !within('memoryKiB') || !within('iterations') || !within('parallelism') || !saltOk) {
    throw new AppError('VAULT_DAMAGED', 'The vault’s key-derivation settings are damaged. Restore the vault from a backup.');
  }
  if ((params.memoryKiB as number) * (params.iterations as number) > MAX_WORK_KIB) {
    throw new AppError('VAULT_DAMAGED', 'The vault’s key-derivation settings ask for far more work than this app ever sets, so the passphrase was not tried. Restore the vault from a backup.');
  }
  return params as KdfParams;
}

export function isBelowCost(params: KdfParams, cost: KdfCost): boolean {
  return params.memoryKiB < cost.memoryKiB || params.iterations < cost.iterations || params.parallelism < cost.parallelism;
}

/** Passphrase → 32-byte key-encryption key. hash-wasm runs the same WebAssembly in Node and Electron. */
export async function deriveKeyEncryptionKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  const key = await argon2id({
    password: passphrase,
    salt: Buffer.from(params.salt, 'base64'),
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}
