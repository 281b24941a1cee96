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
    const iapFile = harness.writeKeyFile('SubscriptionKey_IAPKEY0001.p8');
    await harness.services.keys.importKey({ source: { type: 'file', path: iapFile }, kind: 'in-app-purchase', issuerId: ISSUER_ID, name: 'Shop key', bundleIds: ['com.example.app'] });
  });
  afterAll(() => harness?.close());

  it('issues a team token, copies it, and the inspector verifies it against the vault key', async () => {
    const page = await openUnlocked(harness, 'sign-token');
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    expect(await page.getByLabel('What to sign').inputValue()).toBe('asc-team');

    // Over Apple's limit: said by the field as it is typed, and nothing can be issued.
    await page.getByLabel('Lifetime (minutes)').fill('25');
    await page.getByText(/may live at most 20 minutes; this one would live 25 minutes/).waitFor();
    expect(await page.getByRole('button', { name: 'Issue token' }).isDisabled()).toBe(true);

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

  it('checks the lifetime and the backdate as they are typed, and issues nothing while either is wrong', async () => {
    const page = await openSignScreen('sign-validation');
    const issue = page.getByRole('button', { name: 'Issue token' });
    const lifetime = page.getByLabel('Lifetime (minutes)');
    const backdate = page.getByLabel('Backdate iat (seconds, 0–60)');
    expect(await issue.isEnabled()).toBe(true);

    await backdate.fill('abc');
    await page.getByText('Set the issue time back by a whole number of seconds from 0 to 60.', { exact: false }).waitFor();
    expect(await backdate.getAttribute('aria-invalid')).toBe('true');
    expect(await issue.isDisabled()).toBe(true);
    await backdate.fill('61');
    expect(await issue.isDisabled()).toBe(true);
    await backdate.fill('5');
    await expect.poll(() => issue.isEnabled()).toBe(true);
    expect(await backdate.getAttribute('aria-invalid')).toBeNull();

    await lifetime.fill('abc');
    await page.getByText('Type the lifetime as a number of minutes, like 15 (0.5 is 30 seconds).').waitFor();
    expect(await lifetime.getAttribute('aria-invalid')).toBe('true');
    expect(await issue.isDisabled()).toBe(true);
    await saveScreenshot(page, 'sign-validation');

    await lifetime.fill('2');
    await expect.poll(() => issue.isEnabled()).toBe(true);
    await issue.click();
    await page.getByLabel('Token text').waitFor();
    const token = (await page.getByLabel('Token text').textContent()) ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(120);
  });

  it('keeps no token text and no history once the vault locks', async () => {
    const page = await openSignScreen('sign-lock');
    await page.getByRole('button', { name: 'Issue token' }).click();
    const tokenText = page.getByLabel('Token text');
    await tokenText.waitFor();
    const token = (await tokenText.textContent()) ?? '';
    expect(token.split('.')).toHaveLength(3);
    await page.getByText('Issued in this session').waitFor();
    await page.getByRole('button', { name: 'Open in inspector' }).click();
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).toBe(token);

    // What the idle timer, suspend and screen lock do in main.
    const { lockVault } = await import('../../src-main/app/create-handlers');
    lockVault(harness.services, 'idle');
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
    expect(await page.content()).not.toContain(token);

    await page.getByLabel('Passphrase', { exact: true }).fill(E2E_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    expect(await page.getByLabel('Token text').count()).toBe(0);
    expect(await page.getByText('Issued in this session').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Inspect', exact: true }).click();
    expect(await page.getByLabel('Token', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain(token);
  });

  it('inspects a token against what it is meant for, and warns when its key is revoked', async () => {
    const [key] = harness.services.keys.listKeys('CI team key');
    const { token } = await harness.services.signing.issueToken(key!.id, { template: 'asc-team' });
    const page = await openUnlocked(harness, 'sign-inspect-revoked');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Inspect', exact: true }).click();
    await page.getByLabel('Token', { exact: true }).fill(token);
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    await page.getByText('Signature verified with “CI team key” (TEAMKEY001)').waitFor();
    await page.getByText(/App Store Server API calls need bid/).waitFor();
    expect(await page.getByText('Apple rejects tokens from a revoked key').count()).toBe(0);

    await page.getByLabel('Meant for').selectOption({ label: 'App Store Server API' });
    await page.locator('.finding--error', { hasText: 'No bid' }).waitFor();
    await page.getByLabel('Meant for').selectOption({ label: 'App Store Connect API' });
    await expect.poll(() => page.locator('.finding--error, .finding--warning').count()).toBe(0);

    harness.services.keys.revokeKey(key!.id);
    try {
      await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
      await page.getByText('Apple rejects tokens from a revoked key: 401').waitFor();
      expect(await page.getByText('Signature verified with “CI team key” (TEAMKEY001)').isVisible()).toBe(true);
      await saveScreenshot(page, 'sign-inspector-revoked');
    } finally {
      harness.services.keys.unrevokeKey(key!.id);
    }
  });

  it('signs a legacy promotional offer with the nonce typed, in lower case, and refuses one that is not a UUID', async () => {
    const page = await openUnlocked(harness, 'sign-offer-nonce');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByLabel('Key', { exact: true }).selectOption({ label: 'Shop key (IAPKEY0001)' });
    await page.getByLabel('What to sign').selectOption('legacy');
    await page.getByLabel('Bundle ID').fill('com.example.app');
    await page.getByLabel('Product ID').fill('pro.monthly');
    await page.getByLabel('Offer identifier').fill('WINBACK');
    const sign = page.getByRole('main').getByRole('button', { name: 'Sign', exact: true });
    const nonce = page.getByLabel('Nonce (optional)');

    await nonce.fill('12345');
    await page.getByText('The nonce must be a UUID').waitFor();
    expect(await sign.isDisabled()).toBe(true);
    await nonce.fill('A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D');
    await expect.poll(() => sign.isEnabled()).toBe(true);
    await sign.click();
    const offer = page.getByRole('region', { name: 'Offer signature' });
    await offer.waitFor();
    expect(await offer.getByText('a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', { exact: true }).isVisible()).toBe(true);
    await saveScreenshot(page, 'sign-offer-nonce');
  });

  it('says so on the key picker when the key list gets no answer, instead of an empty list, and loads it again on request', async () => {
    const page = await openUnlocked(harness, 'sign-list-unanswered');
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
    await page.route('**/ipc/keys.list', (route) => route.abort());
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toBe('The app did not answer. Try again; if it keeps happening, restart the app. Try again');
    await saveScreenshot(page, 'sign-list-unanswered');

    await page.unroute('**/ipc/keys.list');
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => alert.count()).toBe(0);
    expect(await page.getByLabel('Key', { exact: true }).locator('option').allTextContents()).toEqual(['Choose a key…', 'CI team key (TEAMKEY001)', 'Shop key (IAPKEY0001)']);
  });

  it('pre-fills the Bundle ID with the key’s only one, and the inspector opened from the token is set to the App Store Server API', async () => {
    const page = await openUnlocked(harness, 'sign-bundle-prefilled');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sign', exact: true }).click();
    await page.getByLabel('Key', { exact: true }).selectOption({ label: 'Shop key (IAPKEY0001)' });
    expect(await page.getByLabel('What to sign').inputValue()).toBe('app-store-server');
    const bundleId = page.getByLabel('Bundle ID', { exact: true });
    expect(await bundleId.inputValue()).toBe('com.example.app');
    await page.getByText('The key’s only bundle ID. Type another to sign for another app.').waitFor();
    await saveScreenshot(page, 'sign-bundle-prefilled');

    await page.getByRole('button', { name: 'Issue token' }).click();
    const tokenText = page.getByLabel('Token text');
    await tokenText.waitFor();
    const payload = JSON.parse(Buffer.from(((await tokenText.textContent()) ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as { bid: string };
    expect(payload.bid).toBe('com.example.app');

    await page.getByRole('button', { name: 'Open in inspector' }).click();
    const meantFor = page.getByLabel('Meant for');
    expect(await meantFor.inputValue()).toBe('app-store-server');
    await page.getByText('Set from the Sign screen, which issued this token for the App Store Server API.').waitFor();
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    await page.getByText('Signature verified with “Shop key” (IAPKEY0001)').waitFor();
    expect(await page.locator('.finding--error').count()).toBe(0);
    expect(await page.locator('.finding--ok', { hasText: 'Bundle ID com.example.app' }).count()).toBe(1);
  });

  it('sets the inspector to the App Store Connect API for a team token it just issued', async () => {
    const page = await openSignScreen('sign-inspect-preset-asc');
    await page.getByRole('button', { name: 'Issue token' }).click();
    await page.getByLabel('Token text').waitFor();
    await page.getByRole('button', { name: 'Open in inspector' }).click();
    expect(await page.getByLabel('Meant for').inputValue()).toBe('app-store-connect');
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    await page.getByText('Signature verified with “CI team key” (TEAMKEY001)').waitFor();
    // Told what the token is for, the inspector no longer warns that a server token would need bid.
    expect(await page.locator('.finding--warning, .finding--error').count()).toBe(0);
  });

  it('offers the key’s bundle IDs as a choice, plus one typed, when it has several', async () => {
    const [key] = harness.services.keys.listKeys('Shop key');
    harness.services.keys.updateKey(key!.id, { bundleIds: ['com.example.app', 'com.example.lite'] });
    try {
      const page = await openUnlocked(harness, 'sign-bundle-choice');
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sign', exact: true }).click();
      await page.getByLabel('Key', { exact: true }).selectOption({ label: 'Shop key (IAPKEY0001)' });
      const choice = page.getByLabel('Bundle ID', { exact: true });
      expect(await choice.inputValue()).toBe('');
      expect(await choice.locator('option').allTextContents()).toEqual(['Choose the app…', 'com.example.app', 'com.example.lite', 'Another bundle ID…']);

      // Nothing chosen: main says which apps the key is for, as the command line does.
      await page.getByRole('button', { name: 'Issue token' }).click();
      await page.getByText('This key is used for 2 apps (com.example.app, com.example.lite); say which one in the Bundle ID field.').waitFor();

      await choice.selectOption('com.example.lite');
      await page.getByRole('button', { name: 'Issue token' }).click();
      await page.getByText('"bid": "com.example.lite"').waitFor();

      await choice.selectOption({ label: 'Another bundle ID…' });
      const other = page.getByLabel('Other bundle ID');
      await other.fill('not a bundle');
      await page.getByText(/reverse-DNS/).waitFor();
      expect(await page.getByRole('button', { name: 'Issue token' }).isDisabled()).toBe(true);
      await other.fill('com.example.pro');
      await page.getByRole('button', { name: 'Issue token' }).click();
      await page.getByText('"bid": "com.example.pro"').waitFor();
      await saveScreenshot(page, 'sign-bundle-choice');
    } finally {
      harness.services.keys.updateKey(key!.id, { bundleIds: ['com.example.app'] });
    }
  });

  async function openSignScreen(name: string) {
    const page = await openUnlocked(harness, name);
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ }).click();
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    return page;
  }
});
