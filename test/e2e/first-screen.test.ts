import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startAppHarness, type AppHarness } from './support/app-harness';

describe('first screen', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());
  const backgrounds: Partial<Record<'light' | 'dark', string>> = {};

  it.each(['light', 'dark'] as const)('shows the vault state from vault.status (%s theme)', async (colorScheme) => {
    const page = await harness.openPage(`first-screen-${colorScheme}`, colorScheme);
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.reload();

    await expect.poll(() => page.getByRole('heading', { name: 'Create your vault' }).isVisible()).toBe(true);
    expect(await page.getByText(harness.vaultFile).isVisible()).toBe(true);
    backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await saveScreenshot(page, `first-screen-${colorScheme}`);
    expect(consoleErrors).toEqual([]);
    expectNoKeyMaterial(harness.transport.responses);
    await page.close();
  });

  it('follows the system theme: the two runs above painted different backgrounds', () => {
    expect(backgrounds.light).toBeDefined();
    expect(backgrounds.dark).toBeDefined();
    expect(backgrounds.dark).not.toBe(backgrounds.light);
  });
});
