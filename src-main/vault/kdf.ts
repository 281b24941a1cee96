import { hashRaw } from '@node-rs/argon2';
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
  // Argon2 needs at least 8 KiB a lane; less is a file no Argon2 implementation accepts.
  if ((params.memoryKiB as number) < 8 * (params.parallelism as number)) {
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

// @node-rs/argon2's `Algorithm.Argon2id`, a const enum its typings declare but isolated modules cannot read.
const ARGON2ID = 2;

/**
 * Passphrase → 32-byte key-encryption key. @node-rs/argon2 is native (N-API, prebuilt for each desktop
 * platform, loaded by Node and Electron alike) and runs on libuv's thread pool with its lanes in
 * parallel: main keeps answering while it works, and the same wait buys several times the cost that
 * WebAssembly on main's thread did.
 */
export async function deriveKeyEncryptionKey(passphrase: string, params: KdfParams): Promise<Buffer> {
  return hashRaw(passphrase, {
    algorithm: ARGON2ID,
    salt: Buffer.from(params.salt, 'base64'),
    memoryCost: params.memoryKiB,
    timeCost: params.iterations,
    parallelism: params.parallelism,
    outputLen: 32,
  });
}

/** About half a second on the user's machine: what a new vault's passphrase costs to check. */
export const KDF_TARGET_MS = 500;

/**
 * The costs calibration chooses from, in order of work (memory × passes): more passes at 64 MiB first,
 * then 128 MiB, as far as 1 GiB·pass, the most checkKdfParams accepts from any file.
 */
const CALIBRATION_STEPS: readonly KdfCost[] = [
  ...[3, 4, 5, 6].map((iterations) => ({ memoryKiB: 64 * 1024, iterations, parallelism: DEFAULT_KDF_COST.parallelism })),
  ...[4, 5, 6, 7, 8].map((iterations) => ({ memoryKiB: 128 * 1024, iterations, parallelism: DEFAULT_KDF_COST.parallelism })),
];

/**
 * The cost for a new vault: the most work that takes about `targetMs` here, given how long one
 * derivation at the defaults (64 MiB, 3 passes, 4 lanes) took (`defaultMs`); never below the defaults.
 */
export function calibratedCost(defaultMs: number, targetMs = KDF_TARGET_MS): KdfCost {
  const msPerWork = Math.max(defaultMs, 1) / workOf(DEFAULT_KDF_COST);
  const fits = CALIBRATION_STEPS.filter((cost) => workOf(cost) * msPerWork <= targetMs);
  return fits[fits.length - 1] ?? { ...DEFAULT_KDF_COST };
}

const workOf = (cost: KdfCost) => cost.memoryKiB * cost.iterations;

/** Times one derivation at the defaults with a throwaway passphrase and salt, then calibrates from it. */
export async function measureCalibratedCost(now: () => number = () => performance.now()): Promise<KdfCost> {
  const salt = Buffer.alloc(SALT_BYTES, 0x5a).toString('base64');
  const start = now();
  (await deriveKeyEncryptionKey('calibration only', { name: 'argon2id', ...DEFAULT_KDF_COST, salt })).fill(0);
  return calibratedCost(now() - start);
}
