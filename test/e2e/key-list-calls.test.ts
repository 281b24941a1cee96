import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { seedManyKeys } from './support/many-keys';
import { openUnlocked } from './support/unlocked-page';

describe('the Keys screen asks main for the list once per load', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
    await seedManyKeys(harness, 12);
  });
  afterAll(() => harness?.close());

  const rows = (page: Page) => page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button');

  it('lists the keys with one keys.list, searches them as the user types without asking main, and reloads once after a change', async () => {
    // What the router's keys.list calls; every call the page makes reaches it.
    const listCalls = vi.spyOn(harness.services.keys, 'listKeysWithLastUse');
    const page = await openUnlocked(harness, 'key-list-calls');
    await page.getByText('12 keys', { exact: true }).waitFor();
    expect(listCalls).toHaveBeenCalledTimes(1);

    await page.getByLabel('Search keys').pressSequentially('fitness sub');
    await expect.poll(() => rows(page).allTextContents()).toEqual([expect.stringContaining('Fitness subscriptions 000'), expect.stringContaining('Fitness subscriptions 010')]);
    await page.getByText('2 of 12 keys', { exact: true }).waitFor();
    expect(listCalls).toHaveBeenCalledTimes(1);

    await rows(page).filter({ hasText: 'Fitness subscriptions 010' }).click();
    await page.getByRole('button', { name: 'Mark as revoked…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Mark as revoked here' }).click();
    await page.getByRole('button', { name: 'Mark as active' }).waitFor();
    await expect.poll(() => rows(page).filter({ hasText: 'Fitness subscriptions 010' }).textContent()).toContain('Revoked');
    expect(await rows(page).count()).toBe(2);
    expect(listCalls).toHaveBeenCalledTimes(2);
    await saveScreenshot(page, 'key-list-search-after-revoke');
    expect(listCalls.mock.calls.map(([query]) => query)).toEqual(['', '']);
  });
});
