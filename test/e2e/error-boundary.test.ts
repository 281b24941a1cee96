import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotOnFailure } from './support/browser';

const ERROR_BOUNDARY = path.resolve('src-renderer/components/ErrorBoundary.tsx');
const STYLES = path.resolve('src-renderer/styles.css');
const PAGE_ENTRY = '\0error-boundary-page.js';

/**
 * The app's real ErrorBoundary and styles around a screen that throws while rendering on the first load of the tab,
 * and renders once the page is loaded again. Built only for this test; nothing in the app can be made to crash.
 */
const pageSource = `
import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from ${JSON.stringify(ERROR_BOUNDARY)};
import ${JSON.stringify(STYLES)};

const firstLoad = sessionStorage.getItem('loaded') === null;
sessionStorage.setItem('loaded', 'yes');

function ScreenThatThrows() {
  if (firstLoad) throw new Error('The screen failed to render');
  return createElement('h1', null, 'Keys');
}

createRoot(document.getElementById('root')).render(
  createElement(StrictMode, null, createElement(ErrorBoundary, null, createElement(ScreenThatThrows))),
);
`;

const pageEntry: Plugin = {
  name: 'error-boundary-page',
  resolveId: (id) => (id === PAGE_ENTRY ? id : null),
  load: (id) => (id === PAGE_ENTRY ? pageSource : null),
};

/** Bundles the page, styles included, as one classic script, so Chromium runs it from file:// without a server. */
async function buildPage(folder: string): Promise<string> {
  // Vite and the React plugin read production from NODE_ENV, which Vitest sets to 'test': build as the app ships.
  const testNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: path.resolve('.'),
      logLevel: 'warn',
      plugins: [react(), pageEntry],
      build: {
        outDir: folder,
        emptyOutDir: true,
        rolldownOptions: { input: PAGE_ENTRY, output: { format: 'iife', entryFileNames: 'page.js' } },
      },
    });
  } finally {
    process.env.NODE_ENV = testNodeEnv;
  }
  const html = path.join(folder, 'index.html');
  writeFileSync(
    html,
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ASC Key Vault</title></head>' +
      '<body><div id="root"></div><script src="page.js"></script></body></html>',
  );
  return pathToFileURL(html).href;
}

describe('error boundary: a screen that throws', () => {
  let folder: string;
  let pageUrl: string;
  let browser: Browser;
  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'error-boundary-page-'));
    pageUrl = await buildPage(folder);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function openPage(): Promise<{ page: Page; pageErrors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    screenshotOnFailure(page, 'error-boundary');
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageUrl);
    return { page, pageErrors };
  }

  it('shows an alert that the vault is unchanged instead of a blank window', async () => {
    const { page, pageErrors } = await openPage();
    const alert = page.getByRole('alert');

    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getByRole('heading', { level: 1 }).textContent()).toBe('Something went wrong on this screen');
    expect(await alert.textContent()).toContain('Your vault is unchanged.');
    expect(await alert.getByRole('button', { name: 'Reload' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Keys' }).count()).toBe(0);
    expect(pageErrors, 'the error was caught, not left to escape the page').toEqual([]);
    await page.close();
  });

  it('reaches Reload with the keyboard, shows where focus is, and reloads the window back to the screen', async () => {
    const { page } = await openPage();
    const reload = page.getByRole('alert').getByRole('button', { name: 'Reload' });
    await expect.poll(() => reload.isVisible()).toBe(true);
    await page.evaluate(() => Object.assign(window, { beforeReload: true }));

    await page.keyboard.press('Tab');
    expect(await reload.evaluate((button) => button === document.activeElement)).toBe(true);
    expect(await reload.evaluate((button) => getComputedStyle(button).outlineStyle)).toBe('solid');

    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);

    expect(await page.evaluate(() => 'beforeReload' in window), 'a fresh document after the reload').toBe(false);
    await expect.poll(() => page.getByRole('heading', { name: 'Keys' }).isVisible()).toBe(true);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
