import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
        expect.stringMatching(new RegExp(`^${notVaulted}.*not in the vault \\(Key ID NEWKEY0001 from its name\\): import it`)),
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
});
