import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeFindings } from './support/axe-findings';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
const EXPORT_FOLDER = '/home/ann/ci/fastlane';

describe('where a key is used, on its page', () => {
  let harness: AppHarness;
  let keyId = '';

  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    const file = harness.writeKeyFile('AuthKey_TEAMKEY001.p8');
    const { key } = await harness.services.keys.importKey({ source: { type: 'file', path: file }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI team key' });
    keyId = key.id;
    harness.services.keys.recordExport(keyId, 'fastlane', EXPORT_FOLDER);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('lists the exports, and adds, renames and removes places from the keyboard, asking before it removes', async () => {
    const page = await openUnlocked(harness, 'where-used');
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
    const section = page.getByRole('region', { name: 'Where used' });
    await section.getByText('Exported to fastlane').waitFor();
    await section.getByText(EXPORT_FOLDER, { exact: true }).waitFor();
    await page.getByText('today', { exact: false }).first().waitFor();

    const field = section.getByRole('textbox', { name: 'Add a place' });
    await field.fill('RevenueCat project Fitness');
    await field.press('Enter');
    await section.getByText('RevenueCat project Fitness', { exact: true }).waitFor();
    expect(await field.inputValue()).toBe('');
    await field.fill('Bitrise workflow');
    await field.press('Enter');
    await section.getByText('Bitrise workflow', { exact: true }).waitFor();

    await section.getByRole('button', { name: 'Rename “Bitrise workflow”' }).press('Enter');
    const rename = section.getByRole('textbox', { name: 'Place', exact: true });
    expect(await rename.evaluate((element) => element === document.activeElement)).toBe(true);
    await rename.fill('Bitrise workflow “release”');
    await rename.press('Enter');
    await section.getByText('Bitrise workflow “release”', { exact: true }).waitFor();

    await section.getByRole('button', { name: 'Remove “RevenueCat project Fitness”' }).press('Enter');
    const question = page.getByRole('alertdialog', { name: 'Remove “RevenueCat project Fitness”?' });
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await section.getByText('RevenueCat project Fitness', { exact: true }).count()).toBe(1);
    await page.getByRole('heading', { name: 'CI team key' }).waitFor();

    await section.getByRole('button', { name: 'Remove “RevenueCat project Fitness”' }).press('Enter');
    await question.getByRole('button', { name: 'Remove', exact: true }).press('Enter');
    await section.getByText('RevenueCat project Fitness', { exact: true }).waitFor({ state: 'detached' });
    expect(harness.services.keys.getKey(keyId).usedIn.map((entry) => entry.label)).toEqual(['Bitrise workflow “release”']);
    await field.fill('RevenueCat project Fitness');
    await field.press('Enter');
    await section.getByText('RevenueCat project Fitness', { exact: true }).waitFor();
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('reads in light and dark, with no accessibility findings', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openUnlocked(harness, `where-used-${scheme}`, scheme);
      await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
      await page.getByRole('region', { name: 'Where used' }).getByText('Exported to fastlane').waitFor();
      await saveScreenshot(page, `where-used-${scheme}`);
      expect(await axeFindings(page), scheme).toEqual([]);
    }
  });
});
