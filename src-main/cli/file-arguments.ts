import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { UsageError } from './usage-error';

/**
 * Files named on the command line, checked before any passphrase is asked for, with messages that
 * name the path as it was typed (the app's own say "Pick it again", for its file dialog).
 */

/** Refuses with FILE_UNREADABLE a path that is missing, a folder, or not readable by this user. */
export function checkFileArgument(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw fileArgumentError(file, (error as NodeJS.ErrnoException).code);
  }
  if (!isFile) throw new AppError('FILE_UNREADABLE', `${file} is a folder or a device, not a file. Give the path of the file.`);
}

export function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** The .p8 files directly in a folder (not in its subfolders), by name; a folder with none is a usage error. */
export function keyFilesIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw fileArgumentError(folder, (error as NodeJS.ErrnoException).code);
  }
  const files = names
    .filter((name) => /\.p8$/i.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((name) => path.join(folder, name))
    .filter((file) => {
      try {
        return statSync(file).isFile();
      } catch {
        return true; // a broken link: reported as that file's refusal
      }
    });
  if (files.length === 0) throw new UsageError(`${folder} holds no .p8 files. A folder given to import is read for the .p8 files directly in it, not in its subfolders.`);
  return files;
}

function fileArgumentError(file: string, code: string | undefined): AppError {
  if (code === 'ENOENT') return new AppError('FILE_UNREADABLE', `There is no file at ${file}. Check the path.`);
  if (code === 'EACCES' || code === 'EPERM') return new AppError('FILE_UNREADABLE', `${file} cannot be read: permission denied. Check its permissions.`);
  if (code === 'ENOTDIR') return new AppError('FILE_UNREADABLE', `${file} is not a path to a file: part of it is a file, not a folder. Check the path.`);
  return new AppError('FILE_UNREADABLE', `${file} cannot be read${code === undefined ? '' : ` (${code})`}.`);
}
