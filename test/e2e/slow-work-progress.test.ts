import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE as PASSPHRASE } from './support/e2e-passphrase';
import { holdNextCall } from './support/hold-next-call';

describe('progress while main derives a key', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  it('shows and announces what it is doing while a vault is created and while it is unlocked, and nothing once done', async () => {
    const page = await harness.openPage('slow-work-progress');
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByLabel('Type it again').fill(PASSPHRASE);
    await page.getByLabel(/no recovery/).check();

    const creating = await holdNextCall(page, 'vault.create');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await creating.request;
    const creatingBar = page.getByRole('progressbar', { name: /deriving the encryption key/ });
    await creatingBar.waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Measuring this computer' }).isVisible()).toBe(true);
    creating.release();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    const unlocking = await holdNextCall(page, 'vault.unlock');
    await page.getByLabel('Passphrase', { exact: true }).press('Enter');
    await unlocking.request;
    const unlockingBar = page.getByRole('progressbar', { name: /Deriving the key from your passphrase/ });
    await unlockingBar.waitFor();
    expect(await page.getByRole('button', { name: 'Unlocking…' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'unlock-in-progress');
    unlocking.release();

    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
  });
});
