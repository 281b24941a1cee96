import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
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
    chooseFolder: (title) => open({ title, properties: ['openDirectory', 'createDirectory'] }),
    chooseSaveFile: (title, defaultName, extension) => save({ title, defaultPath: defaultName, filters: [{ name: extension, extensions: [extension] }] }),
    chooseOpenFile: (title, extension) =>
      open({ title, properties: ['openFile'], filters: [{ name: extension, extensions: [extension] }, { name: 'All files', extensions: ['*'] }] }),
  };
}
