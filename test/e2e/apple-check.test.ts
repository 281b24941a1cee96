import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appleLikeHandler, ASC_NOT_AUTHORIZED, startFakeAppleServer, type AppleAccount, type FakeAppleServer } from '../helpers/fake-apple-server';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

describe('checking a key with Apple in the browser', () => {
  let apple: FakeAppleServer;
  let harness: AppHarness;
  const account: AppleAccount = {
    issuerId: ISSUER_ID,
    keys: new Map(),
    apps: [
      { id: '6400000001', name: 'Example', bundleId: 'com.example.app', releasedInProduction: true },
      { id: '6400000002', name: 'Example Widgets', bundleId: 'com.example.widgets', releasedInProduction: true },
    ],
  };

  beforeAll(async () => {
    apple = await startFakeAppleServer();
    // The real main services, reaching the local server through the seam the app gives Electron's net.fetch.
    harness = await startAppHarness({ appleFetch: apple.fetch() });
    await harness.vault.create(E2E_PASSPHRASE);
    const file = harness.writeKeyFile('AuthKey_TEAMKEY001.p8');
    account.keys.set('TEAMKEY001', createPublicKey(readFileSync(file, 'utf8')));
    await harness.services.keys.importKey({ source: { type: 'file', path: file }, kind: 'asc-team', issuerId: ISSUER_ID, name: 'CI team key' });
  });
  afterAll(async () => {
    await harness?.close();
    await apple?.close();
  });
  beforeEach(() => {
    apple.requests.length = 0;
    apple.handle(appleLikeHandler(account));
  });

  it('sends nothing until turned on after the explanation, then lists the apps and adds their bundle IDs', async () => {
    const page = await openUnlocked(harness, 'apple-check');
    const keyRow = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ });
    await keyRow.click();
    await page.getByText('Checking keys with Apple is off. Turn it on in Settings').waitFor();
    expect(await page.getByRole('button', { name: 'Check with Apple' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Turn on checks with Apple…' }).click();
    const explanation = page.getByRole('group', { name: 'What a check sends' });
    await explanation.getByText('api.appstoreconnect.apple.com, api.storekit.apple.com, api.storekit-sandbox.apple.com').waitFor();
    await saveScreenshot(page, 'apple-check-settings');
    await page.getByRole('button', { name: 'Turn on checks with Apple', exact: true }).click();
    await page.getByText('On: a key is checked only when you ask').waitFor();
    expect(apple.requests).toEqual([]);

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Keys' }).click();
    await keyRow.click();
    await page.getByRole('button', { name: 'Check with Apple' }).click();
    await page.getByText('Works, sees 2 apps', { exact: true }).waitFor();
    const apps = page.getByRole('table');
    expect(await apps.getByRole('row').allTextContents()).toEqual(['AppBundle IDApple ID', 'Examplecom.example.app6400000001', 'Example Widgetscom.example.widgets6400000002']);
    await keyRow.getByText('Works with Apple').waitFor();
    await saveScreenshot(page, 'apple-check-works');

    await page.getByRole('button', { name: 'Add their 2 bundle IDs to the key' }).click();
    await page.getByText('com.example.app, com.example.widgets', { exact: true }).waitFor();
    expect(harness.services.keys.listKeys()[0]?.bundleIds).toEqual(['com.example.app', 'com.example.widgets']);
    expect(apple.requests.map((request) => request.host)).toEqual(['api.appstoreconnect.apple.com']);
    expectNoKeyMaterial(harness.transport.responses);
  });

  it('explains a refusal, with Apple’s answer in the details, in light and dark', async () => {
    apple.handle(() => ASC_NOT_AUTHORIZED);
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openUnlocked(harness, `apple-check-refused-${scheme}`, scheme);
      const keyRow = page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: /CI team key/ });
      await keyRow.click();
      await page.getByRole('button', { name: 'Check with Apple' }).click();
      await page.getByText('Apple refused the key (401)', { exact: true }).waitFor();
      await page.getByText(/Apple did not accept the key\. Check that the Key ID TEAMKEY001/).waitFor();
      await page.getByText('Apple’s answer').click();
      await page.getByText(/NOT_AUTHORIZED: Authentication credentials are missing or invalid\. Provide a properly configured/).waitFor();
      await keyRow.getByText('Apple check failed').waitFor();
      await saveScreenshot(page, `apple-check-refused-${scheme}`);
    }
  });
});
