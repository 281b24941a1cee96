import { AppError } from '../errors';
import { KEY_KIND_LABELS, KEY_KIND_SOURCES, type KeyKind } from '../keys/key-kind';
import { EXPORT_TARGETS, type ExportSlotId, type ExportSlotSpec, type ExportTargetId } from './export-targets';

/** What the kind rules need to know about a key; a KeySummary fits. */
export interface ExportKeyInfo {
  kind: KeyKind;
  keyId: string;
  name: string;
  revoked: boolean;
  issuerId?: string;
}

export type ExportKeyChoice<Key> = Partial<Record<ExportSlotId, Key>>;

const FILE_NAMES: Record<KeyKind, string> = {
  'in-app-purchase': 'SubscriptionKey_….p8',
  'asc-team': 'AuthKey_….p8',
  'asc-individual': 'AuthKey_….p8',
};

export function exportSlot(targetId: ExportTargetId, slot: ExportSlotId): ExportSlotSpec | undefined {
  return EXPORT_TARGETS[targetId].slots.find((spec) => spec.slot === slot);
}

/** True when a key of this kind fits this slot; lets the screen offer only the keys that will work. */
export function canExportToSlot(targetId: ExportTargetId, slot: ExportSlotId, kind: KeyKind): boolean {
  return exportSlot(targetId, slot)?.kinds.includes(kind) ?? false;
}

/**
 * Throws KEY_REVOKED (unless allowed) or WRONG_KEY_KIND, naming the App Store Connect tab the right
 * key comes from, and ISSUER_ID_REQUIRED for a key that should have an Issuer ID but has none saved.
 */
export function checkKeyForSlot(targetId: ExportTargetId, slot: ExportSlotId, key: ExportKeyInfo, options: { allowRevoked: boolean }): void {
  const target = EXPORT_TARGETS[targetId];
  const spec = exportSlot(targetId, slot);
  if (!spec) throw new AppError('BAD_REQUEST', `${target.label} does not take a key there. Choose the keys it asks for.`);
  const described = `"${key.name}" (${key.keyId})`;
  if (!spec.kinds.includes(key.kind)) throw wrongKind(target.label, spec, key.kind, described);
  if (key.revoked && !options.allowRevoked) {
    throw new AppError(
      'KEY_REVOKED',
      `${described} is marked as revoked: Apple refuses it, so ${target.label} would too. ` +
        `Choose an active key, or turn on "Export revoked keys" if you mean to export it anyway.`,
    );
  }
  if (key.kind !== 'asc-individual' && (key.issuerId === undefined || key.issuerId.trim() === '')) {
    throw new AppError(
      'ISSUER_ID_REQUIRED',
      `${target.label} asks for the Issuer ID, and ${described} has none saved. ` +
        `Copy it from ${KEY_KIND_SOURCES[key.kind]} in App Store Connect, where it is shown above the list of keys, and add it to the key.`,
    );
  }
}

/** Checks a whole choice: every required slot filled, no slot the target lacks, every key fits its slot. */
export function checkExportChoice(targetId: ExportTargetId, keys: ExportKeyChoice<ExportKeyInfo>, options: { allowRevoked: boolean }): void {
  const target = EXPORT_TARGETS[targetId];
  for (const slot of Object.keys(keys) as ExportSlotId[]) {
    if (keys[slot] !== undefined && !exportSlot(targetId, slot)) {
      throw new AppError('BAD_REQUEST', `${target.label} does not take a key there. Choose the keys it asks for.`);
    }
  }
  const required = target.slots.filter((spec) => spec.required);
  const missing = required.find((spec) => keys[spec.slot] === undefined);
  if (missing) {
    const both = required.length > 1 ? `${target.label} needs ${required.length} keys: ${required.map((spec) => `an ${spec.label}`).join(' and ')}. ` : '';
    throw new AppError('BAD_REQUEST', `${both}Choose the ${missing.label} for ${target.label}.`);
  }
  for (const spec of target.slots) {
    const key = keys[spec.slot];
    if (key !== undefined) checkKeyForSlot(targetId, spec.slot, key, options);
  }
}

function wrongKind(targetLabel: string, spec: ExportSlotSpec, kind: KeyKind, described: string): AppError {
  const details = { keyKind: kind, neededKind: spec.kinds.join(',') };
  if (kind === 'asc-individual' && spec.kinds.includes('asc-team')) {
    return new AppError(
      'WRONG_KEY_KIND',
      `${described} is an ${KEY_KIND_LABELS[kind]}, which has no Issuer ID. ${targetLabel} asks for an Issuer ID, so it needs a team key, ` +
        `from ${KEY_KIND_SOURCES['asc-team']} in App Store Connect (named ${FILE_NAMES['asc-team']}).`,
      details,
    );
  }
  if (spec.kinds.includes('asc-team') && spec.kinds.includes('asc-individual')) {
    return new AppError(
      'WRONG_KEY_KIND',
      `${described} is an ${KEY_KIND_LABELS[kind]}. ${targetLabel} needs an ${spec.label} here (named ${FILE_NAMES['asc-team']}): ` +
        `a team key from ${KEY_KIND_SOURCES['asc-team']} in App Store Connect, or an individual key from ${KEY_KIND_SOURCES['asc-individual']}.`,
      details,
    );
  }
  const needed = spec.kinds[0] ?? 'asc-team';
  const neededLabel = spec.kinds.length === 1 ? `an ${KEY_KIND_LABELS[needed]}` : `an ${spec.label}`;
  return new AppError(
    'WRONG_KEY_KIND',
    `${described} is an ${KEY_KIND_LABELS[kind]}. ${targetLabel} needs ${neededLabel} here, ` +
      `from ${KEY_KIND_SOURCES[needed]} in App Store Connect (named ${FILE_NAMES[needed]}), not from the tab next to it.`,
    details,
  );
}
