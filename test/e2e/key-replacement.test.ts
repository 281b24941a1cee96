import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockVault } from '../../src-main/app/create-handlers';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const FLOW_TIMEOUT = 180_000;

/** Screenshots in light and dark, wide and at 720 px, each with no axe finding. */
async function capture(page: Page, name: string, widths = [1100, 720]): Promise<void> {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await saveScreenshot(page, `key-replacement-${name}-${width}-${colorScheme}`);
      expect(await axeFindings(page), `${name} ${width} ${colorScheme}`).toEqual([]);
    }
  }
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.emulateMedia({ colorScheme: 'light' });
}

async function expectFocusedHeading(page: Page, name: string): Promise<void> {
  const heading = page.getByRole('heading', { name, exact: true });
  await heading.waitFor();
  await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
}

async function expectWalkthroughStep(page: Page, title: string): Promise<void> {
  await expectFocusedHeading(page, title);
}

async function openKey(page: Page, name: string): Promise<void> {
  await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: new RegExp(name) }).press('Enter');
  await page.getByRole('heading', { level: 2, name, exact: true }).waitFor();
}

describe('replacing a key, as a guided job in the window', () => {
  let harness: AppHarness;
  let fastlaneFolder = '';

  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    fastlaneFolder = path.join(harness.folder, 'ci', 'fastlane');
    mkdirSync(fastlaneFolder, { recursive: true });
  });
  afterAll(() => harness?.close());

  function addKey(fileName: string, fields: { kind: 'asc-team' | 'in-app-purchase'; name: string; issuerId?: string; bundleIds?: string[] }) {
    const file = harness.writeKeyFile(fileName);
    return harness.services.keys.importKey({ source: { type: 'file', path: file }, ...fields }).then(({ key }) => key);
  }

  it(
    'walks the whole job from the keyboard: guided setup pre-filled, an export ticks its place off, the job survives a lock, Apple’s page, finish',
    async () => {
      const old = await addKey('AuthKey_OLDTEAM001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, name: 'Old CI key', bundleIds: ['com.example.fitness', 'com.example.fitness.widget'] });
      harness.services.keys.addUsedIn(old.id, 'Bitrise workflow release');
      harness.services.keys.addUsedIn(old.id, 'RevenueCat project Fitness');
      harness.services.keys.recordExport(old.id, 'fastlane', fastlaneFolder);

      const page = await openUnlocked(harness, 'key-replacement-walk');
      await openKey(page, 'Old CI key');

      // Starting explains the job first; Escape leaves everything as it was.
      await page.getByRole('button', { name: 'Replace this key…' }).press('Enter');
      const start = page.getByRole('alertdialog', { name: 'Replace “Old CI key”?' });
      await start.getByText('put it everywhere this one is used').waitFor();
      await capture(page, '1-start');
      await page.keyboard.press('Escape');
      await start.waitFor({ state: 'detached' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Replace this key…');
      expect(harness.services.keys.getKey(old.id).replacement).toBeUndefined();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');

      const job = page.getByRole('region', { name: 'Replacing this key' });
      await expectFocusedHeading(page, 'Add the new key');
      expect(await job.locator('.stepper [aria-current="step"]').textContent()).toContain('New key');
      expect(await job.getByRole('navigation', { name: 'Replacement steps' }).textContent()).toContain('Places 0 of 3');
      await capture(page, '2-new-key');

      // Guided setup for the same kind: the purpose is skipped, and the Issuer ID and bundle IDs come from the old key.
      await job.getByRole('button', { name: 'Add the new key with guided setup' }).press('Enter');
      await expectWalkthroughStep(page, 'Check that you can generate it');
      await page.getByText('Replacing “Old CI key”').waitFor();
      await capture(page, '2-guided-setup', [1100]);
      // The purpose can be looked at again, but no other kind chosen: the new key must be the old one's kind.
      await page.getByRole('navigation', { name: 'Guided setup steps' }).getByRole('button', { name: /Purpose/ }).press('Enter');
      await page.getByText('so it must be one too').waitFor();
      await capture(page, '2-purpose-locked', [1100]);
      expect(await page.getByRole('radio', { name: /Validate purchases/ }).isDisabled()).toBe(true);
      expect(await page.getByRole('radio', { name: /^Individual key/ }).isDisabled()).toBe(true);
      expect(await page.getByRole('radio', { name: /Use the App Store Connect API/ }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Check that you can generate it');
      await page.getByLabel('I have the Admin or Account Holder role, and the team has API access').press('Space');
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Generate the key in App Store Connect');
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Download the file, once');
      harness.writeKeyFile('AuthKey_NEWTEAM001.p8', harness.downloadsFolder);
      await page.getByText('✓ Received AuthKey_NEWTEAM001.p8').waitFor();
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Copy the Key ID and Issuer ID');
      expect(await page.getByLabel('Issuer ID', { exact: true }).inputValue()).toBe(ISSUER_ID);
      await page.getByLabel('App Store Connect shows this Key ID in the new key’s row').press('Space');
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Add details (optional)');
      expect(await page.getByLabel('Bundle IDs (optional)').inputValue()).toBe('com.example.fitness, com.example.fitness.widget');
      await page.getByLabel('Name (optional)').fill('New CI key');
      await page.getByRole('button', { name: 'Continue', exact: true }).press('Enter');
      await expectWalkthroughStep(page, 'Save and secure');
      await page.getByRole('button', { name: 'Add to vault' }).press('Enter');
      await expectWalkthroughStep(page, 'The key is in the vault');
      const fresh = harness.services.keys.listKeys('NEWTEAM001')[0]!;
      expect(fresh).toMatchObject({ kind: 'asc-team', issuerId: ISSUER_ID, bundleIds: ['com.example.fitness', 'com.example.fitness.widget'], name: 'New CI key' });
      expect(harness.services.keys.getKey(old.id).replacement).toMatchObject({ stage: 'places', newKeyId: fresh.id });
      await page.getByRole('button', { name: 'Back to replacing “Old CI key”' }).press('Enter');

      await expectFocusedHeading(page, 'Put the new key where the old one is used');
      await job.getByText('0 of 3 done').waitFor();
      expect(await job.getByText('New key: New CI key').count()).toBe(1);
      await capture(page, '3-places');

      // The export place opens the new key's export on fastlane, saying where the old key went; writing it ticks the place off.
      await job.getByRole('button', { name: 'Export the new key to fastlane…' }).press('Enter');
      await page.getByRole('heading', { name: 'Export “New CI key”' }).waitFor();
      expect(await page.getByLabel('Export to').inputValue()).toBe('fastlane');
      await page.getByText(`The old key went to ${fastlaneFolder}.`).waitFor();
      await capture(page, '4-export');
      harness.queueDialogAnswer(fastlaneFolder);
      await page.getByRole('button', { name: 'Write files…' }).press('Enter');
      await page.getByText(`Written to ${fastlaneFolder}`).waitFor();
      await page.getByRole('button', { name: 'Done', exact: true }).press('Enter');
      await job.getByText('1 of 3 done').waitFor();
      expect(await job.getByRole('checkbox', { name: 'Put the new key in fastlane' }).isChecked()).toBe(true);

      await job.getByRole('checkbox', { name: 'Put the new key in Bitrise workflow release' }).press('Space');
      await job.getByText('2 of 3 done').waitFor();

      // Mid-way, the vault locks itself: the job is in the vault, and the Keys screen leads back to it.
      lockVault(harness.services, 'idle');
      await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
      await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
      await page.keyboard.press('Enter');
      const banner = page.getByRole('list', { name: 'Keys being replaced' });
      await banner.getByText('Replacing Old CI key: 2 of 3 places done').waitFor();
      expect(await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /Old CI key/ }).textContent()).toContain('Being replaced: 2 of 3 places done');
      await capture(page, '5-banner');
      await openKey(page, 'New CI key');
      await page.getByText('This key replaces “Old CI key”.').waitFor();
      await capture(page, '5-new-key-page', [1100]);
      await page.getByRole('button', { name: 'Continue the replacement' }).press('Enter');
      await page.getByRole('heading', { level: 2, name: 'Old CI key' }).waitFor();
      await job.getByText('2 of 3 done').waitFor();
      expect(await banner.count()).toBe(0);

      await job.getByRole('checkbox', { name: 'Put the new key in RevenueCat project Fitness' }).press('Space');
      await expectFocusedHeading(page, 'Revoke the old key in App Store Connect');
      expect(await job.locator('.stepper [aria-current="step"]').textContent()).toContain('Revoke');
      await capture(page, '6-revoke');
      await job.getByRole('button', { name: /Open App Store Connect/ }).press('Enter');
      await job.getByText('in your browser').waitFor();
      expect(harness.openedPages.at(-1)).toBe(APPLE_PAGES['api-team-keys']);

      await job.getByRole('button', { name: 'I revoked it: mark as revoked and finish…' }).press('Enter');
      const finish = page.getByRole('alertdialog', { name: 'Mark “Old CI key” as revoked and finish?' });
      await finish.waitFor();
      await page.keyboard.press('Escape');
      await finish.waitFor({ state: 'detached' });
      expect(harness.services.keys.getKey(old.id).revoked).toBe(false);
      await job.getByRole('button', { name: 'I revoked it: mark as revoked and finish…' }).press('Enter');
      await finish.getByRole('button', { name: 'Mark as revoked and finish' }).press('Enter');
      await page.getByText('“Old CI key” is marked as revoked, and “New CI key” takes its place.').waitFor();
      await job.waitFor({ state: 'detached' });
      expect(harness.services.keys.getKey(old.id)).toMatchObject({ revoked: true, revokedAt: expect.any(String) });
      expect(harness.services.keys.getKey(old.id).replacement).toBeUndefined();
      expect(harness.services.keys.getKey(fresh.id).usedIn.map((entry) => entry.label)).toEqual(['Bitrise workflow release', 'RevenueCat project Fitness']);
      await capture(page, '7-finished');
      await page.getByRole('button', { name: 'Show the new key' }).press('Enter');
      await page.getByRole('heading', { level: 2, name: 'New CI key' }).waitFor();
      expectNoKeyMaterial(harness.transport.responses);
    },
    FLOW_TIMEOUT,
  );

  it('uses a key already in the vault (only keys of the same kind are offered), keeps another guided setup unless told to drop it, and stops after asking, keeping the new key', async () => {
    const old = await addKey('SubscriptionKey_OLDIAP0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID, name: 'Old purchases key' });
    harness.services.keys.addUsedIn(old.id, 'Adapty app Fitness');
    const spare = await addKey('SubscriptionKey_NEWIAP0001.p8', { kind: 'in-app-purchase', issuerId: ISSUER_ID, name: 'Spare purchases key' });

    const page = await openUnlocked(harness, 'key-replacement-choose');
    // A guided setup started for another key is only dropped after asking.
    await page.getByRole('button', { name: 'Guided setup', exact: true }).press('Enter');
    await expectWalkthroughStep(page, 'What is the key for?');
    await page.getByLabel(/Use the App Store Connect API/).check();
    await openKey(page, 'Old purchases key');
    await page.getByRole('button', { name: 'Replace this key…' }).press('Enter');
    await page.getByRole('button', { name: 'Start replacing' }).press('Enter');
    const job = page.getByRole('region', { name: 'Replacing this key' });
    await expectFocusedHeading(page, 'Add the new key');
    const setupButton = job.getByRole('button', { name: 'Add the new key with guided setup' });
    await setupButton.press('Enter');
    const discard = page.getByRole('alertdialog', { name: /Close and discard the guided setup you started for another key/ });
    await discard.waitFor();
    await page.keyboard.press('Escape');
    await discard.waitFor({ state: 'detached' });
    await expect.poll(() => setupButton.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('heading', { name: 'Guided setup' }).count()).toBe(0);

    const choice = job.getByLabel('Or use a key already in the vault');
    expect(await choice.locator('option').allTextContents()).toEqual(['Spare purchases key (NEWIAP0001)']);
    await job.getByRole('button', { name: 'Use this key' }).press('Enter');
    await expectFocusedHeading(page, 'Put the new key where the old one is used');
    expect(harness.services.keys.getKey(old.id).replacement).toMatchObject({ stage: 'places', newKeyId: spare.id });
    await job.getByText('New key: Spare purchases key').waitFor();

    await job.getByRole('button', { name: 'Stop replacing…' }).press('Enter');
    const stop = page.getByRole('alertdialog', { name: 'Stop replacing “Old purchases key”?' });
    await stop.getByText('The new key “Spare purchases key” stays in the vault.').waitFor();
    await capture(page, 'stop');
    await page.keyboard.press('Escape');
    await stop.waitFor({ state: 'detached' });
    expect(harness.services.keys.getKey(old.id).replacement).toBeDefined();
    await job.getByRole('button', { name: 'Stop replacing…' }).press('Enter');
    await stop.getByRole('button', { name: 'Stop replacing', exact: true }).press('Enter');
    await job.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Replace this key…' }).waitFor();
    expect(harness.services.keys.getKey(old.id)).toMatchObject({ revoked: false });
    expect(harness.services.keys.getKey(old.id).replacement).toBeUndefined();
    expect(harness.services.keys.getKey(spare.id).name).toBe('Spare purchases key');
  });

  it('replaces a key already revoked (a leaked one), and a place added meanwhile sends the job back to step 2 with main’s reason', async () => {
    const old = await addKey('AuthKey_LEAKED0001.p8', { kind: 'asc-team', issuerId: ISSUER_ID, name: 'Leaked uploads key' });
    const revokedAt = harness.services.keys.revokeKey(old.id).revokedAt;
    await addKey('AuthKey_UPLOADS002.p8', { kind: 'asc-team', issuerId: ISSUER_ID, name: 'Uploads key 2026' });

    const page = await openUnlocked(harness, 'key-replacement-refused');
    await openKey(page, 'Leaked uploads key');
    await page.getByRole('button', { name: 'Replace this key…' }).press('Enter');
    await page.getByText('This key is already marked as revoked').waitFor();
    await page.getByRole('button', { name: 'Start replacing' }).press('Enter');
    const job = page.getByRole('region', { name: 'Replacing this key' });
    await expectFocusedHeading(page, 'Add the new key');
    await job.getByLabel('Or use a key already in the vault').selectOption({ label: 'Uploads key 2026 (UPLOADS002)' });
    await job.getByRole('button', { name: 'Use this key' }).press('Enter');

    // Used nowhere yet, so the job goes straight to revoking.
    await expectFocusedHeading(page, 'Revoke the old key in App Store Connect');
    await job.getByText('“Leaked uploads key” is already marked as revoked here').waitFor();
    harness.services.keys.addUsedIn(old.id, 'Codemagic team settings');
    await job.getByRole('button', { name: 'I revoked it: mark as revoked and finish…' }).press('Enter');
    await page.getByRole('button', { name: 'Mark as revoked and finish' }).press('Enter');
    const refusal = job.locator('[data-error-code="REPLACEMENT_INCOMPLETE"]');
    await refusal.getByText('still used in one place not ticked off: Codemagic team settings').waitFor();
    await expectFocusedHeading(page, 'Put the new key where the old one is used');
    expect(harness.services.keys.getKey(old.id).replacement).toBeDefined();

    await job.getByRole('checkbox', { name: 'Put the new key in Codemagic team settings' }).press('Space');
    await expectFocusedHeading(page, 'Revoke the old key in App Store Connect');
    expect(await refusal.count()).toBe(0);
    await job.getByRole('button', { name: 'I revoked it: mark as revoked and finish…' }).press('Enter');
    await page.getByRole('button', { name: 'Mark as revoked and finish' }).press('Enter');
    await job.waitFor({ state: 'detached' });
    expect(harness.services.keys.getKey(old.id)).toMatchObject({ revoked: true, revokedAt });
    expect(harness.services.keys.getKey(old.id).replacement).toBeUndefined();
  });
});
