import { AppError } from '../../../src-shared/errors';
import { normalizeBundleId } from '../../../src-shared/keys/identifiers';
import type { KeySummary } from '../../../src-shared/keys/key-record';
import { defineExportTarget } from '../export-plan';
import { field, keyIn, p8File } from './target-parts';

const SECTION = 'In-App Purchase API (StoreKit 2)';

/** Adapty: App settings → iOS SDK; the Bundle ID comes first, then the In-App Purchase API (StoreKit 2) fields. */
export const adaptyTarget = defineExportTarget({
  id: 'adapty',
  layout: ({ keys, options }) => {
    const key = keyIn(keys, 'inAppPurchaseKey');
    const bundleId = chooseBundleId(key, options.bundleId);
    const file = p8File('inAppPurchaseKey', key, 'Upload as the In-App Purchase API private key (.p8).');
    const others = key.bundleIds.filter((candidate) => candidate !== bundleId);
    return {
      files: [file],
      fields: [
        field.bundleId('Bundle ID', bundleId),
        field.issuerId('In-App Purchase Issuer ID', key, SECTION),
        field.keyId('In-App Purchase Key ID', key, SECTION),
      ],
      checklist: [
        'In the Adapty dashboard, open App settings from the top menu, then the iOS SDK tab.',
        `Enter the Bundle ID first: ${bundleId}.`,
        `Under ${SECTION}, enter the In-App Purchase Issuer ID: ${key.issuerId}.`,
        `Enter the In-App Purchase Key ID: ${key.keyId}.`,
        `Upload ${file.name} as the private key (.p8 file).`,
        'Save.',
      ],
      commands: [],
      notices:
        options.bundleId === undefined && others.length > 0
          ? [`This key lists ${key.bundleIds.length} bundle IDs; ${bundleId} is used. Choose another in the options for a different app.`]
          : [],
    };
  },
});

function chooseBundleId(key: KeySummary, chosen: string | undefined): string {
  if (chosen !== undefined && chosen.trim() !== '') return normalizeBundleId(chosen);
  const [first] = key.bundleIds;
  if (first !== undefined) return first;
  throw new AppError(
    'BUNDLE_ID_REQUIRED',
    `Adapty asks for the app’s Bundle ID before the key. "${key.name}" has no bundle ID saved: type the Bundle ID ` +
      '(App Store Connect shows it under App Information), or add it to the key.',
  );
}
