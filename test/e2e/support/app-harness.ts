import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createHandlers } from '../../../src-main/app/create-handlers';
import { PreferencesService } from '../../../src-main/settings/preferences-service';
import { Vault } from '../../../src-main/vault/vault';
import { launchChromium, screenshotOnFailure } from './browser';
import { startLoopbackTransport, type LoopbackTransport } from './loopback-transport';

/** The real main-process services in a temp folder, reached from Chromium through the loopback transport. */
export interface AppHarness {
  folder: string;
  vaultFile: string;
  vault: Vault;
  transport: LoopbackTransport;
  browser: Browser;
  openPage(name: string, colorScheme?: 'light' | 'dark'): Promise<Page>;
  close(): Promise<void>;
}

export async function startAppHarness(): Promise<AppHarness> {
  const folder = mkdtempSync(path.join(tmpdir(), 'vault-e2e-'));
  const vaultFile = path.join(folder, 'vault.sqlite');
  const vault = new Vault({ path: vaultFile });
  let storedPreferences: unknown;
  const preferences = new PreferencesService({ read: () => storedPreferences, write: (value) => (storedPreferences = value) });
  const transport = await startLoopbackTransport((notify) => createHandlers({ vault, preferences, notify }));
  const browser = await launchChromium();
  const pages: Page[] = [];
  return {
    folder,
    vaultFile,
    vault,
    transport,
    browser,
    async openPage(name, colorScheme = 'light') {
      const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 760 } });
      pages.push(page);
      screenshotOnFailure(page, name);
      page.on('pageerror', (error) => console.error(`[page ${name}]`, error.message));
      await page.addInitScript(transport.initScript);
      await page.goto(transport.url);
      return page;
    },
    async close() {
      vault.lock();
      await browser.close();
      await transport.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
