import { AxeBuilder } from '@axe-core/playwright';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { holdNextCall } from './support/hold-next-call';
import { E2E_PASSPHRASE as PASSPHRASE } from './support/e2e-passphrase';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const WARNING_TITLE = 'This is an older copy of your vault';

/** Saves the page in light and dark mode and fails on any serious or critical axe finding in either. */
async function captureWarning(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await saveScreenshot(page, `${name}-${colorScheme}`);
    // Legacy mode runs axe inside the page: the harness's pages own their browser context, so axe cannot open a helper page.
    const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${name} (${colorScheme}) ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');
const passphraseField = (page: Page) => page.getByLabel('Passphrase', { exact: true });
const passphraseHasFocus = (page: Page) => passphraseField(page).evaluate((input) => input === document.activeElement);

/** The text the warning's aria-describedby points at, as a screen reader announces it with the title. */
const warningDescription = (page: Page) =>
  page.getByRole('alertdialog', { name: WARNING_TITLE }).evaluate((warning) => document.getElementById(warning.getAttribute('aria-describedby') ?? '')?.textContent ?? '');

describe('unlocking an older copy of the vault file', () => {
  let harness: AppHarness;
  let oldCopy: string;

  async function addKey(keyId: string, name: string): Promise<void> {
    const file = harness.writeKeyFile(`AuthKey_${keyId}.p8`);
    await harness.services.keys.importKey({ source: { type: 'file', path: file }, kind: 'asc-team', issuerId: ISSUER_ID, name });
  }

  /** What a sync tool or a restored disk image does: the older file back in place, without the newer one's journal. */
  function putOldCopyBack(): void {
    harness.vault.lock();
    for (const suffix of ['-wal', '-shm']) rmSync(`${harness.vaultFile}${suffix}`, { force: true });
    copyFileSync(oldCopy, harness.vaultFile);
  }

  beforeAll(async () => {
    harness = await startAppHarness();
    oldCopy = path.join(harness.folder, 'vault-old-copy.sqlite');
    await harness.vault.create(PASSPHRASE);
    // Quick unlock is on in the old copy, so the keychain way meets the same warning.
    harness.vault.enableQuickUnlock(harness.services.keychain, false);
    await addKey('OLDCOPY001', 'Key in the old copy');
    harness.vault.lock();
    // Locked, the file is checkpointed: it alone is the vault.
    expect(existsSync(`${harness.vaultFile}-wal`)).toBe(false);
    copyFileSync(harness.vaultFile, oldCopy);

    await harness.vault.unlock(PASSPHRASE);
    await addKey('NEWCOPY001', 'Key added since');
    putOldCopyBack();
  });
  afterAll(() => harness?.close());

  it('warns before opening an older copy; Escape and Cancel keep it locked and the passphrase as typed', async () => {
    const page = await harness.openPage('unlock-older-copy');
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await passphraseField(page).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();

    const warning = page.getByRole('alertdialog', { name: WARNING_TITLE });
    await warning.waitFor();
    expect(await warningDescription(page)).toMatch(/^This vault file is an older copy than the one last opened on this computer: .* Nothing was changed\.$/);
    expect(await warning.getAttribute('data-error-code')).toBe('VAULT_ROLLED_BACK');
    // Focus on the choice that changes nothing; the warning stands in for the error line and the Unlock button.
    expect(await focusedText(page)).toBe('Cancel');
    expect(await page.locator('.error-message').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Unlock', exact: true }).count()).toBe(0);
    await captureWarning(page, 'unlock-older');

    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'detached' });
    expect(await passphraseHasFocus(page)).toBe(true);
    expect(await passphraseField(page).inputValue()).toBe(PASSPHRASE);
    expect(harness.vault.isUnlocked).toBe(false);

    // Enter in the field asks main again, and the warning comes back.
    await page.keyboard.press('Enter');
    await warning.waitFor();
    expect(await focusedText(page)).toBe('Cancel');
    await saveScreenshot(page, 'unlock-older-keyboard-focus');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await warning.waitFor({ state: 'detached' });
    expect(await passphraseHasFocus(page)).toBe(true);
    expect(await passphraseField(page).inputValue()).toBe(PASSPHRASE);
    expect(harness.vault.isUnlocked).toBe(false);
    expect(await page.getByRole('button', { name: 'Unlock', exact: true }).isEnabled()).toBe(true);
  });

  it('opens the older copy by keyboard once the user chooses it, showing only the keys it holds', async () => {
    const page = await harness.openPage('unlock-older-copy-open');
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await passphraseField(page).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const warning = page.getByRole('alertdialog', { name: WARNING_TITLE });
    await warning.waitFor();

    await page.keyboard.press('Shift+Tab');
    expect(await focusedText(page)).toBe('Open this older copy');
    const held = await holdNextCall(page, 'vault.unlock');
    await page.keyboard.press('Enter');
    expect(await held.request).toEqual({ passphrase: PASSPHRASE, allowOlder: true });
    // While main works: busy, focus kept, and neither choice can be made again.
    const opening = warning.getByRole('button', { name: 'Opening…' });
    await opening.waitFor();
    expect(await opening.getAttribute('aria-disabled')).toBe('true');
    expect(await warning.getByRole('button', { name: 'Cancel' }).getAttribute('aria-disabled')).toBe('true');
    expect(await focusedText(page)).toBe('Opening…');
    await page.keyboard.press('Escape');
    expect(await warning.isVisible()).toBe(true);
    held.release();

    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    const keys = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('listitem');
    await expect.poll(() => keys.count()).toBe(1);
    expect(await keys.textContent()).toContain('Key in the old copy');
    expect(harness.services.keys.listKeys().map((key) => key.name)).toEqual(['Key in the old copy']);
  });

  it('asks the same when the system keychain meets an older copy', async () => {
    // The copy just opened is now the newest this computer has seen; the same old file is older than it again.
    putOldCopyBack();
    const page = await harness.openPage('unlock-older-copy-keychain');
    const keychainButton = page.getByRole('button', { name: 'Unlock with the system keychain' });
    await keychainButton.click();
    const warning = page.getByRole('alertdialog', { name: WARNING_TITLE });
    await warning.waitFor();
    expect(await focusedText(page)).toBe('Cancel');
    // The passphrase way is not the one asking, so its Unlock button stays.
    expect(await page.getByRole('button', { name: 'Unlock', exact: true }).count()).toBe(1);

    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'detached' });
    expect(await keychainButton.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(harness.vault.isUnlocked).toBe(false);

    await keychainButton.click();
    await warning.getByRole('button', { name: 'Open this older copy' }).click();
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    expect(harness.services.keys.listKeys().map((key) => key.name)).toEqual(['Key in the old copy']);
  });
});
