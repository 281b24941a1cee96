import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createHandlers, type Services } from '../../../src-main/app/create-handlers';
import { createServices } from '../../../src-main/app/create-services';
import type { AppleFetch } from '../../../src-main/apple-check/apple-request';
import type { Vault } from '../../../src-main/vault/vault';
import { refuseNetwork } from '../../helpers/no-network';
import { SEEN_GENERATIONS_FILE, seenGenerationsFile, type SeenGenerations } from '../../../src-main/vault/seen-generations';
import { createPublicKey } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import { launchChromium, screenshotOnFailure } from './browser';
import { fakeKeychain } from '../../helpers/fake-keychain';
import { queuedDialogs } from '../../helpers/queued-dialogs';
import { SecretsScanner } from './secrets-scanner';
import { E2E_PASSPHRASE } from './e2e-passphrase';
import { startLoopbackTransport, type LoopbackTransport } from './loopback-transport';
import { captureProcessOutput } from './process-output';

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
  /** Files main showed in the system's file manager. */
  shownInFolder: string[];
  /** Answers the next dialog main shows: open file, folder or save (null: the user cancelled). */
  queueDialogAnswer(path: string | null): void;
  browser: Browser;
  openPage(name: string, colorScheme?: 'light' | 'dark'): Promise<Page>;
  /** Writes a fresh test key as `folder/name` and registers it with the secrets scanner. */
  writeKeyFile(name: string, folder?: string): string;
  /** Registers a passphrase (or other secret) the scanner must never find in the traffic. */
  addSecret(secret: string): void;
  /** Fails when any IPC response, event, line main logged or the page's console carried a registered secret or PEM armour. */
  close(): Promise<void>;
}

export interface AppHarnessOptions {
  /** Where main remembers the newest generation of each vault it opened; by default a file in the harness folder, as the app keeps one in its data folder. */
  seenGenerations?: SeenGenerations;
  /** Where checks with Apple go (a local server answering as Apple does); by default nowhere. */
  appleFetch?: AppleFetch;
}

export async function startAppHarness(options: AppHarnessOptions = {}): Promise<AppHarness> {
  const output = captureProcessOutput();
  const pageConsole: string[] = [];
  const folder = mkdtempSync(path.join(tmpdir(), 'vault-e2e-'));
  const vaultFile = path.join(folder, 'vault.sqlite');
  const downloadsFolder = path.join(folder, 'Downloads');
  mkdirSync(downloadsFolder);
  // What the system trash is to the app: files moved there leave the folders a scan looks in.
  const trashFolder = path.join(folder, 'Trash');
  mkdirSync(trashFolder);
  let storedPreferences: unknown;
  const clipboard = { text: '', readText: () => clipboard.text, writeText: (text: string) => {
      clipboard.text = text;
    },
  };
  const { dialogs, answers: dialogAnswers } = queuedDialogs();
  const openedPages: string[] = [];
  const shownInFolder: string[] = [];
  let services: Services | undefined;
  const transport = await startLoopbackTransport((notify) => {
    services = createServices({
      vaultFile,
      preferencesStorage: { read: () => storedPreferences, write: (value) => (storedPreferences = value) },
      clipboard,
      dialogs,
      downloadsFolder,
      strayScanDefaults: [downloadsFolder],
      trashItem: async (file) => renameSync(file, path.join(trashFolder, path.basename(file))),
      openExternal: async (url) => void openedPages.push(url),
      showItemInFolder: (filePath) => void shownInFolder.push(filePath),
      keychain: fakeKeychain(),
      notify,
      appleFetch: options.appleFetch ?? refuseNetwork,
      seenGenerations: options.seenGenerations ?? seenGenerationsFile(path.join(folder, SEEN_GENERATIONS_FILE)),
    });
    return { handlers: createHandlers(services), keyFiles: services.keyFiles };
  });
  const vault = services!.vault;
  const browser = await launchChromium();
  const pages: Page[] = [];
  const scanner = new SecretsScanner();
  scanner.add(E2E_PASSPHRASE);
  return {
    folder,
    vaultFile,
    downloadsFolder,
    vault,
    services: services!,
    transport,
    clipboardText: () => clipboard.text,
    openedPages,
    shownInFolder,
    queueDialogAnswer: (answer) => dialogAnswers.push(answer),
    browser,
    async openPage(name, colorScheme = 'light') {
      const page = await browser.newPage({ colorScheme, viewport: { width: 1100, height: 760 } });
      pages.push(page);
      screenshotOnFailure(page, name);
      page.on('pageerror', (error) => console.error(`[page ${name}]`, error.message));
      page.on('console', (message) => pageConsole.push(message.text()));
      await page.addInitScript(transport.initScript);
      await page.goto(transport.url);
      return page;
    },
    writeKeyFile(name, into = folder) {
      const key = generateP256Key();
      const pem = appStoreConnectP8(key);
      scanner.add(pem, createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString());
      const file = path.join(into, name);
      writeFileSync(file, pem);
      return file;
    },
    addSecret: (secret) => scanner.add(secret),
    async close() {
      vault.lock();
      await browser.close();
      await transport.close();
      rmSync(folder, { recursive: true, force: true });
      output.stop();
      const leaks = scanner.findLeaks([...transport.responses, ...transport.logLines, ...output.lines, ...pageConsole]);
      if (leaks.length > 0) throw new Error(`Secrets reached the renderer or a log:\n${leaks.join('\n')}`);
    },
  };
}
