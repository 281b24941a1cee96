import { findInstalledBrowser } from './find-browser';

/** Vitest globalSetup of the e2e project: without a browser the run stops here, before any test starts. */
export default function requireBrowser(): void {
  const search = findInstalledBrowser();
  if (search.found) return;
  // A thrown error would be printed after Vitest's misleading "No test files found" and a stack of its internals.
  console.error(`\n${search.message}\n`);
  process.exit(1);
}
