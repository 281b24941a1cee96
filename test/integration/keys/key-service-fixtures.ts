import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { KeyService, type KeyServiceOptions } from '../../../src-main/keys/key-service';
import type { Vault } from '../../../src-main/vault/vault';
import { AppError } from '../../../src-shared/errors';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { createdVault, tempFolder } from '../../helpers/temp-vault';

export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const OTHER_ISSUER_ID = '69a6de7e-0000-47e3-e053-5b8c7c11a4d1';

/** A clock that moves one second per reading, so every timestamp is distinct and predictable. */
export function steppingClock(start = '2025-06-01T10:00:00.000Z'): () => Date {
  let time = Date.parse(start);
  return () => new Date((time += 1000));
}

export interface KeyServiceFixture {
  vault: Vault;
  file: string;
  service: KeyService;
  /** A temp folder for the key files a test writes. */
  folder: string;
  /** What main's clipboard holds; tests set it before a pasted import. */
  clipboard: { text: string };
  /** Writes a key file into `folder` and returns its path. */
  writeKeyFile(name: string, contents: string | Uint8Array): string;
}

/** A fresh unlocked vault in a temp folder with a KeyService over it, both on the same stepping clock. */
export async function keyServiceFixture(options: Partial<Omit<KeyServiceOptions, 'vault'>> = {}): Promise<KeyServiceFixture> {
  const now = steppingClock();
  const { vault, file } = await createdVault({ now });
  const clipboard = { text: '' };
  const service = new KeyService({ vault, now, readClipboardText: () => clipboard.text, ...options });
  const folder = tempFolder();
  return {
    vault,
    file,
    service,
    folder,
    clipboard,
    writeKeyFile: (name, contents) => {
      const filePath = path.join(folder, name);
      writeFileSync(filePath, contents);
      return filePath;
    },
  };
}

/** Everything a refused call must leave as it was. */
export function vaultState(service: KeyService, vault: Vault): { keys: KeySummary[]; events: number; items: number | undefined } {
  return { keys: service.listKeys(), events: vault.events(0, 1).total, items: vault.status().itemCount };
}

export async function refusal(action: () => unknown): Promise<AppError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}
