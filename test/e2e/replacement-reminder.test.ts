import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { daysSinceAdded } from '../../src-shared/keys/replacement-reminder';
import { keyAgeText } from '../../src-renderer/key-age';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const DAY_MS = 86_400_000;

describe('the reminder to replace keys after N days', () => {
  let harness: AppHarness;
  let inUse: KeySummary;
  let revoked: KeySummary;

  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    const team = harness.writeKeyFile('AuthKey_TEAMKEY001.p8');
    inUse = (await harness.services.keys.importKey({ source: { type: 'file', path: team }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI team key' })).key;
    const old = harness.writeKeyFile('AuthKey_OLDKEY0002.p8');
    const oldKey = (await harness.services.keys.importKey({ source: { type: 'file', path: old }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'Retired team key' })).key;
    revoked = harness.services.keys.revokeKey(oldKey.id);
  });
  afterAll(async () => {
    await harness?.close();
  });

  /** The keys were added today; the window's clock says it is `days` later. Main's clock is untouched. */
  async function openDaysLater(name: string, days: number, colorScheme: 'light' | 'dark' = 'light') {
    const page = await openUnlocked(harness, name, colorScheme);
    const now = new Date(Date.now() + days * DAY_MS);
    await page.clock.setFixedTime(now);
    return { page, now };
  }

  const section = (page: Page, name: 'Keys' | 'Settings') => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name, exact: true }).click();
  const row = (page: Page, name: string) => page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: new RegExp(name) });
  const stateFilter = (page: Page) => page.getByRole('combobox', { name: 'Show state' });
  const stateChoices = (page: Page) => stateFilter(page).locator('option').allTextContents();
  const reminderSettings = (page: Page) => page.getByRole('region', { name: 'Reminder to replace keys' });
  const note = (page: Page) => page.getByRole('group', { name: 'Due for replacement' });

  async function setReminder(page: Page, choice: string) {
    await section(page, 'Settings');
    await reminderSettings(page).getByRole('combobox', { name: 'Remind me to replace keys' }).selectOption(choice);
  }

  async function setOtherNumber(page: Page, days: string) {
    await section(page, 'Settings');
    const settings = reminderSettings(page);
    await settings.getByRole('combobox', { name: 'Remind me to replace keys' }).selectOption({ label: 'Another number of days…' });
    const field = settings.getByRole('spinbutton', { name: 'Days after adding a key' });
    await field.fill(days);
    await field.press('Enter');
  }

  it('is off at first: no key is due and the list has no such filter', async () => {
    const { page } = await openDaysLater('replacement-reminder-off', 2000);
    expect(harness.services.preferences.get().replaceKeysAfterDays).toBe(0);
    await section(page, 'Settings');
    await reminderSettings(page).getByText('Off: no key is shown as due for replacement.').waitFor();
    await section(page, 'Keys');
    await row(page, 'CI team key').waitFor();
    expect(await stateChoices(page)).toEqual(['Any state', 'Active', 'Revoked']);
    expect(await page.getByText('Replace', { exact: true }).count()).toBe(0);
  });

  it('once on in Settings, shows a key past it in the list, in the filter and on its page, and never a revoked key; off again, it is gone', async () => {
    const { page, now } = await openDaysLater('replacement-reminder', 400);
    await setReminder(page, '365');
    await reminderSettings(page).getByText('On: a key still in use is shown as due for replacement 365 days after it was added.').waitFor();
    expect(harness.services.preferences.get().replaceKeysAfterDays).toBe(365);

    await section(page, 'Keys');
    await row(page, 'CI team key').filter({ hasText: 'Replace' }).waitFor();
    expect(await row(page, 'CI team key').getAttribute('title')).toBe('CI team key');
    expect(await row(page, 'Retired team key').textContent()).not.toContain('Replace');
    expect(await stateChoices(page)).toEqual(['Any state', 'Active', 'Revoked', 'Due for replacement (1)']);
    await stateFilter(page).selectOption({ label: 'Due for replacement (1)' });
    await page.getByText('1 of 2 keys', { exact: true }).waitFor();
    expect(await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button').allTextContents()).toEqual([expect.stringContaining('CI team key')]);

    await row(page, 'CI team key').click();
    const expectedAge = `Added ${keyAgeText(inUse.createdAt, now)} (${daysSinceAdded(inUse.createdAt, now)} days); your reminder is 365 days.`;
    await note(page).getByText(expectedAge).waitFor();
    await note(page).getByText('Counted from the day the key was added to this vault.', { exact: false }).waitFor();
    await note(page).getByRole('button', { name: 'Replace this key…' }).waitFor();

    await stateFilter(page).selectOption('all');
    await row(page, 'Retired team key').click();
    await page.getByRole('heading', { name: 'Retired team key' }).waitFor();
    expect(await note(page).count()).toBe(0);
    expect(harness.services.keys.getKey(revoked.id).revoked).toBe(true);

    await setReminder(page, '730');
    await section(page, 'Keys');
    await row(page, 'CI team key').waitFor();
    expect(await row(page, 'CI team key').textContent()).not.toContain('Replace');
    expect(await stateChoices(page)).toContain('Due for replacement (0)');

    await setReminder(page, '0');
    await reminderSettings(page).getByText('Off: no key is shown as due for replacement.').waitFor();
    expect(harness.services.preferences.get().replaceKeysAfterDays).toBe(0);
    await section(page, 'Keys');
    await row(page, 'CI team key').click();
    await page.getByRole('heading', { name: 'CI team key' }).waitFor();
    expect(await note(page).count()).toBe(0);
    expect(await stateChoices(page)).toEqual(['Any state', 'Active', 'Revoked']);
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('takes another number of days within 30 to 3650, and refuses one outside, changing nothing', async () => {
    const { page } = await openDaysLater('replacement-reminder-number', 400);
    await setOtherNumber(page, '10');
    await reminderSettings(page).getByText('Enter a whole number of days from 30 to 3650.').waitFor();
    await saveScreenshot(page, 'replacement-reminder-number-refused');
    expect(harness.services.preferences.get().replaceKeysAfterDays).toBe(0);

    await setOtherNumber(page, '410');
    await reminderSettings(page).getByText('On: a key still in use is shown as due for replacement 410 days after it was added.').waitFor();
    expect(harness.services.preferences.get().replaceKeysAfterDays).toBe(410);
    await section(page, 'Keys');
    await row(page, 'CI team key').waitFor();
    expect(await row(page, 'CI team key').textContent()).not.toContain('Replace');

    await setOtherNumber(page, '390');
    await reminderSettings(page).getByText('390 days after it was added', { exact: false }).waitFor();
    await section(page, 'Keys');
    await row(page, 'CI team key').filter({ hasText: 'Replace' }).waitFor();

    // Back in Settings, a number that is not a preset is shown as typed.
    await section(page, 'Settings');
    expect(await reminderSettings(page).getByRole('spinbutton', { name: 'Days after adding a key' }).inputValue()).toBe('390');
  });

  it('reads in light and dark, at full width and at 720 px, one line per key, with no accessibility findings', async () => {
    harness.services.preferences.update({ replaceKeysAfterDays: 365 });
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await openDaysLater(`replacement-reminder-${scheme}`, 400, scheme);
      await section(page, 'Settings');
      await reminderSettings(page).scrollIntoViewIfNeeded();
      await saveScreenshot(page, `replacement-reminder-settings-${scheme}`);
      expect(await axeFindings(page), `settings, ${scheme}`).toEqual([]);
      await section(page, 'Keys');
      await row(page, 'CI team key').click();
      await note(page).waitFor();
      await saveScreenshot(page, `replacement-reminder-key-${scheme}`);
      expect(await axeFindings(page), `key, ${scheme}`).toEqual([]);
      await page.setViewportSize({ width: 720, height: 600 });
      await note(page).waitFor();
      const heights = await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button').evaluateAll((rows) => rows.map((button) => button.getBoundingClientRect().height));
      expect(new Set(heights).size).toBe(1);
      await saveScreenshot(page, `replacement-reminder-key-720-${scheme}`);
      expect(await axeFindings(page), `720 px, ${scheme}`).toEqual([]);
    }
  });

  it('starts the guided replacement from the note; a key being replaced is no longer marked due', async () => {
    harness.services.preferences.update({ replaceKeysAfterDays: 365 });
    const { page } = await openDaysLater('replacement-reminder-replace', 400);
    await row(page, 'CI team key').click();
    await note(page).getByRole('button', { name: 'Replace this key…' }).click();
    await page.getByRole('button', { name: 'Start replacing' }).click();
    await page.getByRole('heading', { name: 'Replacing this key' }).waitFor();
    expect(harness.services.keys.getKey(inUse.id).replacement?.stage).toBe('new-key');
    expect(await note(page).count()).toBe(0);
    expect(await row(page, 'CI team key').textContent()).toContain('Replacing');
    expect(await stateChoices(page)).toContain('Due for replacement (0)');
  });
});
