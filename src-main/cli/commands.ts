import { normalizeBundleId, normalizeIssuerId, trimPasted } from '../../src-shared/keys/identifiers';
import type { KeySummary, KeyUpdate } from '../../src-shared/keys/key-record';
import { KeyUpdateSchema } from '../../src-shared/keys/key-requests';
import { checkRequest } from './check-request';
import { eventJson, eventTable, keyDetails, keyJson, keyTable, type CommandOutput } from './output';
import { resolveKey } from './resolve-key';
import { UsageError } from './usage-error';
import { changeVaultPassphrase, createLockedVault, vaultFileExists, withUnlockedVault, type VaultServices, type VaultTarget } from './vault-session';

/** What each command does with the app's services; the command line itself is parsed in program.ts. */

export interface EventsOptions {
  limit: number;
  offset: number;
}

export async function initVault(target: VaultTarget): Promise<CommandOutput> {
  await createLockedVault(target);
  return {
    json: { path: target.vaultPath, created: true },
    text: `Created a vault at ${target.vaultPath}. It is locked; every command unlocks it for its own run.`,
  };
}

/** `askNew` was prepared before anything ran, so a missing source of the new passphrase is a usage error before the unlock. */
export async function changePassphrase(target: VaultTarget, askNew: () => Promise<string>): Promise<CommandOutput> {
  const { quickUnlockTurnedOff } = await changeVaultPassphrase(target, askNew);
  const quickUnlockText = quickUnlockTurnedOff ? '\nQuick unlock was turned off in the app: turn it on again there after unlocking with the new passphrase.' : '';
  return {
    json: { path: target.vaultPath, changed: true, quickUnlockTurnedOff },
    text:
      `Changed the passphrase of ${target.vaultPath}. Every record was re-encrypted under a new vault key, so an old copy of the file ` +
      `and the old passphrase open nothing added from now on; backups made before still open with the old passphrase.${quickUnlockText}`,
  };
}

/** Without `unlock`, says only whether the file is there: nothing about the contents is known before unlocking. */
export async function vaultStatus(target: VaultTarget, unlock: boolean): Promise<CommandOutput> {
  const keyCount = unlock ? await withUnlockedVault(target, ({ keys }) => keys.listKeys().length) : null;
  const exists = keyCount !== null || vaultFileExists(target);
  const json = { path: target.vaultPath, exists, unlocked: keyCount !== null, keyCount };
  if (!exists) return { json, text: `No vault at ${target.vaultPath}. Create one with \`init\`.` };
  if (keyCount === null) return { json, text: `Vault: ${target.vaultPath}\nState: locked (add --unlock to check the passphrase and count the keys)` };
  return { json, text: `Vault: ${target.vaultPath}\nState: the passphrase unlocks it\nKeys:  ${keyCount}` };
}

/** `width` fits the table to a terminal; undefined prints every name whole. */
export function listKeys(target: VaultTarget, query: string, width: number | undefined): Promise<CommandOutput> {
  return withUnlockedVault(target, ({ keys }) => {
    const found = keys.listKeys(query);
    return { json: { keys: found.map(keyJson) }, text: keyTable(found, query, width) };
  });
}

export function showKey(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKey(target, reference, (key) => keyOutput(key));
}

export async function updateKey(target: VaultTarget, reference: string, update: KeyUpdate): Promise<CommandOutput> {
  if (Object.keys(update).length === 0) {
    throw new UsageError('Nothing to change: give at least one of --name, --notes, --tag, --clear-tags, --bundle-id, --clear-bundle-ids, --issuer-id, --environment, --clear-environment.');
  }
  const checked = checkRequest(KeyUpdateSchema, update);
  // The values' own shape, before the passphrase; whether the key takes an Issuer ID at all is known only after the unlock.
  if (checked.issuerId !== undefined && trimPasted(checked.issuerId) !== '') normalizeIssuerId(checked.issuerId);
  for (const bundleId of checked.bundleIds ?? []) normalizeBundleId(bundleId);
  return withKey(target, reference, (key, { keys }) => keyOutput(keys.updateKey(key.id, checked), 'Updated'));
}

export function revokeKey(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKey(target, reference, (key, { keys }) => keyOutput(keys.revokeKey(key.id), 'Marked as revoked:'));
}

export function unrevokeKey(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKey(target, reference, (key, { keys }) => keyOutput(keys.unrevokeKey(key.id), 'Marked as active:'));
}

export function deleteKey(target: VaultTarget, reference: string, confirmKeyId: string): Promise<CommandOutput> {
  return withKey(target, reference, (key, { keys }) => {
    keys.deleteKey(key.id, confirmKeyId);
    return {
      json: { deleted: { id: key.id, keyId: key.keyId, name: key.name } },
      text: `Deleted "${key.name}" (${key.keyId}) from the vault.`,
    };
  });
}

export function listEvents(target: VaultTarget, { limit, offset }: EventsOptions): Promise<CommandOutput> {
  return withUnlockedVault(target, ({ vault }) => {
    const page = vault.events(offset, limit);
    return { json: { events: page.events.map(eventJson), total: page.total }, text: eventTable(page.events, page.total) };
  });
}

export function withKey(target: VaultTarget, reference: string, work: (key: KeySummary, services: VaultServices) => CommandOutput): Promise<CommandOutput> {
  return withUnlockedVault(target, (services) => work(resolveKey(services.keys.listKeys(), reference), services));
}

function keyOutput(key: KeySummary, heading?: string): CommandOutput {
  const text = keyDetails(key);
  return { json: { key: keyJson(key) }, text: heading === undefined ? text : `${heading} "${key.name}" (${key.keyId})\n\n${text}` };
}
