import { randomUUID } from 'node:crypto';
import { link, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';

export interface WriteFileOptions {
  /** POSIX permission bits; set on the temp file before it takes the final name. */
  mode: number;
  /** Without it, an existing file is refused with FILE_EXISTS and left unchanged. */
  overwrite: boolean;
}

export type WriteFile = (filePath: string, contents: Uint8Array, options: WriteFileOptions) => Promise<void>;

// Hard links are how "create, but never replace" is atomic; some file systems (FAT, some network shares) lack them.
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Writes beside the target under a temporary name, flushes, then gives it the final name, so a crash
 * or a full disk never leaves a half-written key file or backup where a tool would read it.
 */
export async function writeFileAtomically(filePath: string, contents: Uint8Array, { mode, overwrite }: WriteFileOptions): Promise<void> {
  const folder = path.dirname(filePath);
  const temp = path.join(folder, `.${path.basename(filePath)}.${randomUUID()}.partial`);
  try {
    const handle = await open(temp, 'wx', mode).catch((error: unknown) => {
      throw destinationError(folder, error);
    });
    try {
      await handle.chmod(mode).catch(() => undefined); // Windows keeps only the read-only bit.
      await handle.writeFile(contents);
      await handle.sync();
    } catch (error) {
      throw destinationError(folder, error);
    } finally {
      await handle.close();
    }
    if (overwrite) {
      await rename(temp, filePath).catch((error: unknown) => {
        throw destinationError(folder, error);
      });
      return;
    }
    await placeWithoutReplacing(temp, filePath);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Gives a finished temp file its final name, refusing with FILE_EXISTS (atomically, where hard links work) to replace anything. */
export async function placeWithoutReplacing(temp: string, filePath: string): Promise<void> {
  try {
    await link(temp, filePath);
    await unlink(temp);
    return;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') throw fileExists(filePath);
    if (!NO_HARD_LINKS.has(code)) throw destinationError(path.dirname(filePath), error);
  }
  if (await stat(filePath).then(() => true, () => false)) throw fileExists(filePath);
  await rename(temp, filePath).catch((error: unknown) => {
    throw destinationError(path.dirname(filePath), error);
  });
}

export function fileExists(filePath: string): AppError {
  return new AppError(
    'FILE_EXISTS',
    `${path.basename(filePath)} already exists in ${path.dirname(filePath)}. Nothing was written. Choose another folder, or allow replacing it.`,
    { fileName: path.basename(filePath) },
  );
}

export function destinationError(folder: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = errorCode(error);
  const reason =
    code === 'ENOENT'
      ? 'is not there; it may have been moved or deleted'
      : code === 'EACCES' || code === 'EPERM'
        ? 'cannot be written by this app; check its permissions'
        : code === 'EROFS'
          ? 'is on a read-only disk'
          : code === 'ENOSPC' || code === 'EDQUOT'
            ? 'is on a disk that is full'
            : code === 'ENOTDIR'
              ? 'is not a folder'
              : `could not be written${code ? ` (${code})` : ''}`;
  return new AppError('DESTINATION_UNWRITABLE', `The folder ${folder} ${reason}. Choose another folder.`);
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}
