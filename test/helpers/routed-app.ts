import path from 'node:path';
import { createHandlers, type Services } from '../../src-main/app/create-handlers';
import { createServices } from '../../src-main/app/create-services';
import { createRouter } from '../../src-main/ipc/router';
import type { Notify } from '../../src-shared/ipc/events';
import { fakeKeychain } from './fake-keychain';
import { queuedDialogs } from './queued-dialogs';
import { tempFolder, TEST_KDF_COST } from './temp-vault';

/**
 * The real services behind the real router, as the renderer reaches them, with a fake clipboard and
 * a queue of dialog answers. `responses` keeps every answer for the key-material scan.
 */
export function routedApp() {
  const folder = tempFolder();
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
    kdfCost: TEST_KDF_COST,
  });
  const dispatch = createRouter({ handlers: createHandlers(services), isTrustedSender: () => true, logInternalError: () => undefined });
  const responses: string[] = [];
  const call = async (channel: string, payload: unknown = {}) => {
    const result = await dispatch(channel, payload, {});
    responses.push(JSON.stringify(result));
    return result as { ok: true; value: never } | { ok: false; error: { code: string; message: string } };
  };
  return { folder, services, clipboard, dialogAnswers, events, opened, shownInFolder, responses, call };
}
