import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appStoreConnectP8, generateP256Key } from '../helpers/keys';
import { saveScreenshot, screenshotOnFailure } from '../e2e/support/browser';
import { E2E_PASSPHRASE } from '../e2e/support/e2e-passphrase';
import { decideInstalledElectronRun } from './electron-binary';

const START_APP = fileURLToPath(new URL('./start-app.cjs', import.meta.url));
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

/** The built app in Electron itself: its real main process, preload, IPC and native-dialog wiring, not the loopback. */
describe('the app inside Electron', () => {
  let folder: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    const decision = decideInstalledElectronRun();
    if (!decision.run) throw new Error(decision.message);
    folder = mkdtempSync(path.join(tmpdir(), 'vault-electron-'));
    mkdirSync(path.join(folder, 'userData'));
    mkdirSync(path.join(folder, 'Downloads'));
    const env = Object.fromEntries(Object.entries({ ...process.env, ASC_E2E_APP_FOLDER: folder }).filter((entry): entry is [string, string] => entry[1] !== undefined));
    app = await electron.launch({ executablePath: decision.executablePath, args: [START_APP], env });
    page = await app.firstWindow();
    screenshotOnFailure(page, 'electron-app');
  });
  afterAll(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('opens on the first screen, with the vault in the app data folder', async () => {
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    expect(await page.getByText(path.join(folder, 'userData', 'vault.sqlite')).isVisible()).toBe(true);
  });

  it('gives the page window.vault from the preload and nothing of Node', async () => {
    const globals = await page.evaluate(() => ({
      vaultStatus: typeof window.vault.vaultStatus,
      frozen: Object.isFrozen(window.vault),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));

    expect(globals).toEqual({ vaultStatus: 'function', frozen: true, require: 'undefined', process: 'undefined' });
  });

  it("answers a malformed request through Electron's IPC with main's typed error", async () => {
    const answer = await page.evaluate(() => window.vault.vaultUnlock({ passphrase: 42 as unknown as string }));

    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('creates a vault, imports a key chosen in the native open dialog, locks and unlocks', async () => {
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByLabel('Type it again').fill(E2E_PASSPHRASE);
    await page.getByLabel(/no recovery/).check();
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByText('No keys yet.').waitFor();
    const vaultFile = path.join(folder, 'userData', 'vault.sqlite');
    if (process.platform !== 'win32') expect(statSync(vaultFile).mode & 0o777).toBe(0o600);

    const pem = appStoreConnectP8(generateP256Key());
    const keyFile = path.join(folder, 'SubscriptionKey_ABCDE12345.p8');
    writeFileSync(keyFile, pem);
    // The dialog main shows answers with the key file, as a user picking it would.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
    }, keyFile);
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('ABCDE12345');
    await page.getByLabel('Issuer ID').fill(ISSUER_ID);
    await page.getByLabel('Name (optional)').fill('Fitness subscriptions');
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByRole('heading', { name: 'Fitness subscriptions' }).waitFor();
    await saveScreenshot(page, 'electron-key-imported');
    const html = await page.content();
    expect(html).not.toContain('PRIVATE KEY');
    expect(html).not.toContain(pem.split('\n')[1]);

    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    const rows = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('ABCDE12345')]);
  });
});
