import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { findInstalledBrowser } from './find-browser';

export const SCREENSHOT_DIR = path.resolve('test/e2e/__screenshots__');
const FAILURE_DIR = path.resolve('test/e2e/__failures__');

/** The installed Chromium, Chrome or Edge (see find-browser.ts), headless, without the background traffic a closed network refuses. */
export function launchChromium(): Promise<Browser> {
  const search = findInstalledBrowser();
  if (!search.found) throw new Error(search.message);
  return chromium.launch({
    ...search.launch,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a screenshot of the page if the current test fails. */
export function screenshotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    mkdirSync(FAILURE_DIR, { recursive: true });
    await page.screenshot({ path: path.join(FAILURE_DIR, `${name}.png`), fullPage: true }).catch(() => undefined);
  });
}

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Drags a file over `target` and drops it, as a user dragging from the Finder or Explorer would. The page only gets a
 * File; the loopback transport's stand-in for the preload registers `filePath` for it with main, as the preload does with
 * the path Electron's webUtils gives for the real one, and the page gets only main's one-time handle.
 * Without a path (null) the drop carries plain text instead of a file.
 */
export async function dropFile(target: Locator, filePath: string | null): Promise<void> {
  const dataTransfer = await target.page().evaluateHandle((file) => {
    const transfer = new DataTransfer();
    if (file === null) {
      transfer.setData('text/plain', 'not a file');
      return transfer;
    }
    const dropped = new File(['(contents stay in main)'], file.name);
    (window as unknown as { __loopbackFilePath(file: File, filePath: string): void }).__loopbackFilePath(dropped, file.path);
    transfer.items.add(dropped);
    return transfer;
  }, filePath === null ? null : { name: path.basename(filePath), path: filePath });
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}
