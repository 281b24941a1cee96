import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

describe('signing in the browser', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
    await harness.vault.create(E2E_PASSPHRASE);
    const file = harness.writeKeyFile('AuthKey_TEAMKEY001.p8');
    await harness.services.keys.importKey({ source: { type: 'file', path: file }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI team key' });
  });
  afterAll(() => harness?.close());

  it('issues a team token, copies it, and the inspector verifies it against the vault key', async () => {
    const page = await openUnlocked(harness, 'sign-token');
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    expect(await page.getByLabel('What to sign').inputValue()).toBe('asc-team');

    await page.getByLabel('Lifetime (minutes)').fill('25');
    await page.getByRole('button', { name: 'Issue token' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/20 minutes/);

    await page.getByLabel('Lifetime (minutes)').fill('10');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.getByLabel('Token text').waitFor();
    expect(await page.getByRole('timer').textContent()).toMatch(/expires in 00:(0\d|10):\d\d/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByText(/Copied; clears in/).first().waitFor();
    const token = harness.clipboardText();
    expect(token.split('.')).toHaveLength(3);
    expect(await page.getByText('Issued in this session').isVisible()).toBe(true);
    await saveScreenshot(page, 'sign-token');

    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    await page.getByLabel('Token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    await page.getByText('Signature verified with “CI team key” (TEAMKEY001)').waitFor();
    expect(await page.locator('.finding--error').count()).toBe(0);
    await saveScreenshot(page, 'sign-inspector');

    await page.getByLabel('Token', { exact: true }).fill(`${token.slice(0, -4)}AAAA`);
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    await page.getByText(/does not match “CI team key”/).waitFor();

    expectNoKeyMaterial(harness.transport.responses);
  });
});
