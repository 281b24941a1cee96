import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';

/** Shows a file, selected, in the system's file manager (Electron: shell.showItemInFolder). */
export type ShowItemInFolder = (filePath: string) => void;

/** Enough for every export of a session; the oldest is forgotten first. */
const REMEMBERED_EXPORTS = 50;

/**
 * The exports main wrote in this run, each under a random id. The renderer asks to see an export by its id,
 * never by a path, so it cannot make main reveal any other file.
 */
export class WrittenExports {
  private readonly files = new Map<string, string>();

  constructor(
    private readonly showItemInFolder: ShowItemInFolder,
    private readonly fileExists: (filePath: string) => boolean = existsSync,
  ) {}

  /** Remembers a file main has just written; returns the id that shows it. */
  remember(filePath: string): string {
    const id = randomUUID();
    this.files.set(id, filePath);
    const oldest = this.files.keys().next().value;
    if (this.files.size > REMEMBERED_EXPORTS && oldest !== undefined) this.files.delete(oldest);
    return id;
  }

  showInFolder(exportId: string): void {
    const file = this.files.get(exportId);
    if (file === undefined) throw new AppError('NOT_FOUND', 'The app no longer knows where this export went. Write the files again to open their folder.');
    if (!this.fileExists(file)) {
      throw new AppError('NOT_FOUND', `${path.basename(file)} is no longer in ${path.dirname(file)}: it was moved or deleted. Write the files again if you need them.`);
    }
    this.showItemInFolder(file);
  }
}
