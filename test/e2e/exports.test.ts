import { createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const spki = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();

/** Picks a target and waits for a checklist line of its own: the previous target's preview stays on show until main has answered for this one. */
async function chooseTarget(page: Page, target: string, checklistLine: string): Promise<void> {
  await page.getByLabel('Export to').selectOption(target);
  await page.getByText(checklistLine).waitFor();
}

describe('exports in the browser', () => {
  let harness: AppHarness;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    files.iap = harness.writeKeyFile('SubscriptionKey_IAPEXPORT1.p8');
    files.team = harness.writeKeyFile('AuthKey_TEAMEXPRT1.p8');
    await harness.services.keys.importKey({ source: { type: 'file', path: files.iap }, issuerId: ISSUER_ID, bundleIds: ['com.example.fitness'], name: 'Fitness IAP' });
    await harness.services.keys.importKey({ source: { type: 'file', path: files.team }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI team key' });
    files.individual = harness.writeKeyFile('AuthKey_INDVEXPRT1.p8');
    await harness.services.keys.importKey({ source: { type: 'file', path: files.individual }, kind: 'asc-individual', name: 'My own key' });
  });
  afterAll(() => harness?.close());

  async function openExport(name: string, keyName: RegExp) {
    const page = await openUnlocked(harness, name);
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: keyName }).click();
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('heading', { name: /^Export “/ }).waitFor();
    return page;
  }

  it('exports an In-App Purchase key to Adapty into the folder main asks for', async () => {
    const page = await openExport('exports-adapty', /Fitness IAP/);
    await chooseTarget(page, 'adapty', 'In the Adapty dashboard, open App settings');
    expect(await page.getByLabel('Bundle ID').inputValue()).toBe('com.example.fitness');
    const valueOf = (label: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) }).locator('code');
    expect(await valueOf('In-App Purchase API (StoreKit 2) · In-App Purchase Key ID').textContent()).toBe('IAPEXPORT1');
    expect(await valueOf('In-App Purchase API (StoreKit 2) · In-App Purchase Issuer ID').textContent()).toBe(ISSUER_ID);
    await saveScreenshot(page, 'exports-adapty-preview');

    const folder = path.join(harness.folder, 'adapty-export');
    mkdirSync(folder);
    harness.queueDialogAnswer(folder);
    await page.getByRole('button', { name: 'Write files…' }).click();
    await page.getByText(`Written to ${folder}`).waitFor();
    const written = path.join(folder, 'SubscriptionKey_IAPEXPORT1.p8');
    expect(readFileSync(written, 'utf8')).toBe(readFileSync(files.iap!, 'utf8'));
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(harness.services.keys.listKeys('IAPEXPORT1')[0]?.exports.map((entry) => entry.target)).toEqual(['adapty']);
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('keeps the values, copy buttons and checklist once the files are written, and shows them in their folder', async () => {
    const page = await openExport('exports-written-stays', /Fitness IAP/);
    await chooseTarget(page, 'apphud', 'In Apphud, open your app’s Settings');
    const folder = path.join(harness.folder, 'apphud-export');
    mkdirSync(folder);
    harness.queueDialogAnswer(folder);
    await page.getByRole('button', { name: 'Write files…' }).click();
    await page.getByText(`Written to ${folder}`).waitFor();

    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Written to ${folder}`);
    expect(await page.getByRole('heading', { name: 'Checklist' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Values to paste' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy', exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Write files…' }).count()).toBe(0);
    await saveScreenshot(page, 'exports-written');

    const asked = page.waitForRequest((request) => request.url().endsWith('/ipc/exports.showInFolder'));
    await page.getByRole('button', { name: 'Show in folder' }).click();
    // The page names the export by main's id; main alone knows the path.
    expect(Object.keys((await asked).postDataJSON())).toEqual(['exportId']);
    await expect.poll(() => harness.shownInFolder).toEqual([path.join(folder, 'SubscriptionKey_IAPEXPORT1.p8')]);

    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('heading', { name: 'Fitness IAP' }).waitFor();
  });

  it('opens on a target that takes the key’s kind, and on the one it went to last', async () => {
    const team = await openExport('exports-default-team', /CI team key/);
    expect(await team.getByLabel('Export to').inputValue()).toBe('fastlane');
    expect(await team.getByRole('alert').count()).toBe(0);

    const iap = await openExport('exports-default-iap', /Fitness IAP/);
    // Written to Apphud (above) or Adapty (below) already, whichever ran: it opens there.
    const last = harness.services.keys.listKeys('IAPEXPORT1')[0]!.exports.at(-1)?.target ?? 'revenuecat';
    expect(await iap.getByLabel('Export to').inputValue()).toBe(last);
    expect(await iap.getByRole('alert').count()).toBe(0);
  });

  it('exports a team key as fastlane API key JSON', async () => {
    const page = await openExport('exports-fastlane', /CI team key/);
    await chooseTarget(page, 'fastlane', 'Pass it to actions with api_key_path');
    const duration = page.getByLabel('Token duration (seconds, at most 1140)');
    expect(await duration.inputValue()).toBe('500');
    await page.getByText('so each lives 560 seconds').waitFor();
    await duration.fill('1141');
    await page.getByText(/^At most 1140 seconds: fastlane signs each token from 60 seconds before now/).waitFor();
    expect(await duration.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Write files…' }).isDisabled()).toBe(true);
    await duration.fill('1140');
    await page.getByText('so each lives 1200 seconds').waitFor();
    await duration.fill('500');
    await page.getByText('so each lives 560 seconds').waitFor();
    await saveScreenshot(page, 'exports-fastlane-preview');
    const folder = path.join(harness.folder, 'fastlane-export');
    mkdirSync(folder);
    harness.queueDialogAnswer(folder);
    await page.getByRole('button', { name: 'Write files…' }).click();
    await page.getByText(`Written to ${folder}`).waitFor();

    const json = JSON.parse(readFileSync(path.join(folder, 'fastlane_api_key_TEAMEXPRT1.json'), 'utf8'));
    expect(Object.keys(json).sort()).toEqual(['duration', 'in_house', 'issuer_id', 'key', 'key_id']);
    expect(json).toMatchObject({ key_id: 'TEAMEXPRT1', issuer_id: ISSUER_ID, duration: 500, in_house: false });
    expect(spki(json.key)).toBe(spki(readFileSync(files.team!, 'utf8')));
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('exports an individual key as fastlane API key JSON without issuer_id, saying which fastlane it needs', async () => {
    const page = await openExport('exports-fastlane-individual', /My own key/);
    for (const target of ['github-actions', 'codemagic', 'adapty']) expect(await page.locator(`option[value="${target}"]`).isDisabled(), target).toBe(true);
    for (const target of ['fastlane', 'asc-cli', 'altool', 'dotenv']) expect(await page.locator(`option[value="${target}"]`).isDisabled(), target).toBe(false);
    await chooseTarget(page, 'fastlane', 'Pass it to actions with api_key_path');
    await page.getByText(/Individual keys need fastlane 2\.221 or later/).waitFor();
    expect(await page.getByRole('rowheader', { name: 'APP_STORE_CONNECT_API_KEY_KEY_ID' }).count()).toBe(1);
    expect(await page.getByRole('rowheader', { name: 'APP_STORE_CONNECT_API_KEY_ISSUER_ID' }).count()).toBe(0);
    await saveScreenshot(page, 'exports-fastlane-individual-preview');
    const folder = path.join(harness.folder, 'fastlane-individual-export');
    mkdirSync(folder);
    harness.queueDialogAnswer(folder);
    await page.getByRole('button', { name: 'Write files…' }).click();
    await page.getByText(`Written to ${folder}`).waitFor();

    const text = readFileSync(path.join(folder, 'fastlane_api_key_INDVEXPRT1.json'), 'utf8');
    expect(Object.keys(JSON.parse(text))).toEqual(['key_id', 'key', 'duration', 'in_house']);
    expect(JSON.parse(text)).toEqual({ key_id: 'INDVEXPRT1', key: readFileSync(files.individual!, 'utf8').trimEnd(), duration: 500, in_house: false });
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('renames a GitHub secret, checking the name as it is typed, and the preview and the script use the new name', async () => {
    const page = await openExport('exports-github-secret-names', /CI team key/);
    await chooseTarget(page, 'github-actions', 'Install the GitHub CLI and sign in: gh auth login.');
    const privateKeyName = page.getByLabel('Secret for the private key');
    expect(await privateKeyName.inputValue()).toBe('APPSTORE_API_PRIVATE_KEY');

    await privateKeyName.fill('GITHUB_P8');
    await page.getByText('GitHub secret names cannot start with GITHUB_.').waitFor();
    expect(await privateKeyName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: 'Write files…' }).isDisabled()).toBe(true);
    await page.getByLabel('Secret for the Key ID').fill('appstore_issuer_id');
    await page.getByText('Give each value its own name.').waitFor();
    // The clash shows on the field just renamed, not on the untouched Issuer ID field whose name it took.
    expect(await page.getByLabel('Secret for the Key ID').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Secret for the Issuer ID').getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Secret for the Key ID').fill('APPSTORE_API_KEY_ID');

    await privateKeyName.fill('ASC_PRIVATE_KEY');
    await page.getByRole('rowheader', { name: 'ASC_PRIVATE_KEY' }).waitFor();
    await page.getByText('it sets APPSTORE_ISSUER_ID, APPSTORE_API_KEY_ID and ASC_PRIVATE_KEY on').waitFor();
    await saveScreenshot(page, 'exports-github-secret-names');

    const folder = path.join(harness.folder, 'github-export');
    mkdirSync(folder);
    harness.queueDialogAnswer(folder);
    await page.getByRole('button', { name: 'Write files…' }).click();
    await page.getByText(`Written to ${folder}`).waitFor();
    const script = readFileSync(path.join(folder, 'github-secrets-TEAMEXPRT1.sh'), 'utf8');
    expect(script).toContain('gh secret set ASC_PRIVATE_KEY < "$key_file"');
    expect(script).toContain('gh secret set APPSTORE_API_KEY_ID --body TEAMEXPRT1');
    expect(script).not.toContain('APPSTORE_API_PRIVATE_KEY');
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('offers only the targets the key’s kind can go to, and copies the private key through main', async () => {
    const page = await openExport('exports-codemagic', /CI team key/);
    expect(await page.locator('option[value="adapty"]').isDisabled()).toBe(true);
    await chooseTarget(page, 'codemagic', 'In Codemagic, open your app’s settings');
    await page.getByRole('button', { name: 'Copy APP_STORE_CONNECT_PRIVATE_KEY' }).click();
    await page.getByText(/Copied; clears in/).first().waitFor();
    expect(spki(harness.clipboardText())).toBe(spki(readFileSync(files.team!, 'utf8')));
    expectNoKeyMaterial(harness.transport.responses);
  });
});
