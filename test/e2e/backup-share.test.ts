import { AxeBuilder } from '@axe-core/playwright';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
/** The second vault's own passphrase: restoring from the first vault's backup needs the first one's. */
const SECOND_VAULT_PASSPHRASE = 'copper meadow ninety harbour';
const WRONG_BUNDLE_PASSPHRASE = 'not the passphrase of this bundle';
const FLOW_TIMEOUT = 120_000;

/** Saves the page in light and dark mode and fails on any serious or critical axe finding in either. */
async function capturePart(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await saveScreenshot(page, `backup-share-${name}-${colorScheme}`);
    // Legacy mode runs axe inside the page: the harness's pages own their browser context, so axe cannot open a helper page.
    const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
    const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${name} (${colorScheme}) ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Holds the page's next call of a channel until released, so the test sees the screen while main works
 * (scrypt runs in this same process, so a real slow step cannot be watched reliably).
 */
async function holdNextCall(page: Page, channel: string): Promise<() => void> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname === `/ipc/${channel}`,
    async (route) => {
      await released;
      await route.continue();
    },
    { times: 1 },
  );
  return release;
}

async function openSection(page: Page, label: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
}

describe('backup and share in the browser', () => {
  let first: AppHarness;
  let second: AppHarness;
  /** Outside both harness folders, so the second vault can open what the first one wrote. */
  let shared: string;
  let backupFile: string;
  let bundleFile: string;
  let bundlePassphrase = '';

  beforeAll(async () => {
    first = await startAppHarness();
    second = await startAppHarness();
    shared = mkdtempSync(path.join(tmpdir(), 'vault-e2e-shared-'));
    backupFile = path.join(shared, 'team-vault-backup.sqlite');
    bundleFile = path.join(shared, 'for-sam.age');
    second.addSecret(SECOND_VAULT_PASSPHRASE);
    second.addSecret(WRONG_BUNDLE_PASSPHRASE);

    await first.vault.create(E2E_PASSPHRASE);
    const keys: Array<[string, string]> = [
      ['AuthKey_TEAMKEY001.p8', 'CI uploads'],
      ['AuthKey_TEAMKEY002.p8', 'Release dashboard'],
      ['SubscriptionKey_IAPKEY0001.p8', 'Fitness subscriptions'],
    ];
    for (const [fileName, name] of keys) {
      await first.services.keys.importKey({ source: { type: 'file', path: first.writeKeyFile(fileName) }, issuerId: ISSUER_ID, name });
    }
    await second.vault.create(SECOND_VAULT_PASSPHRASE);
  });

  afterAll(async () => {
    rmSync(shared, { recursive: true, force: true });
    await first?.close();
    await second?.close();
  });

  it('reminds about keys newer than any backup, backs up to the chosen file and shows the date', async () => {
    const page = await openUnlocked(first, 'backup-share-backup');
    const reminder = page.getByRole('complementary', { name: 'Backup reminder' });
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('3 keys in this vault and no backup yet.');
    await capturePart(page, 'reminder');

    await reminder.getByRole('button', { name: 'Back up now' }).click();
    await page.getByRole('heading', { name: 'Backup & share', exact: true }).waitFor();
    const part = page.getByRole('region', { name: 'Back up now' });
    expect(await part.textContent()).toContain('This vault has never been backed up.');
    await capturePart(page, 'start');

    first.queueDialogAnswer(backupFile);
    await part.getByRole('button', { name: 'Back up…' }).click();
    await part.getByText(`Backed up 3 keys`).waitFor();
    expect(await part.getByText(backupFile).isVisible()).toBe(true);
    await part.getByText('Last backup:').waitFor();
    expect(await part.locator('time').getAttribute('datetime')).toBe(first.services.backups.status().lastBackupAt);
    expect(existsSync(backupFile)).toBe(true);
    await capturePart(page, 'backed-up');

    await openSection(page, 'Settings', 'Backups');
    expect(await page.getByRole('region', { name: 'Backups' }).textContent()).toMatch(/^BackupsLast backup: .+Back up or restore$/);
    await capturePart(page, 'settings');
    await openSection(page, 'Keys', 'Keys');
    expect(await reminder.count()).toBe(0);
  });

  it('exports two keys in a bundle with a generated passphrase, shown in the clear', async () => {
    const page = await openUnlocked(first, 'backup-share-export');
    await openSection(page, 'Backup & share', 'Backup & share');
    const part = page.getByRole('region', { name: 'Share keys with a teammate' });
    const save = part.getByRole('button', { name: 'Save encrypted bundle…' });
    expect(await save.isDisabled()).toBe(true);

    await part.getByRole('checkbox', { name: /CI uploads/ }).check();
    await part.getByRole('checkbox', { name: /Release dashboard/ }).check();
    await part.getByRole('checkbox', { name: 'Notes' }).uncheck();
    await part.getByRole('button', { name: 'Generate a passphrase' }).click();
    const shown = part.locator('.generated-passphrase__text');
    await shown.waitFor();
    bundlePassphrase = (await shown.textContent()) ?? '';
    expect(bundlePassphrase).toMatch(/^[a-z]+(-[a-z]+){5}$/);
    expect(await part.getByLabel('Bundle passphrase').inputValue()).toBe(bundlePassphrase);
    // The first vault's own traffic carries the generated words (main made them); the second vault's must not.
    second.addSecret(bundlePassphrase);
    await capturePart(page, 'share');

    first.queueDialogAnswer(bundleFile);
    const releaseExport = await holdNextCall(page, 'bundle.export');
    await save.click();
    // scrypt takes a moment: the button says so and the form is marked busy meanwhile.
    await part.getByRole('button', { name: 'Encrypting…', disabled: true }).waitFor();
    expect(await part.locator('form').getAttribute('aria-busy')).toBe('true');
    releaseExport();
    await part.getByText('Saved 2 keys to').waitFor();
    expect(readFileSync(bundleFile, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    expect(first.services.keys.listKeys().filter((key) => key.exports.some((entry) => entry.target === 'bundle')).map((key) => key.name).sort()).toEqual([
      'CI uploads',
      'Release dashboard',
    ]);
    await capturePart(page, 'shared');
    expectNoKeyMaterial(first.transport.responses);
  });

  it(
    'imports the bundle into a second vault after showing its keys, and refuses a wrong passphrase without importing',
    async () => {
      expect(bundlePassphrase).not.toBe('');
      const page = await openUnlocked(second, 'backup-share-import');
      await openSection(page, 'Backup & share', 'Backup & share');
      const part = page.getByRole('region', { name: 'Import a teammate’s bundle' });

      second.queueDialogAnswer(bundleFile);
      await part.getByRole('button', { name: 'Choose a bundle…' }).click();
      await part.getByText('for-sam.age').waitFor();
      await part.getByLabel('Passphrase of the bundle').fill(WRONG_BUNDLE_PASSPHRASE);
      await part.getByRole('button', { name: 'Open the bundle' }).click();
      const refusal = part.getByRole('alert');
      await refusal.waitFor();
      expect(await refusal.getAttribute('data-error-code')).toBe('BUNDLE_WRONG_PASSPHRASE');
      expect(await refusal.textContent()).toContain('That passphrase does not open this bundle.');
      // Importing straight away with the wrong passphrase is refused the same way, and adds nothing.
      const direct = await page.evaluate((passphrase) => window.vault.bundleImport({ passphrase }), WRONG_BUNDLE_PASSPHRASE);
      expect(direct).toMatchObject({ ok: false, error: { code: 'BUNDLE_WRONG_PASSPHRASE' } });
      expect(second.services.keys.listKeys()).toHaveLength(0);
      await capturePart(page, 'bundle-wrong-passphrase');

      await part.getByLabel('Passphrase of the bundle').fill(bundlePassphrase);
      const releasePreview = await holdNextCall(page, 'bundle.preview');
      await part.getByRole('button', { name: 'Open the bundle' }).click();
      await part.getByRole('button', { name: 'Decrypting…', disabled: true }).waitFor();
      expect(await part.getAttribute('aria-busy')).toBe('true');
      releasePreview();
      const listed = part.getByRole('list', { name: 'Keys in the bundle' }).getByRole('listitem');
      await expect.poll(() => listed.allTextContents()).toEqual([expect.stringMatching(/CI uploads.*TEAMKEY001.*New/), expect.stringMatching(/Release dashboard.*TEAMKEY002.*New/)]);
      expect(await part.getByText('Importing adds 2 keys.').isVisible()).toBe(true);
      await capturePart(page, 'bundle-preview');

      await part.getByRole('button', { name: 'Import 2 keys' }).click();
      await part.getByText('Added 2 keys from the bundle: CI uploads, Release dashboard.').waitFor();
      expect(second.services.keys.listKeys().map((key) => key.keyId).sort()).toEqual(['TEAMKEY001', 'TEAMKEY002']);
      // The share list on the same screen now offers the imported keys.
      await page.getByRole('region', { name: 'Share keys with a teammate' }).getByRole('checkbox', { name: /Release dashboard/ }).waitFor();
      await capturePart(page, 'bundle-imported');

      // Opened again, the same bundle has only duplicates: shown, and nothing to import.
      second.queueDialogAnswer(bundleFile);
      await part.getByRole('button', { name: 'Choose a bundle…' }).click();
      await part.getByLabel('Passphrase of the bundle').fill(bundlePassphrase);
      await part.getByRole('button', { name: 'Open the bundle' }).click();
      await part.getByText('This vault already holds every key in the bundle.').waitFor();
      expect(await part.getByText('Already in this vault: skipped').count()).toBe(2);
      expect(await part.getByRole('button', { name: 'Import 0 keys' }).isDisabled()).toBe(true);

      await openSection(page, 'Keys', 'Keys');
      const rows = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button');
      await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('CI uploads'), expect.stringContaining('Release dashboard')]);
      expect(await page.getByRole('complementary', { name: 'Backup reminder' }).textContent()).toContain('2 keys in this vault and no backup yet.');
      expectNoKeyMaterial(second.transport.responses);
    },
    FLOW_TIMEOUT,
  );

  it(
    'opens the first vault’s backup in the second vault, shows which keys it lacks, and merges them after a replace is declined',
    async () => {
      const page = await openUnlocked(second, 'backup-share-restore');
      await openSection(page, 'Backup & share', 'Backup & share');
      const part = page.getByRole('region', { name: 'Restore from a backup' });

      second.queueDialogAnswer(backupFile);
      await part.getByRole('button', { name: 'Choose a backup…' }).click();
      // From the keyboard: the passphrase field takes the focus, Enter opens the backup.
      const passphraseField = part.getByLabel('Passphrase of the backup');
      await passphraseField.waitFor();
      await expect.poll(() => passphraseField.evaluate((element) => element === document.activeElement)).toBe(true);
      await page.keyboard.type(E2E_PASSPHRASE);
      await page.keyboard.press('Enter');
      const listed = part.getByRole('list', { name: 'Keys in the backup' }).getByRole('listitem');
      await expect.poll(() => listed.count()).toBe(3);
      expect(await listed.filter({ hasText: 'Not in this vault' }).allTextContents()).toEqual([expect.stringContaining('Fitness subscriptions')]);
      expect(await listed.filter({ hasText: 'Already in this vault' }).count()).toBe(2);
      await capturePart(page, 'restore-contents');

      // The confirmation names the keys a replace would drop, so it cannot replace before this vault's list arrives.
      let listAsked!: () => void;
      const asked = new Promise<void>((resolve) => (listAsked = resolve));
      let releaseList!: () => void;
      const released = new Promise<void>((resolve) => (releaseList = resolve));
      await page.route('**/ipc/keys.list', async (route) => {
        listAsked();
        await released;
        await route.continue();
      });
      await part.getByRole('button', { name: 'Replace this vault…' }).click();
      const confirmation = part.getByRole('alertdialog', { name: 'Replace this vault with the backup?' });
      await confirmation.waitFor();
      const replace = confirmation.getByRole('button', { name: 'Replace the vault' });
      expect(await replace.isDisabled()).toBe(true);
      await asked;
      releaseList();
      await expect.poll(() => replace.isEnabled()).toBe(true);
      await page.unroute('**/ipc/keys.list');
      expect(await confirmation.textContent()).toContain('The current vault file is not deleted: it is kept aside');
      await capturePart(page, 'restore-replace-confirm');
      await confirmation.getByRole('button', { name: 'Keep this vault' }).click();
      expect(await confirmation.count()).toBe(0);

      await part.getByRole('button', { name: 'Add the missing key', exact: true }).click();
      await part.getByText('Added 1 key from the backup: Fitness subscriptions. 2 keys were already in this vault.').waitFor();
      expect(second.services.keys.listKeys().map((key) => key.keyId).sort()).toEqual(['IAPKEY0001', 'TEAMKEY001', 'TEAMKEY002']);
      // Merging left the second vault as it was otherwise: its own passphrase, no replaced file beside it.
      expect(readdirSync(second.folder).filter((name) => name.includes('.replaced-'))).toEqual([]);
      await capturePart(page, 'restore-merged');
      expectNoKeyMaterial(second.transport.responses);
    },
    FLOW_TIMEOUT,
  );

  it(
    'replaces a vault with its backup after the confirmation, keeping the replaced file aside',
    async () => {
      const page = await openUnlocked(first, 'backup-share-replace');
      await first.services.keys.importKey({ source: { type: 'file', path: first.writeKeyFile('AuthKey_AFTERBACK1.p8') }, issuerId: ISSUER_ID, name: 'Added after the backup' });
      await openSection(page, 'Backup & share', 'Backup & share');
      const part = page.getByRole('region', { name: 'Restore from a backup' });

      first.queueDialogAnswer(backupFile);
      await part.getByRole('button', { name: 'Choose a backup…' }).click();
      await part.getByLabel('Passphrase of the backup').fill(E2E_PASSPHRASE);
      await part.getByRole('button', { name: 'Open the backup' }).click();
      await part.getByText('This vault already holds every key in the backup.').waitFor();
      expect(await part.getByRole('button', { name: 'Add the missing keys' }).isDisabled()).toBe(true);

      await part.getByRole('button', { name: 'Replace this vault…' }).click();
      const confirmation = part.getByRole('alertdialog', { name: 'Replace this vault with the backup?' });
      await confirmation.getByText('Added after the backup').waitFor();
      await confirmation.getByRole('button', { name: 'Replace the vault' }).click();
      await part.getByText('The vault now holds the backup’s 3 keys.').waitFor();
      const aside = readdirSync(first.folder).filter((name) => name.startsWith('vault.sqlite.replaced-') && !/-(wal|shm)$/.test(name));
      expect(aside).toHaveLength(1);
      expect(await part.getByText(path.join(first.folder, aside[0]!)).isVisible()).toBe(true);
      expect(first.services.keys.listKeys().map((key) => key.name)).not.toContain('Added after the backup');
      expect(first.vault.isUnlocked).toBe(true);
    },
    FLOW_TIMEOUT,
  );
});
