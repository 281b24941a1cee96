import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src-main/app/create-handlers';
import { launchChromium, saveScreenshot, screenshotOnFailure } from './support/browser';
import { expectNoKeyMaterial } from './support/key-material-scan';
import { startLoopbackTransport, type LoopbackTransport } from './support/loopback-transport';

describe('first screen', () => {
  let browser: Browser;
  let transport: LoopbackTransport;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'vault-e2e-'));
    transport = await startLoopbackTransport(createHandlers({ vaultFile: path.join(folder, 'vault.sqlite') }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await transport?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each(['light', 'dark'] as const)('shows the vault state from vault.status (%s theme)', async (colorScheme) => {
    const page = await browser.newPage({ colorScheme });
    screenshotOnFailure(page, `first-screen-${colorScheme}`);
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.addInitScript(transport.initScript);
    await page.goto(transport.url);

    await expect.poll(() => page.getByRole('heading', { name: 'No vault yet' }).isVisible()).toBe(true);
    expect(await page.getByText(path.join(folder, 'vault.sqlite')).isVisible()).toBe(true);
    await saveScreenshot(page, `first-screen-${colorScheme}`);
    expect(consoleErrors).toEqual([]);
    expectNoKeyMaterial(transport.responses);
    await page.close();
  });
});
