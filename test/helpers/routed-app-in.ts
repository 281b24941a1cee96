import path from 'node:path';
import { createHandlers, type Services } from '../../src-main/app/create-handlers';
import { createServices } from '../../src-main/app/create-services';
import { createDropRegistration } from '../../src-main/ipc/drop-registration';
import { createRouter } from '../../src-main/ipc/router';
import type { AppleFetch } from '../../src-main/apple-check/apple-request';
import type { Notify } from '../../src-shared/ipc/events';
import { fakeKeychain } from './fake-keychain';
import { queuedDialogs } from './queued-dialogs';
import { refuseNetwork } from './no-network';
import { TEST_KDF_COST } from './temp-vault-constants';

interface RoutedSender {
  window: string;
}

const MAIN_WINDOW: RoutedSender = { window: 'main' };

/**
 * The real services behind the real router, as the renderer reaches them, with a fake clipboard and
 * a queue of dialog answers, in a folder the caller owns. `responses` keeps every answer for the
 * key-material scan. Checks with Apple reach `appleFetch`, by default nothing. Free of Vitest, so a
 * child process can run it.
 */
export function routedAppIn(folder: string, options: { now?: () => Date; appleFetch?: AppleFetch } = {}) {
  const clipboard = { text: '', readText: () => clipboard.text, writeText: (text: string) => void (clipboard.text = text) };
  const { dialogs, answers: dialogAnswers } = queuedDialogs();
  const events: Array<{ event: string; payload: unknown }> = [];
  const opened: string[] = [];
  const shownInFolder: string[] = [];
  const notify: Notify = (event, payload) => events.push({ event, payload });
  let stored: unknown;
  const services: Services = createServices({
    vaultFile: path.join(folder, 'vault.sqlite'),
    preferencesStorage: { read: () => stored, write: (value) => void (stored = value) },
    clipboard,
    dialogs,
    downloadsFolder: path.join(folder, 'Downloads'),
    openExternal: async (url) => void opened.push(url),
    showItemInFolder: (filePath) => void shownInFolder.push(filePath),
    keychain: fakeKeychain(),
    notify,
    appleFetch: options.appleFetch ?? refuseNetwork,
    kdfCost: TEST_KDF_COST,
    ...(options.now ? { now: options.now } : {}),
  });
  const dispatch = createRouter<RoutedSender>({ handlers: createHandlers(services), isTrustedSender: () => true, senderId: (sender) => sender.window, logInternalError: () => undefined });
  const registerDrop = createDropRegistration<RoutedSender>({ grants: services.keyFiles, isTrustedSender: () => true, senderId: (sender) => sender.window });
  const responses: string[] = [];
  /** `window` names the page asking; ids main issues to one page are refused to another. */
  const call = async (channel: string, payload: unknown = {}, sender: RoutedSender = MAIN_WINDOW) => {
    const result = await dispatch(channel, payload, sender);
    responses.push(JSON.stringify(result));
    return result as { ok: true; value: never } | { ok: false; error: { code: string; message: string } };
  };
  /** What the preload does with a file dropped on `sender`'s window: main answers a one-time handle. */
  const dropFile = (filePath: string, sender: RoutedSender = MAIN_WINDOW) => registerDrop({ path: filePath }, sender);
  /** Picks `filePath` in main's open dialog, as a user would after "Choose file…"; answers the source the renderer then sends. */
  const chooseKeyFile = async (filePath: string) => {
    dialogAnswers.push(filePath);
    const chosen = await call('keys.chooseFile');
    if (!chosen.ok) throw new Error(chosen.error.message);
    return { type: 'file' as const, fileId: (chosen.value as { fileId: string }).fileId };
  };
  return { folder, services, clipboard, dialogAnswers, events, opened, shownInFolder, responses, call, dropFile, chooseKeyFile };
}
