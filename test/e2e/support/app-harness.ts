import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createHandlers, type Services } from '../../../src-main/app/create-handlers';
import { createServices } from '../../../src-main/app/create-services';
import type { Vault } from '../../../src-main/vault/vault';
import { launchChromium, screenshotOnFailure } from './browser';
import { startLoopbackTransport, type LoopbackTransport } from './loopback-transport';

/** The real main-process services in a temp folder, reached from Chromium through the loopback transport. */
export interface AppHarness {
  folder: string;
  vaultFile: string;
  /** The Downloads folder the add-key flow watches. */
  downloadsFolder: string;
  vault: Vault;
  services: Services;
  transport: LoopbackTransport;
  /** What the system clipboard holds, as main wrote it. */
  clipboardText(): string;
  /** Pages main opened in the system browser. */
  openedPages: string[];
  /** Answers the next open-file dialog main shows (null: the user cancelled). */
  queueDialogAnswer(path: string | null): void;
  browser: Browser;
  openPage(name: string, colorScheme?: 'light' | 'dark'): Promise<Page>;
  close(): Promise<void>;
}

export async function startAppHarness(): Promise<AppHarness> {
  const folder = mkdtempSync(path.join(tmpdir(), 'vault-e2e-'));
  const vaultFile = path.join(folder, 'vault.sqlite');
  const downloadsFolder = path.join(folder, 'Downloads');
  mkdirSync(downloadsFolder);
  let storedPreferences: unknown;
  const clipboard = { text: '', readText: () => clipboard.text, writeText: (text: string) => {
      clipboard.text = text;
    },
  };
  const dialogAnswers: Array<string | null> = [];
  const openedPages: string[] = [];
  let services: Services | undefined;
  const transport = await startLoopbackTransport((notify) => {
    services = createServices({
      vaultFile,
      preferencesStorage: { read: () => storedPreferences, write: (value) => (storedPreferences = value) },
      clipboard,
      dialogs: { chooseKeyFile: async () => (dialogAnswers.length > 0 ? dialogAnswers.shift()! : null) },
      downloadsFolder,
      openExternal: async (url) => void openedPages.push(url),
      notify,
    });
    return createHandlers(services);
  });
  const vault = services!.vault;
  const browser = await launchChromium();
  const pages: Page[] = [];
  return {
    folder,
    vaultFile,
    downloadsFolder,
    vault,
    services: services!,
    transport,
    clipboardText: () => clipboard.text,
    openedPages,
    queueDialogAnswer: (answer) => dialogAnswers.push(answer),
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
