import type { KeyKind } from '../../../src-shared/keys/key-kind';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { appStoreConnectP8, generateP256Key } from '../../helpers/keys';
import type { AppHarness } from './app-harness';
import { E2E_PASSPHRASE } from './e2e-passphrase';

export const MANY_KEYS_ISSUER_ID = '69a6de70-03db-47e3-e053-5b8c7c11a4d1';

const KINDS: KeyKind[] = ['in-app-purchase', 'asc-team', 'in-app-purchase', 'asc-individual'];
const APPS = ['Fitness', 'Recipes', 'Weather', 'Podcasts', 'Meditation', 'Budget', 'Travel', 'Photo Lab', 'Language Coach', 'Chess'];

/** The Key ID of the index-th seeded key: `MK` and eight more upper-case letters or digits. */
export const manyKeyId = (index: number) => `MK${String(index).padStart(4, '0')}SEED`;

/** A name as people write them; every seventh is long enough that the list must cut it short. */
function nameOf(index: number, kind: KeyKind): string {
  const app = APPS[index % APPS.length]!;
  const what = kind === 'in-app-purchase' ? 'subscriptions' : kind === 'asc-team' ? 'CI uploads' : 'my own API key';
  const base = `${app} ${what} ${String(index).padStart(3, '0')}`;
  return index % 7 === 3 ? `${base} for the production server that validates receipts and renews offers, rotated every spring` : base;
}

/**
 * Adds `count` generated keys to the harness's vault in one transaction (through KeyService.importBatch, as a
 * bundle import does), creating and unlocking the vault first. Every fifth key is marked revoked, and every
 * third has signed a token, the newest for the highest index. The private keys are registered with the scanner.
 */
export async function seedManyKeys(harness: AppHarness, count: number): Promise<KeySummary[]> {
  const state = harness.vault.status().state;
  if (state === 'none') await harness.vault.create(E2E_PASSPHRASE);
  else if (state === 'locked') await harness.vault.unlock(E2E_PASSPHRASE);
  const inputs = Array.from({ length: count }, (_, index) => {
    const kind = KINDS[index % KINDS.length]!;
    const pem = appStoreConnectP8(generateP256Key());
    harness.addSecret(pem);
    const keyId = manyKeyId(index);
    return {
      bytes: Buffer.from(pem),
      fileName: `${kind === 'in-app-purchase' ? 'SubscriptionKey' : 'AuthKey'}_${keyId}.p8`,
      kind,
      ...(kind === 'asc-individual' ? {} : { issuerId: MANY_KEYS_ISSUER_ID }),
      name: nameOf(index, kind),
      bundleIds: kind === 'in-app-purchase' ? [`com.example.app${index}`] : [],
      ...(index % 5 === 4 ? { revoked: true } : {}),
    };
  });
  const { imported } = harness.services.keys.importBatch(inputs, { origin: 'by the test fixture' });
  harness.vault.transaction((writer) => {
    imported.forEach(({ key }, index) => {
      if (index % 3 === 0) writer.appendEvent({ type: 'token.issued', summary: `Signed a test token with ${key.keyId}`, itemId: key.id });
    });
  });
  return imported.map(({ key }) => key);
}
