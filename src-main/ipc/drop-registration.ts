import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ErrorCode } from '../../src-shared/errors';
import type { Result } from '../../src-shared/result';
import type { KeyFileGrants } from '../keys/key-file-grants';

const DropRequestSchema = z.object({ path: z.string().min(1).max(4096) }).strict();

const failure = (code: ErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

export interface DropRegistrationOptions<Sender> {
  grants: KeyFileGrants;
  isTrustedSender: (sender: Sender) => boolean;
  senderId: (sender: Sender) => string;
}

/**
 * Answers the preload-only channel that turns a dropped file's path into a one-time handle. The payload
 * is checked like any IPC request (sender, shape, size) and the path must name a regular file.
 */
export function createDropRegistration<Sender>({ grants, isTrustedSender, senderId }: DropRegistrationOptions<Sender>) {
  return (payload: unknown, sender: Sender): Result<{ handle: string }> => {
    if (!isTrustedSender(sender)) return failure('FORBIDDEN', 'This request did not come from the app window and was refused.');
    const parsed = DropRequestSchema.safeParse(payload);
    if (!parsed.success || !path.isAbsolute(parsed.data.path)) return failure('BAD_REQUEST', 'The dropped file could not be taken. Drop it again, or use “Choose file…”.');
    let isFile: boolean;
    try {
      isFile = statSync(parsed.data.path).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile) return failure('FILE_UNREADABLE', 'The dropped item is not a file this app can read. Drop the .p8 file itself, or use “Choose file…”.');
    return { ok: true, value: { handle: grants.registerDrop(parsed.data.path, senderId(sender)) } };
  };
}
