import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { appleFileName, field, issuerIdOf, keyIn, p8File, textFile } from './target-parts';

const ENV_SECTION = 'Environment variables';
export const easFragmentFileName = (profile: string) => `eas-submit-${profile}.json`;

/** Expo EAS Submit: an eas.json submit.<profile>.ios fragment, and the EXPO_ASC_* variables. */
export const expoEasTarget = defineExportTarget({
  id: 'expo-eas',
  layout: ({ keys, options, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const keyFile = p8File('apiKey', key, 'The key eas submit signs with; keep it next to eas.json, out of version control.');
    const fragment = textFile(easFragmentFileName(options.profile), `Merge into eas.json under submit.${options.profile}.ios.`, false);
    return {
      files: [keyFile, fragment],
      fields: [
        field.path('EXPO_ASC_API_KEY_PATH', folder, keyFile.name, ENV_SECTION),
        field.keyId('EXPO_ASC_KEY_ID', key, ENV_SECTION),
        field.issuerId('EXPO_ASC_ISSUER_ID', key, ENV_SECTION),
      ],
      checklist: [
        `Move ${keyFile.name} into your project folder next to eas.json, and add it to .gitignore.`,
        `Merge ${fragment.name} into eas.json: submit.${options.profile}.ios gets ascApiKeyPath, ascApiKeyIssuerId and ascApiKeyId.`,
        'Or, in CI, set EXPO_ASC_API_KEY_PATH, EXPO_ASC_KEY_ID and EXPO_ASC_ISSUER_ID instead.',
      ],
      commands: [{ label: 'Submit the latest iOS build', line: `eas submit --platform ios --profile ${shellQuote(options.profile)}` }],
      notices: [],
    };
  },
  composeTexts: ({ keys, options }) => {
    const key = keyIn(keys, 'apiKey');
    const fragment = {
      submit: {
        [options.profile]: {
          ios: { ascApiKeyPath: `./${appleFileName(key)}`, ascApiKeyIssuerId: issuerIdOf(key), ascApiKeyId: key.keyId },
        },
      },
    };
    return { [easFragmentFileName(options.profile)]: `${JSON.stringify(fragment, null, 2)}\n` };
  },
});
