import { describe, expect, it } from 'vitest';
import { exportOptions, slotsFor, type ExportFlags } from '../../../src-main/cli/export-commands';
import { UsageError } from '../../../src-main/cli/usage-error';
import { isAppError } from '../../../src-shared/errors';
import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';

function key(id: string, kind: KeyKind, revoked = false): KeySummary {
  return {
    id, keyId: id.toUpperCase().padEnd(10, '0'), name: id, kind, issuerId: kind === 'asc-individual' ? undefined : '57246542-96fe-1a63-e053-0824d011072a', bundleIds: [],
    originalFileName: '', publicKeyPem: '', fingerprint: '', notes: '', tags: [], createdAt: '', updatedAt: '', revoked, sourceFormat: 'pkcs8', exports: [], usedIn: [],
  };
}

const purchase = key('purchase', 'in-app-purchase');
const team = key('team', 'asc-team');
const individual = key('individual', 'asc-individual');

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('export KEY --to TARGET [--with KEY2]: which slot each key fills', () => {
  it.each([
    { name: 'an In-App Purchase key for Adapty', target: 'adapty', primary: purchase, secondary: undefined, slots: { inAppPurchaseKey: 'purchase' } },
    { name: 'a team key for fastlane', target: 'fastlane', primary: team, secondary: undefined, slots: { apiKey: 'team' } },
    { name: 'any key for dotenv', target: 'dotenv', primary: individual, secondary: undefined, slots: { key: 'individual' } },
    { name: 'both Qonversion keys, the In-App Purchase key first', target: 'qonversion', primary: purchase, secondary: team, slots: { inAppPurchaseKey: 'purchase', apiKey: 'team' } },
    { name: 'both Qonversion keys, the API key first', target: 'qonversion', primary: team, secondary: purchase, slots: { apiKey: 'team', inAppPurchaseKey: 'purchase' } },
    { name: 'RevenueCat without its optional API key', target: 'revenuecat', primary: purchase, secondary: undefined, slots: { inAppPurchaseKey: 'purchase' } },
    // No slot takes it: the first, so that the service names the kind the target needs.
    { name: 'a team key offered to Adapty', target: 'adapty', primary: team, secondary: undefined, slots: { inAppPurchaseKey: 'team' } },
  ] as const)('puts $name in its slot', ({ target, primary, secondary, slots }) => {
    expect(slotsFor(target, primary, secondary, false)).toEqual(slots);
  });

  it('asks for --with when a two-key target gets one key, after checking the one it got', () => {
    expect(thrown(() => slotsFor('qonversion', team, undefined, false))).toEqual(new UsageError('Qonversion needs two keys: give the In-App Purchase key with --with KEY.'));
    expect(thrown(() => slotsFor('qonversion', individual, undefined, false))).toMatchObject({ code: 'WRONG_KEY_KIND' });
    expect(thrown(() => slotsFor('qonversion', key('old', 'asc-team', true), undefined, false))).toMatchObject({ code: 'KEY_REVOKED' });
  });

  it('refuses --with for a target that takes one key', () => {
    expect(thrown(() => slotsFor('fastlane', team, purchase, false))).toBeInstanceOf(UsageError);
  });
});

describe('export target options as flags', () => {
  const flags = (to: ExportFlags['to'], extra: Partial<ExportFlags> = {}): ExportFlags => ({ to, ...extra });

  it('passes each target its own options, with the app’s defaults', () => {
    expect(exportOptions(flags('fastlane', { duration: 600, inHouse: true }))).toEqual({ allowRevoked: false, duration: 600, inHouse: true });
    expect(exportOptions(flags('dotenv', { pemStyle: 'base64', variableName: { keyId: 'KEY' } }))).toEqual({
      allowRevoked: false, variableNames: { keyId: 'KEY' }, pemStyle: 'base64', fileName: '.env',
    });
    expect(exportOptions(flags('github-actions', { repository: 'acme/app', allowRevoked: true }))).toEqual({ allowRevoked: true, secretNames: {}, repository: 'acme/app' });
    expect(exportOptions(flags('altool'))).toEqual({ allowRevoked: false });
  });

  it('refuses another target’s flag instead of dropping it', () => {
    expect(thrown(() => exportOptions(flags('adapty', { profile: 'staging' })))).toEqual(
      new UsageError('--profile is an option of Expo EAS (--to expo-eas), not of Adapty.'),
    );
  });

  it('reports a value the app refuses as BAD_REQUEST naming the flag', () => {
    const refusal = thrown(() => exportOptions(flags('dotenv', { variableName: { keyId: 'SAME', issuerId: 'SAME' } })));
    expect(isAppError(refusal) && refusal.code).toBe('BAD_REQUEST');
    expect((refusal as Error).message).toBe('--variable-name is not valid: Give each value its own name.');
  });
});
