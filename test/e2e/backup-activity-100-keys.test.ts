import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Vault } from '../../src-main/vault/vault';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot, SCREENSHOT_DIR } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const KEY_COUNT = 100;
const keyIdOf = (n: number) => `HUNDRED${String(n).padStart(3, '0')}`;

/** Whether the element's box lies wholly inside the window. */
async function inView(page: Page, name: string): Promise<boolean> {
  const box = await page.getByRole('button', { name }).boundingBox();
  const viewport = page.viewportSize();
  return box !== null && viewport !== null && box.y >= 0 && box.y + box.height <= viewport.height;
}

describe('Backup & share and Activity with 100 keys', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    for (let n = 1; n <= KEY_COUNT; n += 1) {
      const file = harness.writeKeyFile(`AuthKey_${keyIdOf(n)}.p8`);
      await harness.services.keys.importKey({ source: { type: 'file', path: file }, issuerId: ISSUER_ID, name: n % 10 === 0 ? `Release dashboard ${n}` : `Team key number ${n} for the nightly builds` });
    }
    // Three runs of the command line, as a script would make them: each unlocks and locks again.
    harness.vault.lock();
    const cli = new Vault({ path: harness.vaultFile, eventSource: 'cli' });
    for (let run = 0; run < 3; run += 1) {
      await cli.unlock(E2E_PASSPHRASE);
      cli.lock();
    }
  }, 240_000);
  afterAll(() => harness?.close());

  it('shares keys found by a search, with select all / none at the top and Save in view', async () => {
    const page = await openUnlocked(harness, 'share-100');
    await page.getByRole('button', { name: 'Backup & share' }).click();
    const picker = page.getByRole('group', { name: 'Keys to share', exact: true });
    await picker.getByText(`0 keys of ${KEY_COUNT} selected`).waitFor();
    expect(await picker.getByRole('checkbox').count()).toBe(KEY_COUNT);

    await picker.getByLabel('Search keys to share').fill('release dashboard');
    await expect.poll(() => picker.getByRole('checkbox').count()).toBe(10);
    await picker.getByRole('button', { name: 'Select all 10 shown' }).click();
    await picker.getByLabel('Search keys to share').fill(keyIdOf(7));
    await picker.getByRole('checkbox', { name: /Team key number 7 for/ }).check();
    await picker.getByText('11 keys of 100 selected (10 not shown by the search)').waitFor();
    await picker.getByLabel('Search keys to share').fill('');
    await picker.getByText('11 keys of 100 selected').waitFor();

    // The list scrolls by itself: the passphrase and Save sit below it, in the window, with 100 keys.
    await page.getByLabel('Bundle passphrase').scrollIntoViewIfNeeded();
    expect(await inView(page, 'Save encrypted bundle…')).toBe(true);
    await picker.getByRole('checkbox', { name: /Team key number 55 for/ }).scrollIntoViewIfNeeded();
    expect(await inView(page, 'Save encrypted bundle…')).toBe(true);
    await picker.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    expect(await inView(page, 'Save encrypted bundle…')).toBe(true);
    // What the window shows (a full-page capture would move the sticky action to the page's end).
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `share-100-keys-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await axeFindings(page)).toEqual([]);

    await picker.getByRole('button', { name: 'Select none' }).click();
    await picker.getByText('0 keys of 100 selected').waitFor();
    await picker.getByRole('button', { name: 'Select all' }).click();
    await picker.getByText('100 keys of 100 selected').waitFor();
  });

  it('filters activity by type, key and words, shows app or CLI, and folds repeated unlocks', async () => {
    const page = await openUnlocked(harness, 'activity-100');
    await page.getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    const items = page.locator('.activity-list__item');

    // Newest first: the app's unlock, then the CLI's three folded into one line (after the share screen's
    // first look made the vault's age identity, which is logged too).
    await expect.poll(() => items.count()).toBeGreaterThan(2);
    const unlocks = items.filter({ hasText: 'Vault unlocked' });
    expect(await unlocks.nth(0).textContent()).toMatch(/^.*Vault unlocked.*App$/);
    expect(await unlocks.nth(1).textContent()).toMatch(/Vault unlocked · 3 times since .*CLI$/);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await saveScreenshot(page, `activity-100-keys-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });

    expect(await axeFindings(page)).toEqual([]);
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Key added' });
    await page.getByText(`${KEY_COUNT} events match`).waitFor();
    await page.getByLabel('Search activity').fill(keyIdOf(42));
    await page.getByText('1 event match').waitFor();
    expect(await items.allTextContents()).toEqual([expect.stringContaining(keyIdOf(42))]);

    await page.getByLabel('Search activity').fill('');
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'All types' });
    await page.getByLabel('Key', { exact: true }).selectOption({ label: `Release dashboard 30 (${keyIdOf(30)})` });
    await page.getByText('1 event match').waitFor();
    expect(await items.allTextContents()).toEqual([expect.stringMatching(new RegExp(`${keyIdOf(30)}.*App$`))]);

    await page.getByLabel('Search activity').fill('no such words anywhere');
    await page.getByText('Nothing matches. Clear the search or choose another type or key.').waitFor();
  });
});
