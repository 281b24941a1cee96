import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { seedManyKeys } from './support/many-keys';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? '');
const focusedTitle = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('title'));

describe('the keyboard', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  it('puts the focus on guided setup once a new vault is created', async () => {
    const page = await harness.openPage('keyboard-create');
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByLabel('Type it again').fill(E2E_PASSPHRASE);
    await page.getByLabel(/no recovery/).check();
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('heading', { name: 'Your vault is empty' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Start guided setup');
  });

  it('finds with Ctrl+F and adds with Ctrl+N from any section, and Escape asks before dropping what was typed', async () => {
    await seedManyKeys(harness, 12);
    const page = await openUnlocked(harness, 'keyboard-shortcuts');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.keyboard.press('Control+f');
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    await expect.poll(() => focused(page)).toBe('');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('key-search');

    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'Add a key' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Add a key' }).waitFor({ state: 'detached' });

    await page.keyboard.press('Control+n');
    harness.queueDialogAnswer(harness.writeKeyFile('AuthKey_KEYBOARD01.p8'));
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByLabel('Name (optional)').fill('Half-typed name');
    await page.keyboard.press('Escape');
    const prompt = page.getByRole('alertdialog');
    await prompt.getByText('Close and discard the key you were adding?').waitFor();
    expect(await focused(page)).toBe('Keep editing');
    await saveScreenshot(page, 'keyboard-discard-prompt');
    await page.keyboard.press('Escape');
    await prompt.waitFor({ state: 'detached' });
    expect(await page.getByLabel('Name (optional)').inputValue()).toBe('Half-typed name');
    await page.keyboard.press('Escape');
    await prompt.getByRole('button', { name: 'Discard' }).click();
    await page.getByRole('heading', { name: 'Add a key' }).waitFor({ state: 'detached' });

    // The app menu's items come to the window as events.
    harness.transport.notify('menu.command', { command: 'add-key' });
    await page.getByRole('heading', { name: 'Add a key' }).waitFor();
  });

  it('closes edit, export and the key itself with Escape, each time leaving the focus where the user was', async () => {
    const page = await openUnlocked(harness, 'keyboard-escape');
    const list = page.getByRole('list', { name: 'Keys in the vault' });
    const row = list.getByRole('button').nth(2);
    const name = (await row.getAttribute('title'))!;
    await row.click();
    await page.getByRole('heading', { name, exact: true }).waitFor();

    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('heading', { name: `Export “${name}”` }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await page.getByLabel('Export to').getAttribute('id'));
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name, exact: true }).waitFor();
    expect(await focused(page)).toBe('Export…');

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    expect(await focused(page)).toBe('Edit');

    await page.getByRole('button', { name: 'Mark as revoked…' }).click();
    expect(await focused(page)).toBe('Mark as revoked here');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Mark as revoked…' }).waitFor();
    expect(await focused(page)).toBe('Mark as revoked…');

    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Notes').fill('typed, not saved');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').getByText('Close and discard your changes to this key?').waitFor();
    await page.getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Notes').inputValue()).toBe('typed, not saved');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'No key open' }).waitFor();
    await expect.poll(() => focusedTitle(page)).toBe(name);
  });

  it('moves the focus to the key list after a delete', async () => {
    const page = await openUnlocked(harness, 'keyboard-delete');
    const list = page.getByRole('list', { name: 'Keys in the vault' });
    const row = list.getByRole('button').first();
    const name = (await row.getAttribute('title'))!;
    const keyId = (await row.locator('code').textContent())!;
    await row.click();
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByLabel('Key ID to confirm').fill(keyId);
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('heading', { name, exact: true }).waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.key-rows') !== null)).toBe(true);
    expect(await focusedTitle(page)).not.toBe(name);
  });
});
