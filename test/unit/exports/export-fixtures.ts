import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ExportKeyMaterial } from '../../../src-main/exports/export-plan';
import { parseP8 } from '../../../src-main/keys/parse-p8';
import type { ExportSlotId } from '../../../src-shared/exports/export-targets';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, generateP256Key, utf8 } from '../../helpers/keys';

export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const TEAM_ISSUER_ID = '69a6de7e-0000-47e3-e053-5b8c7c11a4d1';

/** A key as an export target sees it: the stored summary and the material main decrypts for it. */
export interface ExportFixtureKey {
  record: KeySummary;
  material: ExportKeyMaterial;
}

const KEY_IDS: Record<KeyKind, string> = { 'in-app-purchase': 'IAPKEY0001', 'asc-team': 'TEAMKEY001', 'asc-individual': 'INDVKEY001' };

/** A fresh P-256 key in App Store Connect's own .p8 form, described as KeyService would describe it. */
export function fixtureKey(kind: KeyKind, overrides: Partial<KeySummary> = {}): ExportFixtureKey {
  const p8Bytes = utf8(appStoreConnectP8(generateP256Key()));
  const parsed = parseP8(p8Bytes);
  const keyId = overrides.keyId ?? KEY_IDS[kind];
  const record: KeySummary = {
    id: randomUUID(),
    kind,
    name: `Test ${kind} key`,
    keyId,
    ...(kind === 'asc-individual' ? {} : { issuerId: kind === 'asc-team' ? TEAM_ISSUER_ID : ISSUER_ID }),
    bundleIds: kind === 'in-app-purchase' ? ['com.example.game'] : [],
    originalFileName: `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`,
    publicKeyPem: parsed.publicKeyPem,
    fingerprint: parsed.fingerprint,
    notes: '',
    tags: [],
    createdAt: '2025-06-01T10:00:00.000Z',
    updatedAt: '2025-06-01T10:00:00.000Z',
    revoked: false,
    sourceFormat: 'pkcs8',
    exports: [], usedIn: [],
    ...overrides,
  };
  return { record, material: { p8Bytes, pkcs8Pem: parsed.pkcs8Pem } };
}

export type FixtureChoice = Partial<Record<ExportSlotId, ExportFixtureKey>>;

export function recordsOf(choice: FixtureChoice): Partial<Record<ExportSlotId, KeySummary>> {
  return Object.fromEntries(Object.entries(choice).map(([slot, key]) => [slot, key.record]));
}

export function materialsOf(choice: FixtureChoice): Partial<Record<ExportSlotId, ExportKeyMaterial>> {
  return Object.fromEntries(Object.entries(choice).map(([slot, key]) => [slot, key.material]));
}

const PEM_BLOCK = /-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g;

/** Every PEM block in a text, as written. */
export function pemBlocksIn(text: string): string[] {
  return [...text.matchAll(PEM_BLOCK)].map((match) => match[0]);
}

/** The public key (SPKI PEM) a private-key PEM belongs to, derived independently of parseP8. */
export function publicKeyOfPem(pem: string): string {
  return createPublicKey(createPrivateKey(pem)).export({ type: 'spki', format: 'pem' }).toString();
}

/** Asserts that a PEM is the private half of the record's public key. */
export function expectSameKey(pem: string, record: KeySummary): void {
  expect(publicKeyOfPem(pem)).toBe(record.publicKeyPem);
}

/**
 * Nothing meant for the renderer may carry a PEM or any line of one. Given the keys' files, checks
 * that no line of their base64 appears (public keys, which may be shown, are long base64 too);
 * without them, that no run of base64 long enough to be part of a key appears at all.
 */
export function expectNoKeyMaterial(value: unknown, keyFiles: Uint8Array[] = []): void {
  const text = JSON.stringify(value);
  expect(text).not.toMatch(/PRIVATE KEY/);
  if (keyFiles.length === 0) {
    expect(text).not.toMatch(/[A-Za-z0-9+/]{40,}/);
    return;
  }
  for (const file of keyFiles) {
    const body = new TextDecoder().decode(file).replace(/-----[A-Z ]+-----/g, '');
    for (const line of body.split(/\s+/).filter((candidate) => candidate.length >= 16)) expect(text).not.toContain(line);
    expect(text).not.toContain(Buffer.from(file).toString('base64').slice(0, 24));
  }
}
