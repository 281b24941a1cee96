import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';

/**
 * The plaintext .p8 files this session imported and verified. Only these may be deleted on the
 * user's request, so a renderer cannot ask main to delete any other file.
 */
export class ImportedSourceFiles {
  private readonly verified = new Set<string>();

  remember(filePath: string): void {
    this.verified.add(path.resolve(filePath));
  }

  async delete(filePath: string): Promise<void> {
    const resolved = path.resolve(filePath);
    if (!this.verified.has(resolved)) {
      throw new AppError('NOT_FOUND', 'Only a key file imported in this session can be deleted from here. Delete it in your file manager.');
    }
    await rm(resolved, { force: true });
    this.verified.delete(resolved);
  }
}
