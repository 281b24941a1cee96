import { APPLE_PAGES, REVOKE_PAGES } from '../../src-shared/apple/apple-pages';
import type { KeySummary } from '../../src-shared/keys/key-record';
import { REPLACEMENT_STAGE_TEXT } from '../../src-shared/keys/replacement';
import { replacementNotStarted } from '../keys/key-replacement';
import { keyJson, oneLine, type CommandOutput } from './output';
import { resolveKey } from './resolve-key';
import { UsageError } from './usage-error';
import { withUnlockedVault, type VaultServices, type VaultTarget } from './vault-session';

/** `replace`: the guided replacement of a key, the same job the app shows on the key's page. */

export function startReplacement(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKeys(target, reference, (old, services) => replacementOutput(services.keys.startReplacement(old.id), services));
}

export function replacementStatus(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKeys(target, reference, (old, services) => {
    if (old.replacement === undefined) throw replacementNotStarted(old.name);
    return replacementOutput(old, services);
  });
}

export function useReplacementKey(target: VaultTarget, reference: string, newReference: string): Promise<CommandOutput> {
  return withKeys(target, reference, (old, services) => {
    const fresh = resolveKey(services.keys.listKeys(), newReference);
    return replacementOutput(services.keys.setReplacementKey(old.id, fresh.id), services);
  });
}

/** PLACE is the number `replace status` shows; several may be given. */
export function tickReplacementPlaces(target: VaultTarget, reference: string, numbers: string[], done: boolean): Promise<CommandOutput> {
  return withKeys(target, reference, (old, services) => {
    const places = old.replacement?.places ?? [];
    const chosen = numbers.map((number) => {
      const index = /^\d+$/.test(number) ? Number(number) - 1 : -1;
      const place = places[index];
      if (place === undefined) {
        throw new UsageError(`There is no place ${number}: ${places.length === 0 ? 'none is listed' : `give a number from 1 to ${places.length}`} (see \`replace status\`).`);
      }
      return place;
    });
    let key = old;
    for (const place of chosen) key = services.keys.tickReplacementPlace(old.id, place.id, done);
    return replacementOutput(key, services);
  });
}

export function finishReplacement(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKeys(target, reference, (old, services) => {
    const newKeyId = old.replacement?.newKeyId;
    const finished = services.keys.finishReplacement(old.id);
    const fresh = services.keys.getKey(newKeyId ?? '');
    return {
      json: { key: keyJson(finished), newKey: keyJson(fresh) },
      text: `Finished replacing "${finished.name}" (${finished.keyId}) with "${fresh.name}" (${fresh.keyId}); "${finished.name}" is marked as revoked.\n`,
    };
  });
}

export function stopReplacement(target: VaultTarget, reference: string): Promise<CommandOutput> {
  return withKeys(target, reference, (old, { keys }) => {
    const stopped = keys.cancelReplacement(old.id);
    const kept = old.replacement?.newKeyId === undefined ? '' : ' The new key stays in the vault.';
    return { json: { key: keyJson(stopped) }, text: `Stopped replacing "${stopped.name}" (${stopped.keyId}).${kept}\n` };
  });
}

function withKeys(target: VaultTarget, reference: string, work: (old: KeySummary, services: VaultServices) => CommandOutput): Promise<CommandOutput> {
  return withUnlockedVault(target, (services) => work(resolveKey(services.keys.listKeys(), reference), services));
}

function replacementOutput(old: KeySummary, { keys }: VaultServices): CommandOutput {
  const replacement = old.replacement;
  if (replacement === undefined) return { json: { key: keyJson(old), newKey: null }, text: `"${old.name}" is not being replaced.\n` };
  const fresh = replacement.newKeyId === undefined ? undefined : keys.getKey(replacement.newKeyId);
  const lines = [`Replacing "${oneLine(old.name)}" (${old.keyId}), started ${replacement.startedAt}: ${REPLACEMENT_STAGE_TEXT[replacement.stage]}.`];
  lines.push(fresh === undefined ? 'New key: none yet. Import it, then `replace use KEY NEW_KEY`.' : `New key: "${oneLine(fresh.name)}" (${fresh.keyId})`);
  const done = replacement.places.filter((place) => place.doneAt !== undefined).length;
  lines.push(`Places (${done} of ${replacement.places.length} done; \`replace tick KEY N\` ticks one off):`);
  if (replacement.places.length === 0) lines.push('  - (none recorded: the key was never exported, and no place was added by hand)');
  replacement.places.forEach((place, index) => {
    const where = place.destination === undefined ? '' : ` in ${oneLine(place.destination)}`;
    const what = place.type === 'export' ? `export to ${oneLine(place.label)}${where}` : oneLine(place.label);
    lines.push(`  ${index + 1}. [${place.doneAt === undefined ? ' ' : 'x'}] ${what}`);
  });
  if (replacement.stage === 'revoke') {
    lines.push(`Next: revoke ${old.keyId} in App Store Connect (${APPLE_PAGES[REVOKE_PAGES[old.kind]]}), then \`replace finish KEY\`.`);
  }
  return { json: { key: keyJson(old), newKey: fresh === undefined ? null : keyJson(fresh) }, text: `${lines.join('\n')}\n` };
}
