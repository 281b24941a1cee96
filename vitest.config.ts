import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fakeElectron = fileURLToPath(new URL('./test/electron/fake-electron.ts', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/contracts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias: { electron: fakeElectron } },
        test: {
          name: 'electron',
          include: ['test/electron/**/*.test.ts'],
          environment: 'node',
          // Inlined so that its `import 'electron'` reaches the fake too.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Fails the run at once, saying what to install, when no Chromium-family browser is found.
          globalSetup: ['test/e2e/support/browser-setup.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          // Polls wait on main as Playwright's own waits do, not the 1 s default, so a slow CI machine is not a failure.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
