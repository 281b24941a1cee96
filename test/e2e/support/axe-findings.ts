import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Axe's findings on the page, of any impact, but for the missing h1, which belongs to the window's layout (issue 17). */
export async function axeFindings(page: Page): Promise<string[]> {
  // Legacy mode runs axe inside the page: the harness's pages own their browser context, so axe cannot open a helper page.
  const { violations } = await new AxeBuilder({ page }).setLegacyMode().analyze();
  return violations.filter((violation) => violation.id !== 'page-has-heading-one').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}
