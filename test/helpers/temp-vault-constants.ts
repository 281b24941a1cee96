/** Argon2id at its cheapest, so tests that unlock many times stay fast; one test uses the defaults. */
export const TEST_KDF_COST = { memoryKiB: 64, iterations: 1, parallelism: 1 };
export const TEST_PASSPHRASE = 'correct horse battery staple';
