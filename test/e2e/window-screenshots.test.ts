import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot } from './support/browser';
import { startAppHarness, type AppHarness } from './support/app-harness';
import { seedManyKeys } from './support/many-keys';
import { E2E_PASSPHRASE, openUnlocked } from './support/unlocked-page';

/** The window's minimum (720×520, set in src-main/electron/shell.ts), two laptop sizes and a large screen. */
const SIZES = [
  { width: 720, height: 520 },
  { width: 800, height: 600 },
  { width: 1100, height: 760 },
  { width: 1440, height: 900 },
] as const;
const THEMES = ['light', 'dark'] as const;

/** Fails on any axe finding, whatever its impact. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Legacy mode runs axe inside the page: the harness's pages own their browser context, so axe cannot open a helper page.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
  expect(
    violations.map((violation) => `${where}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

const openSection = (label: string, heading: string | RegExp) => async (page: Page) => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: heading }).first().waitFor();
};

/** Each screen of the unlocked vault, reached from the one before it by what a user would click. */
const SCREENS: Array<{ name: string; open: (page: Page) => Promise<void> }> = [
  {
    name: 'keys',
    open: async (page) => {
      await page.getByRole('heading', { name: 'No key open' }).waitFor();
    },
  },
  {
    name: 'key-detail',
    open: async (page) => {
      await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button').nth(3).click();
      await page.getByRole('button', { name: 'Export…' }).waitFor();
    },
  },
  {
    name: 'export',
    open: async (page) => {
      await page.getByRole('button', { name: 'Export…' }).click();
      await page.getByRole('heading', { name: 'Checklist' }).waitFor();
    },
  },
  {
    name: 'add-key',
    open: async (page) => {
      await page.getByRole('button', { name: 'Add key' }).click();
      await page.getByRole('heading', { name: 'Add a key' }).waitFor();
    },
  },
  {
    name: 'guided-setup',
    open: async (page) => {
      await page.getByRole('button', { name: 'Guided setup', exact: true }).click();
      await page.getByRole('heading', { name: 'What is the key for?' }).waitFor();
    },
  },
  { name: 'sign', open: openSection('Sign', 'Sign') },
  { name: 'inspect', open: openSection('Inspect', 'Token inspector') },
  { name: 'activity', open: openSection('Activity', 'Activity') },
  { name: 'backup-share', open: openSection('Backup & share', 'Backup & share') },
  { name: 'settings', open: openSection('Settings', 'Change passphrase') },
];

/** `fixedWindow`: the unlocked vault's window, whose panes scroll and never the page; the create and unlock forms may. */
async function eachSize(page: Page, name: string, theme: string, fixedWindow = true): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (fixedWindow) {
      expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight), `${name} at ${size.width}×${size.height} scrolls as a page`).toBe(true);
    }
    await saveScreenshot(page, `window-${name}-${size.width}x${size.height}-${theme}`);
  }
}

describe('the window at every size, light and dark, with 100 keys', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
    await seedManyKeys(harness, 100);
  });
  afterAll(() => harness?.close());

  for (const theme of THEMES) {
    it(`lays out every screen in ${theme} mode, with no axe finding`, async () => {
      const page = await openUnlocked(harness, `window-${theme}`, theme);
      for (const screen of SCREENS) {
        await screen.open(page);
        await eachSize(page, screen.name, theme);
        await expectNoAxeViolations(page, `${screen.name} (${theme})`);
      }
    }, 240_000);
  }
});

describe('the window before the vault opens, at every size, light and dark', () => {
  let harness: AppHarness;
  beforeAll(async () => {
    harness = await startAppHarness();
  });
  afterAll(() => harness?.close());

  it('lays out the create and unlock screens with no axe finding', async () => {
    for (const theme of THEMES) {
      const page = await harness.openPage(`window-create-${theme}`, theme);
      await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
      await eachSize(page, 'create-vault', theme, false);
      await expectNoAxeViolations(page, `create-vault (${theme})`);
    }
    await harness.vault.create(E2E_PASSPHRASE);
    harness.vault.lock();
    for (const theme of THEMES) {
      const page = await harness.openPage(`window-unlock-${theme}`, theme);
      await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
      await eachSize(page, 'unlock', theme, false);
      await expectNoAxeViolations(page, `unlock (${theme})`);
    }
  }, 120_000);
});
