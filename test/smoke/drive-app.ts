// The smoke test's walk through the running app, as a user would take it: create a vault, import a key, issue a
// token, lock. The packaged app's open dialog is main's; `answerOpenDialog` makes it return the fixture's file.
import path from 'node:path';
import type { ElectronApplication, Page } from 'playwright-core';
import type { FixtureKey } from './smoke-fixture';

export interface SmokeWalk {
  key: FixtureKey;
  /** The fixture's `.p8`, which the stubbed open dialog hands to main. */
  keyFile: string;
  issuerId: string;
  passphrase: string;
  artifactsDir: string;
  log: (line: string) => void;
  /** Makes main's next open dialog choose `file`, as if the user had picked it. */
  answerOpenDialog: (file: string) => Promise<void>;
}

/** A cold start of a packaged app on a CI machine can take a while. */
export const FIRST_WINDOW_TIMEOUT_MS = 60_000;

async function step<T>(log: (line: string) => void, name: string, action: () => Promise<T>): Promise<T> {
  log(`… ${name}`);
  try {
    return await action();
  } catch (error) {
    throw new Error(`Smoke step "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Walks the app from its first screen to a locked vault; returns the token the app issued. */
export async function walkThroughApp(page: Page, walk: SmokeWalk): Promise<string> {
  const { key, log } = walk;
  await step(log, 'first screen: Create your vault', async () => {
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(walk.artifactsDir, `first-screen-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: null });
  });

  await step(log, 'create the vault', async () => {
    await page.getByLabel('Passphrase', { exact: true }).fill(walk.passphrase);
    await page.getByLabel('Type it again').fill(walk.passphrase);
    await page.getByLabel(/no recovery/).check();
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('heading', { name: 'Keys', exact: true }).waitFor();
  });

  await step(log, `import ${key.fileName} through main's open dialog`, async () => {
    await walk.answerOpenDialog(walk.keyFile);
    await page.getByRole('button', { name: 'Add key' }).click();
    await page.getByRole('button', { name: 'Choose file…' }).click();
    await page.getByText('a valid P-256 private key').waitFor();
    await page.getByLabel('Issuer ID').fill(walk.issuerId);
    await page.getByRole('button', { name: 'Add to vault' }).click();
    await page.getByText('is in the vault').waitFor();
  });

  const token = await step(log, 'issue an App Store Connect API token', async () => {
    await page.getByRole('list', { name: 'Keys in the vault' }).getByRole('button', { name: new RegExp(key.keyId) }).click();
    await page.getByRole('button', { name: 'Sign…' }).click();
    await page.getByRole('heading', { name: 'Sign', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Issue token' }).click();
    return ((await page.getByLabel('Token text').textContent()) ?? '').trim();
  });

  await step(log, 'lock the vault', async () => {
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock your vault' }).waitFor();
  });
  return token;
}

/** In the Electron app: replaces dialog.showOpenDialog in its main process, which the inspector lets Playwright reach. */
export function stubMainOpenDialog(app: ElectronApplication): (file: string) => Promise<void> {
  return (file) =>
    app.evaluate(({ dialog }, chosen) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [chosen] })) as typeof dialog.showOpenDialog;
    }, file);
}
