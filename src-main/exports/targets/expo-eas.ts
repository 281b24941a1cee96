import { defineExportTarget } from '../export-plan';
import { shellQuote } from '../shell-quote';
import { appleFileName, field, issuerIdOf, keyIn, p8File, projectRelativePath, textFile } from './target-parts';

const ENV_SECTION = 'Environment variables';
export const easFragmentFileName = (profile: string) => `eas-submit-${profile}.json`;

/**
 * Expo EAS: an eas.json submit.<profile>.ios fragment for eas submit, and the EXPO_ASC_* variables
 * eas build and eas credentials sign in to App Store Connect with. Both name the key as
 * ./AuthKey_<KEYID>.p8, the place the checklist moves it to: next to eas.json, where eas runs.
 */
export const expoEasTarget = defineExportTarget({
  id: 'expo-eas',
  layout: ({ keys, options }) => {
    const key = keyIn(keys, 'apiKey');
    const keyFile = p8File('apiKey', key, 'The key eas signs in with; keep it next to eas.json, out of version control.');
    const fragment = textFile(easFragmentFileName(options.profile), `Merge into eas.json under submit.${options.profile}.ios.`, false);
    const keyPath = projectRelativePath(keyFile.name);
    return {
      files: [keyFile, fragment],
      fields: [
        field.projectPath('EXPO_ASC_API_KEY_PATH', keyFile.name, ENV_SECTION),
        field.keyId('EXPO_ASC_KEY_ID', key, ENV_SECTION),
        field.issuerId('EXPO_ASC_ISSUER_ID', key, ENV_SECTION),
      ],
      checklist: [
        `Move ${keyFile.name} into your project folder next to eas.json, and add it to .gitignore.`,
        `Merge ${fragment.name} into eas.json: submit.${options.profile}.ios gets ascApiKeyPath ${keyPath}, ascApiKeyIssuerId and ascApiKeyId, which eas submit reads.`,
        `For eas build and eas credentials, set EXPO_ASC_API_KEY_PATH=${keyPath}, EXPO_ASC_KEY_ID and EXPO_ASC_ISSUER_ID; both paths are relative to the project folder, so run eas from there.`,
        `In CI, write the key from a secret to ${keyPath} in the project folder before running eas.`,
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
          ios: { ascApiKeyPath: projectRelativePath(appleFileName(key)), ascApiKeyIssuerId: issuerIdOf(key), ascApiKeyId: key.keyId },
        },
      },
    };
    return { [easFragmentFileName(options.profile)]: `${JSON.stringify(fragment, null, 2)}\n` };
  },
});
