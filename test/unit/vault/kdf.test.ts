import { randomBytes } from 'node:crypto';
import { argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { calibratedCost, checkKdfParams, DEFAULT_KDF_COST, deriveKeyEncryptionKey, KDF_TARGET_MS, type KdfParams } from '../../../src-main/vault/kdf';

const params = (cost: Partial<KdfParams>): KdfParams => ({ name: 'argon2id', ...DEFAULT_KDF_COST, salt: randomBytes(16).toString('base64'), ...cost });

describe('key derivation', () => {
  // hash-wasm derived every vault before this implementation: the same passphrase must give the same key.
  it.each([
    { memoryKiB: 64, iterations: 1, parallelism: 1 },
    { memoryKiB: 1024, iterations: 3, parallelism: 4 },
    { memoryKiB: 8 * 1024, iterations: 2, parallelism: 2 },
  ])('gives the key the WebAssembly Argon2id gave for $memoryKiB KiB, $iterations passes, $parallelism lanes', async (cost) => {
    const kdf = params(cost);
    const expected = await argon2id({
      password: 'correct horse battery staple',
      salt: Buffer.from(kdf.salt, 'base64'),
      memorySize: kdf.memoryKiB,
      iterations: kdf.iterations,
      parallelism: kdf.parallelism,
      hashLength: 32,
      outputType: 'binary',
    });

    expect((await deriveKeyEncryptionKey('correct horse battery staple', kdf)).equals(Buffer.from(expected))).toBe(true);
  });

  it('leaves the event loop free while it derives: a 1 ms timer keeps firing through a derivation of many milliseconds', async () => {
    await deriveKeyEncryptionKey('warm up', params({ memoryKiB: 64, iterations: 1, parallelism: 1 })); // nothing left to load
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    const started = performance.now();
    try {
      await deriveKeyEncryptionKey('correct horse battery staple', params({ iterations: 10 }));
    } finally {
      clearInterval(timer);
    }
    const tookMs = performance.now() - started;

    // On main's own thread (WebAssembly) the timer would not fire at all until the derivation ended.
    expect(ticks, `${ticks} ticks in ${tookMs.toFixed(0)} ms`).toBeGreaterThanOrEqual(Math.min(5, Math.floor(tookMs / 10)));
  });
});

describe('calibrating a new vault', () => {
  it.each([
    // How long the defaults (64 MiB × 3) took here, and what a new vault gets.
    { defaultMs: 900, memoryKiB: 64 * 1024, iterations: 3 },
    { defaultMs: 300, memoryKiB: 64 * 1024, iterations: 5 },
    { defaultMs: 120, memoryKiB: 128 * 1024, iterations: 6 },
    { defaultMs: 10, memoryKiB: 128 * 1024, iterations: 8 },
  ])('after $defaultMs ms for the defaults, chooses $memoryKiB KiB × $iterations passes', ({ defaultMs, memoryKiB, iterations }) => {
    expect(calibratedCost(defaultMs)).toEqual({ memoryKiB, iterations, parallelism: 4 });
  });

  it('never goes below the defaults nor above what a vault file may ask for, for any speed', () => {
    for (const defaultMs of [0, 1, 50, 166, 167, 500, KDF_TARGET_MS * 10]) {
      const cost = calibratedCost(defaultMs);
      expect(cost.memoryKiB * cost.iterations).toBeGreaterThanOrEqual(DEFAULT_KDF_COST.memoryKiB * DEFAULT_KDF_COST.iterations);
      expect(() => checkKdfParams(params(cost)), `${defaultMs} ms`).not.toThrow();
    }
  });
});
