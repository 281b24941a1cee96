import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

async function screenshots(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await saveScreenshot(page, `stray-copies-${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('stray copies in the browser', () => {
  let app: AppHarness;
  let vaultedCopy: string;
  let notVaulted: string;
  let projectCopy: string;
  let projects: string;

  beforeAll(async () => {
    app = await startAppHarness();
    await app.vault.create(E2E_PASSPHRASE);
    const imported = app.writeKeyFile('AuthKey_TEAMKEY001.p8');
    await app.services.keys.importKey({ source: { type: 'file', path: imported }, issuerId: ISSUER_ID, name: 'CI uploads' });
    vaultedCopy = path.join(app.downloadsFolder, 'AuthKey_TEAMKEY001.p8');
    copyFileSync(imported, vaultedCopy);
    notVaulted = app.writeKeyFile('SubscriptionKey_NEWKEY0001.p8', app.downloadsFolder);
    projects = path.join(app.folder, 'projects');
    mkdirSync(path.join(projects, 'app', 'node_modules'), { recursive: true });
    projectCopy = path.join(projects, 'app', 'signing.pem');
    copyFileSync(imported, projectCopy);
    app.writeKeyFile('AuthKey_DEPKEY0001.p8', path.join(projects, 'app', 'node_modules'));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('scans the usual places and a chosen folder, tells vaulted copies from keys to import, and trashes the copies after one confirmation', async () => {
    const page = await openUnlocked(app, 'stray-copies');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Stray copies', exact: true }).click();
    await page.getByRole('heading', { name: 'Stray copies', exact: true }).waitFor();
    await page.getByText(app.downloadsFolder).waitFor();

    app.queueDialogAnswer(projects);
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    await page.getByRole('list', { name: 'Folders you added' }).getByText(projects).waitFor();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();

    const found = page.getByRole('list', { name: 'Files holding private keys' }).getByRole('listitem');
    await expect.poll(() => found.allTextContents()).toEqual(
      [
        expect.stringMatching(new RegExp(`^${vaultedCopy}.*a copy of "CI uploads" \\(TEAMKEY001\\), which the vault holds$`)),
        expect.stringMatching(new RegExp(`^${notVaulted}.*not in the vault \\(Key ID NEWKEY0001 from its name\\) Import…$`)),
        expect.stringMatching(new RegExp(`^${projectCopy}.*a copy of "CI uploads"`)),
      ],
    );
    expect(await page.getByText('DEPKEY0001').count()).toBe(0);
    await screenshots(page, 'found');

    await page.getByRole('button', { name: 'Move 2 copies of vaulted keys to the trash…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Move these 2 files to the system trash?').waitFor();
    await screenshots(page, 'confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(existsSync(vaultedCopy)).toBe(true);

    await page.getByRole('button', { name: 'Move 2 copies of vaulted keys to the trash…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Move to the trash' }).click();
    await page.getByText('Moved 2 files to the trash.').waitFor();
    expect([existsSync(vaultedCopy), existsSync(projectCopy), existsSync(notVaulted)]).toEqual([false, false, true]);
    await expect.poll(() => found.count()).toBe(1);
    await screenshots(page, 'trashed');
    expectNoKeyMaterial(app.transport.responses);
  }, 120_000);

  it('imports a found key the vault lacks with one click and the add-key form, then offers its copy for the trash', async () => {
    const page = await openUnlocked(app, 'stray-copies-import');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Stray copies', exact: true }).click();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    const row = page.getByRole('list', { name: 'Files holding private keys' }).getByRole('listitem').filter({ hasText: notVaulted });
    await row.getByText('not in the vault (Key ID NEWKEY0001 from its name)').waitFor();

    const importButton = row.getByRole('button', { name: 'Import…' });
    expect(await importButton.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).textContent())).toBe(notVaulted);
    const form = row.getByRole('region', { name: 'Add a key' });
    // From the keyboard: the form takes focus, and Escape (nothing typed yet) gives it back to the row's button.
    await importButton.focus();
    await page.keyboard.press('Enter');
    await form.getByLabel('Key ID').waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('stray-import');
    await page.keyboard.press('Escape');
    await expect.poll(() => importButton.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await form.count()).toBe(0);

    await importButton.click();
    await form.getByText('SubscriptionKey_NEWKEY0001.p8 · a valid P-256 private key').waitFor();
    expect(await form.getByRole('radio', { name: /In-App Purchase/ }).isChecked()).toBe(true);
    expect(await form.getByLabel('Key ID').inputValue()).toBe('NEWKEY0001');
    await form.getByLabel('Issuer ID').fill(ISSUER_ID);
    await form.getByLabel('Name (optional)').fill('Server notifications');
    // What was typed is not thrown away by a stray Escape.
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep editing' }).click();
    expect(await form.getByLabel('Name (optional)').inputValue()).toBe('Server notifications');
    await screenshots(page, 'import-form');
    expect(await axeFindings(page)).toEqual([]);

    await form.getByRole('button', { name: 'Add to vault' }).click();
    const added = page.getByText('Added “Server notifications” (NEWKEY0001) to the vault.');
    await added.waitFor();
    await expect.poll(() => added.evaluate((element) => element === document.activeElement)).toBe(true);
    await row.getByText('a copy of "Server notifications" (NEWKEY0001), which the vault holds').waitFor();
    expect(await row.getByRole('button', { name: 'Import…' }).count()).toBe(0);
    expect(app.services.keys.listKeys().map((key) => key.keyId).sort()).toEqual(['NEWKEY0001', 'TEAMKEY001']);
    await screenshots(page, 'imported');

    await page.getByRole('button', { name: 'Move 1 copy of vaulted keys to the trash…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Move to the trash' }).click();
    await page.getByText('Moved 1 file to the trash.').waitFor();
    expect(existsSync(notVaulted)).toBe(false);
    expectNoKeyMaterial(app.transport.responses);
  }, 120_000);

  it('tells the user to scan again when a found key file changed before the import', async () => {
    const changing = app.writeKeyFile('AuthKey_CHANGED001.p8', app.downloadsFolder);
    const page = await openUnlocked(app, 'stray-copies-changed');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Stray copies', exact: true }).click();
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    const row = page.getByRole('list', { name: 'Files holding private keys' }).getByRole('listitem').filter({ hasText: changing });
    await row.getByRole('button', { name: 'Import…' }).waitFor();
    app.writeKeyFile('AuthKey_CHANGED001.p8', app.downloadsFolder);

    await row.getByRole('button', { name: 'Import…' }).click();
    await row.getByRole('alert').getByText('AuthKey_CHANGED001.p8 changed or went away since the scan. Scan again, then import it from the new results.').waitFor();
    expect(await row.getByRole('region', { name: 'Add a key' }).count()).toBe(0);
    await screenshots(page, 'changed');
    expect(app.services.keys.listKeys().map((key) => key.keyId)).not.toContain('CHANGED001');
  }, 60_000);
});
