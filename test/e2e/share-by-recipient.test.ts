import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const SECOND_VAULT_PASSPHRASE = 'copper meadow ninety harbour';

async function openBackupShare(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Backup & share', exact: true }).click();
  await page.getByRole('heading', { name: 'Backup & share', exact: true }).waitFor();
}

async function screenshots(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await saveScreenshot(page, `share-by-recipient-${name}-${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('sharing keys by public key in the browser', () => {
  let sender: AppHarness;
  let receiver: AppHarness;
  let shared: string;

  beforeAll(async () => {
    sender = await startAppHarness();
    receiver = await startAppHarness();
    shared = mkdtempSync(path.join(tmpdir(), 'vault-e2e-recipient-'));
    receiver.addSecret(SECOND_VAULT_PASSPHRASE);
    await sender.vault.create(E2E_PASSPHRASE);
    await sender.services.keys.importKey({ source: { type: 'file', path: sender.writeKeyFile('AuthKey_TEAMKEY001.p8') }, issuerId: ISSUER_ID, name: 'CI uploads' });
    await receiver.vault.create(SECOND_VAULT_PASSPHRASE);
  });

  afterAll(async () => {
    rmSync(shared, { recursive: true, force: true });
    await sender?.close();
    await receiver?.close();
  });

  it('shows the vault’s recipient to copy, encrypts a bundle to it in another vault, and imports it there without a passphrase', async () => {
    const receiverPage = await openUnlocked(receiver, 'recipient-receiver');
    await openBackupShare(receiverPage);
    const identityPart = receiverPage.getByRole('region', { name: 'Receive keys without a passphrase' });
    const shown = identityPart.locator('code').filter({ hasText: /^age1/ });
    await shown.waitFor();
    const recipient = (await shown.textContent()) ?? '';
    expect(recipient).toBe(await receiver.services.ageIdentity.recipient());
    await identityPart.getByRole('button', { name: 'Copy recipient' }).click();
    await screenshots(receiverPage, 'identity');

    const senderPage = await openUnlocked(sender, 'recipient-sender');
    await openBackupShare(senderPage);
    const sharePart = senderPage.getByRole('region', { name: 'Share keys to a teammate’s public key' });
    const save = sharePart.getByRole('button', { name: 'Save bundle for recipients…' });
    await sharePart.getByRole('checkbox', { name: /CI uploads/ }).check();
    expect(await save.isDisabled()).toBe(true);

    await sharePart.getByLabel('Recipients, one per line').fill('age1 this is not one');
    await save.click();
    const refusal = sharePart.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-error-code')).toBe('BAD_RECIPIENT');
    await screenshots(senderPage, 'bad-recipient');

    const bundleFile = path.join(shared, 'for-receiver.age');
    await sharePart.getByLabel('Recipients, one per line').fill(`${recipient}\n`);
    sender.queueDialogAnswer(bundleFile);
    await save.click();
    await sharePart.getByText('Saved 1 key to').waitFor();
    expect(readFileSync(bundleFile, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    await screenshots(senderPage, 'shared');

    const importPart = receiverPage.getByRole('region', { name: 'Import a teammate’s bundle' });
    receiver.queueDialogAnswer(bundleFile);
    await importPart.getByRole('button', { name: 'Choose a bundle…' }).click();
    await importPart.getByText('encrypted to age public keys, not a passphrase').waitFor();
    expect(await importPart.getByLabel('Passphrase of the bundle').count()).toBe(0);
    await importPart.getByRole('button', { name: 'Open the bundle' }).click();
    await importPart.getByRole('button', { name: 'Import 1 key' }).click();
    await importPart.getByText('Added 1 key from the bundle: CI uploads.').waitFor();
    expect(receiver.services.keys.listKeys().map((key) => key.keyId)).toEqual(['TEAMKEY001']);
    await screenshots(receiverPage, 'imported');

    expectNoKeyMaterial(sender.transport.responses);
    expectNoKeyMaterial(receiver.transport.responses);
  }, 120_000);
});
