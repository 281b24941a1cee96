import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockVault } from '../../src-main/app/create-handlers';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
import { dropFile, saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const FLOW_TIMEOUT = 180_000;

/** Saves the page in light and dark mode and fails on any serious or critical axe finding in either. */
async function captureStep(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await saveScreenshot(page, `walkthrough-${name}-${colorScheme}`);
    // Legacy mode runs axe inside the page: the harness's pages own their browser context, so axe cannot open a helper page.
    const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${name} (${colorScheme}) ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function expectStep(page: Page, title: string): Promise<void> {
  const heading = page.getByRole('heading', { level: 3, name: title, exact: true });
  await heading.waitFor();
  // Every step starts with its heading focused, for keyboard and screen reader users.
  await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
}

/** Waits until main has checked the received file: the line shows "Received" as soon as a file arrives, and the tick once it passed. */
async function expectFileAccepted(page: Page, fileName: string): Promise<void> {
  await page.getByText(`✓ Received ${fileName}`).waitFor();
}

/** Presses Tab until the focused element's text or label matches, as a keyboard user would; fails if it is never reached. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element) return '';
      const label = element.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : element.closest('label')?.textContent;
      return `${element.textContent ?? ''} ${label ?? ''} ${element.getAttribute('aria-label') ?? ''}`.trim();
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

describe('guided setup', () => {
  let harness: AppHarness;
  const pems: string[] = [];
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  /** Drops a fresh key into the watched Downloads folder, as the browser would. */
  function download(fileName: string): string {
    const pem = appStoreConnectP8(generateP256Key());
    pems.push(pem);
    const file = path.join(harness.downloadsFolder, fileName);
    writeFileSync(file, pem);
    return file;
  }

  async function unlockInPage(page: Page): Promise<void> {
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.keyboard.press('Enter');
  }

  it(
    'walks an In-App Purchase key from the empty key list to the vault, refusing an AuthKey_ file on the way',
    async () => {
      const page = await openUnlocked(harness, 'walkthrough-iap');
      const next = page.getByRole('button', { name: 'Continue' });
      await page.getByRole('button', { name: 'Start guided setup' }).click();

      await expectStep(page, 'What is the key for?');
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel(/Validate purchases and sign subscription offers/).check();
      await captureStep(page, 'iap-1-purpose');
      await next.click();

      await expectStep(page, 'Check that you can generate it');
      expect(await page.getByText('needs the Admin or Account Holder role').isVisible()).toBe(true);
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('I have the Admin or Account Holder role').check();
      await captureStep(page, 'iap-2-role');
      await next.click();

      await expectStep(page, 'Generate the key in App Store Connect');
      await page.getByRole('button', { name: /Open In-App Purchase keys/ }).click();
      await page.getByText('in your browser').waitFor();
      expect(harness.openedPages.at(-1)).toBe(APPLE_PAGES['in-app-purchase-keys']);
      expect(await page.getByText('Click the + button next to “Active”').isVisible()).toBe(true);
      await captureStep(page, 'iap-3-generate');
      await next.click();

      await expectStep(page, 'Download the file, once');
      expect(await page.getByText('Apple lets you download this file once and keeps no copy.').isVisible()).toBe(true);
      await page.getByText(/Waiting for SubscriptionKey_….p8/).waitFor();
      await captureStep(page, 'iap-4-download-waiting');

      download('AuthKey_WRONGKIND1.p8');
      const wrongKind = page.locator('[data-error-code="KIND_MISMATCH"]');
      await wrongKind.waitFor();
      expect(await wrongKind.textContent()).toContain('SubscriptionKey_');
      // The name is refused at once; wait for main's check of the file too, so Continue is seen to stay disabled after it.
      await page.getByText('A valid P-256 private key').waitFor();
      expect(await next.isDisabled()).toBe(true);
      await captureStep(page, 'iap-4-download-wrong-kind');
      expect(harness.services.keys.listKeys()).toHaveLength(0);

      const arrived = download('SubscriptionKey_IAPGUIDE01.p8');
      await expectFileAccepted(page, 'SubscriptionKey_IAPGUIDE01.p8');
      expect(await wrongKind.count()).toBe(0);
      await captureStep(page, 'iap-4-download-received');
      await next.click();

      await expectStep(page, 'Copy the Key ID and Issuer ID');
      expect(await page.getByLabel('Key ID', { exact: true }).inputValue()).toBe('IAPGUIDE01');
      expect(await page.getByText('not the name you typed').isVisible()).toBe(true);
      expect(await page.getByText('Copy it from the App Store Connect API tab').isVisible()).toBe(true);
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('App Store Connect shows this Key ID in the new key’s row').check();
      await page.getByLabel('Issuer ID', { exact: true }).fill('IAPGUIDE01');
      expect(await page.getByText('This looks like a Key ID, not an Issuer ID').isVisible()).toBe(true);
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('Issuer ID', { exact: true }).fill(ISSUER_ID.toUpperCase());
      await captureStep(page, 'iap-5-ids');
      await next.click();

      await expectStep(page, 'Add details (optional)');
      await page.getByLabel('Bundle IDs (optional)').fill('com.example.fitness, bad..id');
      expect(await page.getByText('This bundle ID has an empty part').isVisible()).toBe(true);
      expect(await next.isDisabled()).toBe(true);
      await page.getByLabel('Bundle IDs (optional)').fill('com.example.fitness');
      await page.getByLabel('Name (optional)').fill('Fitness subscriptions');
      await page.getByLabel('Notes (optional)').fill('RevenueCat production project');
      await captureStep(page, 'iap-6-details');
      await next.click();

      await expectStep(page, 'Save and secure');
      expect(harness.services.keys.listKeys()).toHaveLength(0);
      await captureStep(page, 'iap-7-save');
      await page.getByRole('button', { name: 'Add to vault' }).click();

      await expectStep(page, 'The key is in the vault');
      await page.getByText('“Fitness subscriptions” is in the vault').waitFor();
      expect(harness.services.keys.listKeys()).toEqual([
        expect.objectContaining({ kind: 'in-app-purchase', keyId: 'IAPGUIDE01', issuerId: ISSUER_ID, bundleIds: ['com.example.fitness'], name: 'Fitness subscriptions' }),
      ]);
      await captureStep(page, 'iap-7-saved');
      const backupFile = path.join(harness.folder, 'after-guided-setup.sqlite');
      harness.queueDialogAnswer(backupFile);
      await page.getByRole('button', { name: 'Back up the vault…' }).click();
      await page.getByText('Backed up, this key included, to').waitFor();
      expect(existsSync(backupFile)).toBe(true);
      expect(harness.services.backups.status().remind).toBe(false);
      await page.getByRole('button', { name: 'Delete SubscriptionKey_IAPGUIDE01.p8' }).click();
      await page.getByText('The plaintext file was deleted.').waitFor();
      expect(existsSync(arrived)).toBe(false);

      await page.getByRole('button', { name: 'Show the key' }).click();
      await page.getByRole('heading', { name: 'Fitness subscriptions' }).waitFor();
      expectNoKeyMaterial(harness.transport.responses);
    },
    FLOW_TIMEOUT,
  );

  it(
    'walks an API team key, refuses a Key ID that differs from the file name, keeps input going back, and survives an auto-lock',
    async () => {
      const page = await openUnlocked(harness, 'walkthrough-team');
      const next = page.getByRole('button', { name: 'Continue' });
      await page.getByRole('button', { name: 'Guided setup', exact: true }).click();

      await expectStep(page, 'What is the key for?');
      await page.getByLabel(/Use the App Store Connect API/).check();
      expect(await page.getByLabel(/Team key/).isChecked()).toBe(true);
      await captureStep(page, 'team-1-purpose');
      await next.click();

      await expectStep(page, 'Check that you can generate it');
      expect(await page.getByText('request API access').isVisible()).toBe(true);
      expect(await page.getByRole('definition').filter({ hasText: 'EAS, whose guide asks for it.' }).isVisible()).toBe(true);
      await page.getByLabel('I have the Admin or Account Holder role, and the team has API access').check();
      await captureStep(page, 'team-2-role');
      await next.click();

      await expectStep(page, 'Generate the key in App Store Connect');
      await page.getByRole('button', { name: /Open App Store Connect API keys/ }).click();
      await page.getByText('in your browser').waitFor();
      expect(harness.openedPages.at(-1)).toBe(APPLE_PAGES['api-team-keys']);
      expect(await page.getByText('Under Access, choose the level').isVisible()).toBe(true);
      await captureStep(page, 'team-3-generate');
      await next.click();

      await expectStep(page, 'Download the file, once');
      await page.getByText(/Waiting for AuthKey_….p8/).waitFor();
      await captureStep(page, 'team-4-download-waiting');
      download('AuthKey_TEAMGUIDE1.p8');
      await expectFileAccepted(page, 'AuthKey_TEAMGUIDE1.p8');
      await captureStep(page, 'team-4-download-received');
      await next.click();

      await expectStep(page, 'Copy the Key ID and Issuer ID');
      const keyId = page.getByLabel('Key ID', { exact: true });
      expect(await keyId.inputValue()).toBe('TEAMGUIDE1');
      const before = harness.services.keys.listKeys().length;
      await keyId.fill('OTHERKEY99');
      const mismatch = page.locator('[data-error-code="KEY_ID_MISMATCH"]');
      await mismatch.waitFor();
      expect(await mismatch.textContent()).toMatch(/OTHERKEY99[\s\S]*TEAMGUIDE1/);
      const confirm = page.getByLabel('App Store Connect shows this Key ID in the new key’s row');
      expect(await confirm.isDisabled()).toBe(true);
      expect(await next.isDisabled()).toBe(true);
      await captureStep(page, 'team-5-key-id-mismatch');
      expect(harness.services.keys.listKeys()).toHaveLength(before);

      await keyId.fill('teamguide1');
      expect(await mismatch.count()).toBe(0);
      await confirm.check();
      await page.getByRole('button', { name: ISSUER_ID }).click();
      expect(await page.getByLabel('Issuer ID', { exact: true }).inputValue()).toBe(ISSUER_ID);
      await captureStep(page, 'team-5-ids');
      await next.click();

      await expectStep(page, 'Add details (optional)');
      await page.getByLabel('Name (optional)').fill('CI uploads');
      await page.getByRole('button', { name: 'Back', exact: true }).click();
      await expectStep(page, 'Copy the Key ID and Issuer ID');
      expect(await keyId.inputValue()).toBe('teamguide1');
      expect(await confirm.isChecked()).toBe(true);

      // What the idle timer does in main, mid-flow.
      lockVault(harness.services, 'idle');
      await page.getByText('locked itself after a period without activity').waitFor();
      expect(await page.getByLabel('Issuer ID', { exact: true }).count()).toBe(0);
      await unlockInPage(page);
      await expectStep(page, 'Copy the Key ID and Issuer ID');
      expect(await page.getByLabel('Key ID', { exact: true }).inputValue()).toBe('teamguide1');
      expect(await page.getByLabel('Issuer ID', { exact: true }).inputValue()).toBe(ISSUER_ID);
      expect(await confirm.isChecked()).toBe(true);
      expect(await page.locator('.stepper [aria-current="step"]').textContent()).toContain('IDs');
      await next.click();

      await expectStep(page, 'Add details (optional)');
      expect(await page.getByLabel('Name (optional)').inputValue()).toBe('CI uploads');
      await captureStep(page, 'team-6-details');
      await next.click();
      await expectStep(page, 'Save and secure');
      await captureStep(page, 'team-7-save');
      await page.getByRole('button', { name: 'Add to vault' }).click();
      await expectStep(page, 'The key is in the vault');
      expect(harness.services.keys.listKeys('TEAMGUIDE1')).toEqual([expect.objectContaining({ kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI uploads' })]);
      await captureStep(page, 'team-7-saved');
      await page.getByRole('button', { name: 'Close' }).click();
      expect(await page.getByRole('heading', { name: 'Guided setup' }).count()).toBe(0);
    },
    FLOW_TIMEOUT,
  );

  it(
    'walks an individual key from the keyboard alone, without an Issuer ID, and keeps watching Downloads after an auto-lock',
    async () => {
      const page = await openUnlocked(harness, 'walkthrough-individual');
      await page.getByRole('button', { name: 'Guided setup', exact: true }).focus();
      await page.keyboard.press('Enter');

      await expectStep(page, 'What is the key for?');
      await tabTo(page, /Validate purchases/);
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel(/Use the App Store Connect API/).isChecked()).toBe(true);
      await tabTo(page, /Team key/);
      await page.keyboard.press('ArrowDown');
      expect(await page.getByLabel(/Individual key/).isChecked()).toBe(true);
      await captureStep(page, 'individual-1-purpose');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Check that you can generate it');
      await tabTo(page, /I can generate an individual key for myself/);
      await page.keyboard.press('Space');
      await captureStep(page, 'individual-2-role');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Generate the key in App Store Connect');
      expect(await page.getByText('Under Individual API Key, click Generate Key.').isVisible()).toBe(true);
      await tabTo(page, /Open App Store Connect/);
      await page.keyboard.press('Enter');
      await page.getByText('in your browser').waitFor();
      expect(harness.openedPages.at(-1)).toBe(APPLE_PAGES['api-individual-keys']);
      await captureStep(page, 'individual-3-generate');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Download the file, once');
      await page.getByText(/Waiting for AuthKey_….p8/).waitFor();
      await captureStep(page, 'individual-4-download-waiting');
      lockVault(harness.services, 'idle');
      await unlockInPage(page);
      await expectStep(page, 'Download the file, once');
      await page.getByText(/Waiting for AuthKey_….p8/).waitFor();
      download('AuthKey_SOLOGUIDE1.p8');
      await expectFileAccepted(page, 'AuthKey_SOLOGUIDE1.p8');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Confirm the Key ID');
      expect(await page.getByLabel('Key ID', { exact: true }).inputValue()).toBe('SOLOGUIDE1');
      expect(await page.getByLabel('Issuer ID', { exact: true }).count()).toBe(0);
      expect(await page.getByText('Individual keys have no Issuer ID').isVisible()).toBe(true);
      await tabTo(page, /My profile shows this Key ID/);
      await page.keyboard.press('Space');
      await captureStep(page, 'individual-5-ids');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Add details (optional)');
      await captureStep(page, 'individual-6-details');
      await tabTo(page, /^Continue/);
      await page.keyboard.press('Enter');

      await expectStep(page, 'Save and secure');
      await captureStep(page, 'individual-7-save');
      await tabTo(page, /^Add to vault/);
      await page.keyboard.press('Enter');
      await expectStep(page, 'The key is in the vault');
      expect(harness.services.keys.listKeys('SOLOGUIDE1')).toEqual([expect.objectContaining({ kind: 'asc-individual', keyId: 'SOLOGUIDE1' })]);
      expect(harness.services.keys.listKeys('SOLOGUIDE1')[0]?.issuerId).toBeUndefined();
      await captureStep(page, 'individual-7-saved');
      await tabTo(page, /^Close/);
      await page.keyboard.press('Enter');
    },
    FLOW_TIMEOUT,
  );

  it(
    'takes a lost key to revoke-and-regenerate, marks the old record revoked, refuses a dropped file of the wrong kind, and accepts a chosen one',
    async () => {
      const page = await openUnlocked(harness, 'walkthrough-lost');
      await page.getByRole('button', { name: 'Guided setup', exact: true }).click();
      await expectStep(page, 'What is the key for?');
      await page.getByRole('button', { name: 'Revoke it and make a new one' }).click();

      await expectStep(page, 'Revoke the lost key, then replace it');
      expect(await page.getByText('cannot be downloaded again').isVisible()).toBe(true);
      await page.getByLabel('App Store Connect API team key', { exact: true }).check();
      await page.getByRole('button', { name: /Open App Store Connect API keys/ }).click();
      await page.getByText('in your browser').waitFor();
      expect(harness.openedPages.at(-1)).toBe(APPLE_PAGES['api-team-keys']);
      await page.getByRole('button', { name: 'Mark TEAMGUIDE1 as revoked' }).click();
      await expect.poll(() => harness.services.keys.listKeys('TEAMGUIDE1').map((key) => key.revoked)).toEqual([true]);
      await page.getByRole('list', { name: 'Keys of this kind in the vault' }).getByText('Revoked').waitFor();
      await captureStep(page, 'lost');

      await page.getByRole('button', { name: 'Generate the replacement' }).click();
      await expectStep(page, 'Check that you can generate it');
      expect(await page.getByText('Generating a team key needs the Admin or Account Holder role').isVisible()).toBe(true);
      await page.getByLabel('I have the Admin or Account Holder role, and the team has API access').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await expectStep(page, 'Generate the key in App Store Connect');
      await page.getByRole('button', { name: 'Continue' }).click();

      // Dropping a file on the step works next to the Downloads watcher; one of the wrong kind is refused by its name.
      await expectStep(page, 'Download the file, once');
      await dropFile(page.locator('.walkthrough.drop-zone'), harness.writeKeyFile('SubscriptionKey_DROPPED001.p8'));
      await page.locator('[data-error-code="KIND_MISMATCH"]').waitFor();
      await page.getByText('A valid P-256 private key').waitFor();
      expect(await page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(true);

      // Choosing the file by hand works too.
      const chosen = path.join(harness.folder, 'AuthKey_REPLACED01.p8');
      const pem = appStoreConnectP8(generateP256Key());
      pems.push(pem);
      writeFileSync(chosen, pem);
      harness.queueDialogAnswer(chosen);
      await page.getByRole('button', { name: 'Choose file…' }).click();
      await expectFileAccepted(page, 'AuthKey_REPLACED01.p8');
      expect(await page.getByRole('button', { name: 'Continue' }).isDisabled()).toBe(false);

      // Leaving drops the draft, so it asks first; Escape keeps it. Then the next guided setup starts from the first step.
      await page.getByRole('button', { name: 'Leave guided setup' }).click();
      const leaving = page.getByRole('alertdialog');
      await leaving.getByText('Close and discard this guided setup and what you entered in it?').waitFor();
      await page.keyboard.press('Escape');
      await leaving.waitFor({ state: 'detached' });
      await expectFileAccepted(page, 'AuthKey_REPLACED01.p8');
      await page.getByRole('button', { name: 'Leave guided setup' }).click();
      await leaving.getByRole('button', { name: 'Discard' }).click();
      await page.getByRole('button', { name: 'Guided setup', exact: true }).click();
      await expectStep(page, 'What is the key for?');
      expect(await page.getByLabel(/Use the App Store Connect API/).isChecked()).toBe(false);
      expectNoKeyMaterial(harness.transport.responses);
      for (const pem of pems) {
        for (const line of pem.split('\n').slice(1, -2)) for (const response of harness.transport.responses) expect(response).not.toContain(line);
      }
    },
    FLOW_TIMEOUT,
  );
});
