import type { KeyKind } from '../../src-shared/keys/key-kind';

/** The first question: what the key is for, in the words of the tools that need it. */
export const KEY_PURPOSES = [
  {
    id: 'purchases',
    label: 'Validate purchases and sign subscription offers',
    usedBy: 'RevenueCat, Adapty, Qonversion runtime, your own server',
    kinds: ['in-app-purchase'],
  },
  {
    id: 'api',
    label: 'Use the App Store Connect API',
    usedBy: 'CI uploads, fastlane, Codemagic, EAS, product catalog sync',
    kinds: ['asc-team', 'asc-individual'],
  },
] as const satisfies ReadonlyArray<{ id: string; label: string; usedBy: string; kinds: readonly KeyKind[] }>;

export type KeyPurposeId = (typeof KEY_PURPOSES)[number]['id'];

export const PURPOSE_NOTES = [
  'The two kinds are not interchangeable: an In-App Purchase key cannot call the App Store Connect API, and an API key cannot validate purchases or sign offers.',
  'Some providers need both, separately: Qonversion asks for an In-App Purchase key and an App Store Connect API key. Set up one, then start guided setup again for the other.',
];
