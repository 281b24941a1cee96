import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import type { KeyFileRef } from '../../src-shared/keys/key-record';

interface Grant {
  path: string;
  /** The window the id was issued to; no other may use it. */
  sender: string;
}

// Each choice, drop or download adds one; a long session must not grow without end.
const MAX_ENTRIES = 200;

function remember(map: Map<string, Grant>, grant: Grant): string {
  const id = randomBytes(18).toString('base64url');
  map.set(id, grant);
  for (const oldest of map.keys()) {
    if (map.size <= MAX_ENTRIES) break;
    map.delete(oldest);
  }
  return id;
}

/**
 * The key files the renderer may ask main to read: each one main chose in its open dialog, found in the
 * watched Downloads folder, or took from a drop through a one-time handle. The renderer holds only ids.
 */
export class KeyFileGrants {
  private readonly files = new Map<string, Grant>();
  private readonly drops = new Map<string, Grant>();

  /** Issues the id of a file main chose itself (dialog, Downloads). */
  grant(filePath: string, sender: string): KeyFileRef {
    const resolved = path.resolve(filePath);
    return { fileId: remember(this.files, { path: resolved, sender }), fileName: path.basename(resolved) };
  }

  /** The path behind an id, for the window it was issued to. */
  pathOf(fileId: string, sender: string): string {
    const grant = this.files.get(fileId);
    if (!grant) throw new AppError('NOT_FOUND', 'The app no longer has this key file open. Choose the file again, or drop it on the window.');
    if (grant.sender !== sender) throw new AppError('FORBIDDEN', 'This key file was opened in another window. Choose it again here.');
    return grant.path;
  }

  /** Registers the path of a file dropped on `sender`'s window (the preload found it); returns the one-time handle. */
  registerDrop(filePath: string, sender: string): string {
    return remember(this.drops, { path: path.resolve(filePath), sender });
  }

  /** Uses a drop handle, once: it is forgotten whatever the outcome, and turned into a file id for its own window. */
  redeemDrop(handle: string, sender: string): KeyFileRef {
    const drop = this.drops.get(handle);
    this.drops.delete(handle);
    if (!drop) throw new AppError('NOT_FOUND', 'This dropped file was already taken, or never arrived. Drop the file again.');
    if (drop.sender !== sender) throw new AppError('FORBIDDEN', 'This dropped file belongs to another window. Drop the file again here.');
    return this.grant(drop.path, sender);
  }
}
