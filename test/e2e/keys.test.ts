import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLE_PAGES } from '../../src-shared/apple/apple-pages';
import { dropFile, saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

describe('keys in the browser', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  const keyFile = (name: string) => harness.writeKeyFile(name);

  it('imports a key chosen in the dialog, lists it, searches it and copies its Key ID', async () => {
    const page = await openUnlocked(harness, 'keys-import');
    harness.queueDialogAnswer(keyFile('SubscriptionKey_ABCDE12345.p8'));

    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('ABCDE12345');
    expect(await page.getByLabel('In-App Purchase key').isChecked()).toBe(true);

    const add = page.getByRole('button', { name: 'Add to vault' });
    expect(await add.isDisabled()).toBe(true);
    await page.getByLabel('Issuer ID').fill('ABCDE12345');
    expect(await page.getByText('This looks like a Key ID, not an Issuer ID').isVisible()).toBe(true);
    await page.getByLabel('Issuer ID').fill(ISSUER_ID.toUpperCase());
    await page.getByLabel('Bundle IDs (optional)').fill('com.example.fitness');
    await page.getByLabel('Name (optional)').fill('Fitness subscriptions');
    await saveScreenshot(page, 'keys-import-form');
    await add.click();

    await page.getByText('is in the vault').waitFor();
    await page.getByRole('heading', { name: 'Fitness subscriptions' }).waitFor();
    expect(await page.getByText(ISSUER_ID, { exact: true }).isVisible()).toBe(true);
    await saveScreenshot(page, 'keys-imported');

    await page.getByRole('button', { name: 'Copy Key ID' }).click();
    await page.getByText(/Copied; clears in 60 s/).waitFor();
    expect(harness.clipboardText()).toBe('ABCDE12345');

    harness.queueDialogAnswer(keyFile('AuthKey_QWERTY1234.p8'));
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('a valid P-256 private key').waitFor();
    await page.getByLabel('Issuer ID').fill(ISSUER_ID);
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('is in the vault').waitFor();

    const rows = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByLabel('Search keys').fill('fitness');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('ABCDE12345');
    await page.getByLabel('Search keys').fill('QWERTY');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('QWERTY1234')]);

    expectNoKeyMaterial(harness.transport.responses);
  });

  it('picks up a key arriving in Downloads, imports it, and deletes the plaintext file on request', async () => {
    const page = await openUnlocked(harness, 'keys-downloads');
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByText(/Waiting for/).waitFor();
    await saveScreenshot(page, 'keys-downloads-waiting');
    const arrived = harness.writeKeyFile('AuthKey_DOWNLOAD01.p8', harness.downloadsFolder);

    await page.getByText('Source: AuthKey_DOWNLOAD01.p8').waitFor();
    // The source line shows as soon as the file arrives; the Key ID is filled in once main has checked it.
    await page.getByText('a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('DOWNLOAD01');
    await page.getByLabel('App Store Connect API individual key').check();
    expect(await page.getByLabel('Issuer ID').count()).toBe(0);
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('is in the vault').waitFor();
    await page.getByRole('button', { name: 'Delete AuthKey_DOWNLOAD01.p8' }).click();
    await page.getByText('The plaintext file was deleted.').waitFor();
    expect(existsSync(arrived)).toBe(false);
  });

  it('imports a key file dropped on the add-key panel, and explains a drop that is not a file', async () => {
    const page = await openUnlocked(harness, 'keys-drop');
    await page.getByRole('button', { name: 'Add key' }).click();
    const panel = page.locator('.drop-zone');

    await dropFile(panel, null);
    await page.locator('[data-error-code="FILE_UNREADABLE"]').getByText('Use “Choose file…” instead').waitFor();
    await saveScreenshot(page, 'keys-drop-not-a-file');

    await dropFile(panel, keyFile('AuthKey_DROPPED001.p8'));
    await page.getByText('Source: AuthKey_DROPPED001.p8 · a valid P-256 private key').waitFor();
    expect(await page.locator('[data-error-code="FILE_UNREADABLE"]').count()).toBe(0);
    expect(await page.getByLabel('Key ID').inputValue()).toBe('DROPPED001');
    await page.getByLabel('Issuer ID').fill(ISSUER_ID);
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('is in the vault').waitFor();
    expect(harness.services.keys.listKeys('DROPPED001').map((key) => key.originalFileName)).toEqual(['AuthKey_DROPPED001.p8']);
    // The dropped file is the one main took from the drop, so it may delete that one.
    await page.getByRole('button', { name: 'Delete AuthKey_DROPPED001.p8' }).click();
    await page.getByText('The plaintext file was deleted.').waitFor();
    expect(existsSync(path.join(harness.folder, 'AuthKey_DROPPED001.p8'))).toBe(false);
  });

  it('never lets the page name a file: a bare path is refused, and a File the page made gets no handle', async () => {
    const page = await openUnlocked(harness, 'keys-no-path');
    const file = keyFile('AuthKey_PAGEPATH01.p8');
    const answers = await page.evaluate(async (filePath) => {
      const inspect = await window.vault.keysInspect({ source: { type: 'file', path: filePath } as never });
      const made = await window.vault.registerDroppedFile(new File(['-----BEGIN PRIVATE KEY-----'], 'AuthKey_PAGEPATH01.p8'));
      const guessed = await window.vault.keysOpenDroppedFile({ handle: 'guessed-handle' });
      return { inspect, made, guessed };
    }, file);
    expect(answers.inspect).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('never a path') } });
    expect(answers.made).toEqual({ ok: true, value: null });
    expect(answers.guessed).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(harness.services.keys.listKeys('PAGEPATH01')).toEqual([]);
  });

  it('opens the add-key panel on a key file dropped anywhere on the Keys screen', async () => {
    const page = await openUnlocked(harness, 'keys-drop-screen');
    const keysHeading = page.getByRole('heading', { name: 'Keys', exact: true });

    await dropFile(keysHeading, null);
    expect(await page.getByRole('heading', { name: 'Add a key' }).count()).toBe(0);

    await dropFile(keysHeading, keyFile('SubscriptionKey_SCREENDRP1.p8'));
    await page.getByText('Source: SubscriptionKey_SCREENDRP1.p8 · a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('SCREENDRP1');
    expect(await page.getByLabel('In-App Purchase key').isChecked()).toBe(true);

    // With the panel open, a drop beside it replaces the file being added and keeps what was typed.
    await page.getByLabel('Name (optional)').fill('Dropped beside the form');
    await dropFile(page.getByLabel('Search keys'), keyFile('AuthKey_SCREENDRP2.p8'));
    await page.getByText('Source: AuthKey_SCREENDRP2.p8 · a valid P-256 private key').waitFor();
    expect(await page.getByLabel('Key ID').inputValue()).toBe('SCREENDRP2');
    expect(await page.getByLabel('Name (optional)').inputValue()).toBe('Dropped beside the form');
    await page.getByLabel('Issuer ID').fill(ISSUER_ID);
    await page.getByLabel('Environment (optional)').selectOption({ label: 'Production' });
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('is in the vault').waitFor();
    expect(await page.locator('dt:text-is("Environment") + dd').textContent()).toBe('Production');
    expect(harness.services.keys.listKeys('SCREENDRP').map((key) => [key.originalFileName, key.environment])).toEqual([['AuthKey_SCREENDRP2.p8', 'production']]);

    // While a key is being edited, a drop on the screen leaves the edit form alone.
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.getByLabel('Notes').fill('typed before the drop');
    await dropFile(keysHeading, keyFile('AuthKey_SCREENDRP3.p8'));
    expect(await page.getByLabel('Notes').inputValue()).toBe('typed before the drop');
    expect(await page.getByRole('heading', { name: 'Add a key' }).count()).toBe(0);
  });

  it('shows a Key ID that disagrees with the file name and adds nothing', async () => {
    const page = await openUnlocked(harness, 'keys-mismatch');
    const before = harness.services.keys.listKeys().length;
    harness.queueDialogAnswer(keyFile('AuthKey_MISMATCH01.p8'));
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('a valid P-256 private key').waitFor();
    await page.getByLabel('Key ID').fill('OTHERKEY99');
    await page.getByLabel('Issuer ID').fill(ISSUER_ID);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/OTHERKEY99[\s\S]*MISMATCH01|MISMATCH01[\s\S]*OTHERKEY99/);
    expect(await page.getByRole('button', { name: 'Add to vault' }).isDisabled()).toBe(true);
    await page.getByLabel('In-App Purchase key').check();
    await saveScreenshot(page, 'keys-mismatch');
    expect(harness.services.keys.listKeys()).toHaveLength(before);
  });

  it('edits, revokes and deletes a key only after its Key ID is typed back', async () => {
    const page = await openUnlocked(harness, 'keys-manage');
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /QWERTY1234/ }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Name').fill('CI uploads');
    await page.getByLabel('Tags').fill('ci, fastlane');
    await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'Sandbox' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'CI uploads' }).waitFor();
    expect(await page.locator('dt:text-is("Environment") + dd').textContent()).toBe('Sandbox');
    expect(harness.services.keys.listKeys('QWERTY').map((key) => key.environment)).toEqual(['sandbox']);

    await page.getByRole('button', { name: 'Mark as revoked…' }).click();
    const revoke = page.getByRole('alertdialog', { name: 'Mark “CI uploads” as revoked here?' });
    expect(await revoke.textContent()).toContain('Apple keeps accepting the key until you revoke it in App Store Connect');
    await revoke.getByRole('button', { name: 'Open App Store Connect ↗' }).click();
    await expect.poll(() => harness.openedPages).toContain(APPLE_PAGES['api-team-keys']);
    await saveScreenshot(page, 'keys-revoke-confirm');
    await revoke.getByRole('button', { name: 'Mark as revoked here' }).click();
    await page.getByRole('button', { name: 'Mark as active' }).waitFor();
    expect(harness.services.keys.listKeys('QWERTY').map((key) => key.revoked)).toEqual([true]);

    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('button', { name: 'Delete for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('Key ID to confirm').fill('qwerty1234');
    await saveScreenshot(page, 'keys-delete-confirm');
    await confirm.click();
    await expect.poll(() => harness.services.keys.listKeys('QWERTY').length).toBe(0);
    // Main deletes before it answers; the page drops the key only once the answer is back.
    await page.getByRole('heading', { name: 'CI uploads' }).waitFor({ state: 'detached' });
  });
});
