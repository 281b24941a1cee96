import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { seedManyKeys } from './support/many-keys';
import { openUnlocked } from './support/unlocked-page';

const KEY_COUNT = 100;

describe('the key list with 100 keys', () => {
  let harness: AppHarness;
  let keys: KeySummary[];
  beforeAll(async () => {
    harness = await startAppHarness();
    keys = await seedManyKeys(harness, KEY_COUNT);
  });
  afterAll(() => harness?.close());

  const list = (page: Page) => page.getByRole('list', { name: 'Keys in the vault' });
  const rows = (page: Page) => list(page).getByRole('button');
  const pageScrollTop = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollTop);
  const scrollsAlone = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight);

  it('scrolls the list by itself, one line per key, and opens a key far down beside it, in view', async () => {
    const page = await openUnlocked(harness, 'key-list-scroll');
    await page.getByText(`${KEY_COUNT} keys`, { exact: true }).waitFor();
    expect(await rows(page).count()).toBe(KEY_COUNT);
    expect(await scrollsAlone(page)).toBe(true);
    await page.getByRole('heading', { name: 'No key open' }).waitFor();

    const heights = await rows(page).evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().height));
    expect(new Set(heights).size).toBe(1);
    const long = keys.find((key) => key.name.length > 80)!;
    const longRow = rows(page).filter({ hasText: long.keyId });
    expect(await longRow.getAttribute('title')).toBe(long.name);
    expect(await longRow.locator('.key-row__name').evaluate((name) => name.scrollWidth > name.clientWidth)).toBe(true);

    const far = rows(page).nth(79);
    await far.scrollIntoViewIfNeeded();
    const farName = (await far.getAttribute('title'))!;
    await far.click();
    const heading = page.getByRole('heading', { name: farName, exact: true });
    await heading.waitFor();
    const box = (await heading.boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y + box.height).toBeLessThan(760);
    expect(await pageScrollTop(page)).toBe(0);
    expect(await list(page).evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    expect(await far.getAttribute('aria-current')).toBe('true');
    await saveScreenshot(page, 'key-list-far-key-open');
  });

  it('sorts by name, by date added and by last use, and filters by kind and state, with the count', async () => {
    const used = keys[41]!;
    harness.vault.transaction((writer) => writer.appendEvent({ type: 'token.issued', summary: 'Signed a token for the sort test', itemId: used.id }));
    const page = await openUnlocked(harness, 'key-list-sort');
    await page.getByText(`${KEY_COUNT} keys`, { exact: true }).waitFor();
    const names = () => rows(page).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('title')!));

    const byName = await names();
    const active = keys.filter((key) => !key.revoked).map((key) => key.name);
    expect(byName.slice(0, active.length)).toEqual([...active].sort(new Intl.Collator('en', { numeric: true, sensitivity: 'accent' }).compare));

    await page.getByLabel('Sort by').selectOption({ label: 'Recently used' });
    await expect.poll(async () => (await names())[0]).toBe(used.name);

    await page.getByLabel('Sort by').selectOption({ label: 'Recently added' });
    await page.getByLabel('Show kind').selectOption({ label: 'API · Individual' });
    const individual = keys.filter((key) => key.kind === 'asc-individual');
    await page.getByText(`${individual.length} of ${KEY_COUNT} keys`).waitFor();
    expect((await names()).sort()).toEqual(individual.map((key) => key.name).sort());

    await page.getByLabel('Show state').selectOption({ label: 'Revoked' });
    const revokedIndividual = individual.filter((key) => key.revoked);
    await page.getByText(`${revokedIndividual.length} of ${KEY_COUNT} keys`).waitFor();
    expect(await list(page).locator('.badge--revoked').count()).toBe(revokedIndividual.length);

    await page.getByLabel('Show kind').selectOption({ label: 'In-App Purchase' });
    await page.getByLabel('Show state').selectOption({ label: 'Active' });
    await page.getByLabel('Search keys').fill('fitness');
    const expected = keys.filter((key) => key.kind === 'in-app-purchase' && !key.revoked && key.name.toLowerCase().includes('fitness'));
    await page.getByText(`${expected.length} of ${KEY_COUNT} keys`).waitFor();
    expect((await names()).sort()).toEqual(expected.map((key) => key.name).sort());
    await saveScreenshot(page, 'key-list-filtered');
  });

  it('keeps the open key, and an export in progress, through a search that hides it', async () => {
    const page = await openUnlocked(harness, 'key-list-search-keeps');
    const key = keys.find((candidate) => candidate.kind === 'asc-team' && !candidate.revoked)!;
    await page.getByLabel('Search keys').fill(key.keyId);
    await rows(page).filter({ hasText: key.keyId }).click();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('heading', { name: `Export “${key.name}”` }).waitFor();

    await page.getByLabel('Search keys').fill('no key is called this');
    await page.getByText('No key matches this search.').waitFor();
    await page.getByText(`“${key.name}” stays open; the search hides it in the list.`).waitFor();
    expect(await page.getByRole('heading', { name: `Export “${key.name}”` }).isVisible()).toBe(true);

    await page.getByLabel('Search keys').fill('');
    await page.getByText(`${KEY_COUNT} keys`, { exact: true }).waitFor();
    expect(await rows(page).filter({ hasText: key.keyId }).getAttribute('aria-current')).toBe('true');
    expect(await page.getByRole('heading', { name: `Export “${key.name}”` }).isVisible()).toBe(true);
  });

  it('moves through the list with the arrow keys and opens a key with Enter, one Tab stop for the whole list', async () => {
    const page = await openUnlocked(harness, 'key-list-arrows');
    await page.getByText(`${KEY_COUNT} keys`, { exact: true }).waitFor();
    await page.getByLabel('Show state').focus();
    await page.keyboard.press('Tab');
    const focusedTitle = () => page.evaluate(() => document.activeElement?.getAttribute('title'));
    const titles = await rows(page).evaluateAll((buttons) => buttons.map((button) => button.getAttribute('title')));
    expect(await focusedTitle()).toBe(titles[0]);

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedTitle()).toBe(titles[2]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: titles[2]!, exact: true }).waitFor();
    await page.keyboard.press('End');
    expect(await focusedTitle()).toBe(titles[KEY_COUNT - 1]);
    await page.keyboard.press('Home');
    expect(await focusedTitle()).toBe(titles[0]);

    // Out of the list, Tab goes on to the open key instead of through every row.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.keys-pane') !== null)).toBe(true);
  });
});
