import { readdirSync, statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { expect } from 'vitest';
import type { KeyImportRequest, KeySummary } from '../../../src-shared/keys/key-record';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import { appStoreConnectP8, generateP256Key, utf8 } from '../../helpers/keys';
import { ISSUER_ID, type KeyServiceFixture } from '../keys/key-service-fixtures';

export interface ImportedTestKey {
  key: KeySummary;
  /** The file exactly as imported. */
  bytes: Uint8Array;
  privateKey: KeyObject;
}

export const DEFAULT_KEY_IDS: Record<KeyKind, string> = { 'in-app-purchase': 'IAPKEY0001', 'asc-team': 'TEAMKEY001', 'asc-individual': 'INDVKEY001' };

/** Imports a fresh key through KeyService from a file named as App Store Connect names it. */
export async function importTestKey(
  fixture: KeyServiceFixture,
  kind: KeyKind,
  options: { keyId?: string; sec1?: boolean; extra?: Partial<Omit<KeyImportRequest, 'source' | 'kind' | 'keyId'>> } = {},
): Promise<ImportedTestKey> {
  const privateKey = generateP256Key();
  const keyId = options.keyId ?? DEFAULT_KEY_IDS[kind];
  const text = options.sec1 ? privateKey.export({ type: 'sec1', format: 'pem' }).toString() : appStoreConnectP8(privateKey);
  const bytes = utf8(text);
  const fileName = `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`;
  const path = fixture.writeKeyFile(fileName, bytes);
  const issuerId = kind === 'asc-individual' ? {} : { issuerId: ISSUER_ID };
  const { key } = await fixture.service.importKey({ source: { type: 'file', path }, kind, ...issuerId, ...options.extra });
  return { key, bytes, privateKey };
}

/** POSIX permission bits of a file or folder. */
export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Owner-only permissions can be checked only where the OS has them. */
export const HAS_POSIX_MODES = process.platform !== 'win32';

export function expectOwnerOnly(path: string, mode = 0o600): void {
  if (HAS_POSIX_MODES) expect(modeOf(path)).toBe(mode);
}

export function filesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}
