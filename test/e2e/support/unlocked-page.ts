import type { Page } from 'playwright-core';
import type { AppHarness } from './app-harness';

import { E2E_PASSPHRASE } from './e2e-passphrase';

export { E2E_PASSPHRASE };

/** A page on the unlocked vault, creating the vault the first time. */
export async function openUnlocked(harness: AppHarness, name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const state = harness.vault.status().state;
  if (state === 'none') await harness.vault.create(E2E_PASSPHRASE);
  else if (state === 'locked') await harness.vault.unlock(E2E_PASSPHRASE);
  const page = await harness.openPage(name, colorScheme);
  await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
  return page;
}
