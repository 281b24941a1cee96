import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Run by `npm run test:electron` only (test/e2e-electron/run.ts), never by `npm test`: it needs the Electron binary.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e-electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    expect: { poll: { timeout: 15_000 } },
  },
});
