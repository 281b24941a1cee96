import { existsSync } from 'node:fs';
import path from 'node:path';
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { Dialogs } from '../app/create-handlers';

/** Electron's open, folder and save dialogs, attached to the app window when there is one. */
export function nativeDialogs(window: () => BrowserWindow | null): Dialogs {
  const open = async (options: OpenDialogOptions) => {
    const parent = window();
    const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const save = async (options: SaveDialogOptions) => {
    const parent = window();
    const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  const ask = async (options: MessageBoxOptions) => {
    const parent = window();
    return (parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options)).response;
  };
  const openFolder = (title: string, defaultPath?: string) =>
    open({ title, ...(defaultPath === undefined ? {} : { defaultPath }), properties: ['openDirectory', 'createDirectory'] });
  return {
    chooseKeyFile: () =>
      open({
        title: 'Choose the App Store Connect key (.p8)',
        properties: ['openFile'],
        filters: [
          { name: 'App Store Connect key', extensions: ['p8'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    chooseFolder: async (title, defaultPath) => {
      if (defaultPath === undefined || existsSync(defaultPath)) return openFolder(title, defaultPath);
      // A folder dialog cannot show a folder that is not there yet, so offer it in a question first.
      const answer = await ask({
        type: 'question',
        title,
        message: `${defaultPath} does not exist yet. Create it and write there?`,
        buttons: ['Create it', 'Choose another folder…', 'Cancel'],
        defaultId: 0,
        cancelId: 2,
      });
      if (answer === 0) return defaultPath;
      return answer === 1 ? openFolder(title, nearestExistingFolder(defaultPath)) : null;
    },
    chooseSaveFile: (title, defaultName, extension) => save({ title, defaultPath: defaultName, filters: [{ name: extension, extensions: [extension] }] }),
    chooseOpenFile: (title, extension) =>
      open({ title, properties: ['openFile'], filters: [{ name: extension, extensions: [extension] }, { name: 'All files', extensions: ['*'] }] }),
  };
}

function nearestExistingFolder(folder: string): string {
  let current = folder;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
