import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE as PASSPHRASE } from './support/e2e-passphrase';


describe('vault in the browser', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
    for (const secret of ['not my passphrase at all', 'not the current one', 'a second long passphrase']) harness.addSecret(secret);
  });
  afterAll(() => harness?.close());

  it('creates a vault, locks, refuses a wrong passphrase, unlocks, and shows the activity', async () => {
    const page = await harness.openPage('vault-flow');
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();

    const strength = page.locator('.strength__text');
    await page.getByLabel('Passphrase', { exact: true }).fill('lantern');
    expect(await strength.textContent()).toBe('Strength: Too short: use at least 12 characters');
    await page.getByLabel('Passphrase', { exact: true }).fill('aaaaaaaaaaaa');
    expect(await strength.textContent()).toBe('Strength: Weak: add more words');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    expect(await strength.textContent()).toMatch(/^Strength: (Strong|Very strong)$/);
    await page.getByLabel('Type it again').fill('something else entirely');
    expect(await page.getByText('The two passphrases differ.').isVisible()).toBe(true);
    await page.getByLabel('Type it again').fill(PASSPHRASE);
    const create = page.getByRole('button', { name: 'Create vault' });
    expect(await create.isDisabled()).toBe(true);
    await page.getByLabel(/no recovery/).check();
    await saveScreenshot(page, 'vault-create-filled');
    await create.click();

    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    await page.getByText('No keys yet.').waitFor();
    await saveScreenshot(page, 'vault-unlocked');

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    expect(harness.vault.isUnlocked).toBe(false);

    await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toContain('does not unlock this vault');
    await saveScreenshot(page, 'vault-unlock-wrong');

    // Three more wrong tries straight through the API; the fifth, through the screen, starts main's wait.
    for (let attempt = 2; attempt <= 4; attempt += 1) {
      const refused = await page.evaluate((guess) => window.vault.vaultUnlock({ passphrase: guess }), 'not my passphrase at all');
      expect(refused).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
    }
    const unlock = page.getByRole('button', { name: 'Unlock', exact: true });
    await unlock.click();
    await expect.poll(() => error.textContent()).toMatch(
      /^That passphrase does not unlock this vault\. Check it and try again \(passphrases are case-sensitive\)\. Too many wrong passphrases: wait 2 s before trying again\.$/,
    );
    expect(await unlock.isDisabled()).toBe(true);
    await saveScreenshot(page, 'vault-unlock-wait');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await expect.poll(() => error.textContent()).toContain('wait 1 s before trying again');
    expect(await unlock.isDisabled(), 'the right passphrase waits too').toBe(true);
    await expect.poll(() => unlock.isEnabled(), { timeout: 5000 }).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);

    await unlock.click();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();

    await page.keyboard.press('Control+KeyL');
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    // The reason comes with main's vault.locked event, which can arrive after the answer that shows this screen.
    await page.getByText('You locked the vault.').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Keys' }).waitFor();

    await page.getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    // The two unlocks in a row fold into one line; every event says it came from the app.
    await expect.poll(() => page.locator('.activity-list__item').count()).toBe(2);
    expect(await page.locator('.activity-list__item').allTextContents()).toEqual([
      expect.stringMatching(/Vault unlocked · 2 times since .*App$/),
      expect.stringMatching(/Vault created.*App$/),
    ]);
    await saveScreenshot(page, 'vault-activity');
  });

  it('changes preferences and the passphrase from Settings', async () => {
    const page = await harness.openPage('vault-settings');
    if (!harness.vault.isUnlocked) await harness.vault.unlock(PASSPHRASE);
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Appearance').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.getByLabel('Lock the vault after').selectOption('5');
    await page.getByLabel('Downloads folder to watch for new keys').fill('/home/me/Browser downloads');
    await page.getByLabel('Appearance').focus();
    await expect.poll(() => page.evaluate(() => window.vault.settingsGet())).toMatchObject({ ok: true, value: { autoLockMinutes: 5, theme: 'dark', downloadsFolder: '/home/me/Browser downloads' } });

    await page.getByLabel('Current passphrase').fill('not the current one');
    await page.getByLabel('New passphrase', { exact: true }).fill('a second long passphrase');
    await page.getByLabel('Type the new passphrase again').fill('a second long passphrase');
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('current passphrase is not correct');
    await page.getByLabel('Current passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Change passphrase' }).click();
    await page.getByText('Passphrase changed.').waitFor();
    await saveScreenshot(page, 'vault-settings-dark');

    harness.vault.lock();
    await expect(harness.vault.unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await harness.vault.unlock('a second long passphrase');
    await harness.vault.changePassphrase('a second long passphrase', PASSPHRASE);
    await page.getByLabel('Appearance').selectOption('system');
  });

  it('returns to the unlock screen with the reason when main locks the vault', async () => {
    const page = await harness.openPage('vault-idle-lock');
    if (!harness.vault.isUnlocked) await harness.vault.unlock(PASSPHRASE);
    await page.reload();
    await page.getByRole('heading', { name: 'Keys' }).waitFor();
    // What the idle timer does in main: lock and notify.
    const { lockVault } = await import('../../src-main/app/create-handlers');
    lockVault(harness.services, 'idle');
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    expect(await page.getByText('locked itself after a period without activity').isVisible()).toBe(true);
  });
});
