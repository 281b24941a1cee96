import { utimesSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { openUnlocked } from './support/unlocked-page';

describe('a key file already in Downloads', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  /** A key file the browser finished writing `minutes` ago, before the watch started. */
  function downloadedAgo(fileName: string, minutes: number): void {
    const file = harness.writeKeyFile(fileName, harness.downloadsFolder);
    const at = new Date(Date.now() - minutes * 60_000);
    utimesSync(file, at, at);
  }

  it('is offered in Add key, and taken only when the user says so', async () => {
    downloadedAgo('AuthKey_RECENTADD1.p8', 4);
    downloadedAgo('SubscriptionKey_OLDER00001.p8', 90);
    const page = await openUnlocked(harness, 'recent-add-key');
    await page.getByRole('button', { name: 'Add key' }).click();

    const offer = page.getByRole('group', { name: 'Key file found in Downloads' });
    await offer.getByText('Found AuthKey_RECENTADD1.p8, downloaded 4 minutes ago. Use it?').waitFor();
    expect(await page.getByText('SubscriptionKey_OLDER00001.p8').count()).toBe(0);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await saveScreenshot(page, `recent-add-key-offer-${colorScheme}`);
      expect(await axeFindings(page), colorScheme).toEqual([]);
    }
    await offer.getByRole('button', { name: 'Use it' }).click();
    await page.getByText('Source: AuthKey_RECENTADD1.p8 · a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('RECENTADD1');
    expect(await offer.count()).toBe(0);
  });

  it('is offered in guided setup only when it is the kind being set up; “Not this one” offers the next', async () => {
    downloadedAgo('SubscriptionKey_RECENTIAP1.p8', 2);
    downloadedAgo('SubscriptionKey_RECENTIAP2.p8', 30);
    const page = await openUnlocked(harness, 'recent-guided');
    await page.getByRole('button', { name: /guided setup/i }).first().click();
    const next = page.getByRole('button', { name: 'Continue' });
    await page.getByLabel(/Validate purchases and sign subscription offers/).check();
    await next.click();
    await page.getByLabel('I have the Admin or Account Holder role').check();
    await next.click();
    await next.click();
    await page.getByRole('heading', { name: 'Download the file, once' }).waitFor();

    const offer = page.getByRole('group', { name: 'Key file found in Downloads' });
    await offer.getByText('Found SubscriptionKey_RECENTIAP1.p8, downloaded 2 minutes ago. Use it?').waitFor();
    expect(await page.getByText('AuthKey_RECENTADD1.p8').count()).toBe(0);
    await offer.getByRole('button', { name: 'Not this one' }).click();
    await offer.getByText('Found SubscriptionKey_RECENTIAP2.p8, downloaded 30 minutes ago. Use it?').waitFor();
    await saveScreenshot(page, 'recent-guided-offer');
    await offer.getByRole('button', { name: 'Use it' }).click();
    await page.getByText('✓ Received SubscriptionKey_RECENTIAP2.p8').waitFor();
  });
});
