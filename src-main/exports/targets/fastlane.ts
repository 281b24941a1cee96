import { FASTLANE_IAT_BACKDATE_SECONDS, FASTLANE_MAX_DURATION_SECONDS } from '../../../src-shared/exports/export-options';
import { ASC_MAX_LIFETIME_SECONDS } from '../../../src-shared/signing/apple-token-rules';
import { defineExportTarget } from '../export-plan';
import { pemTextOf } from '../pem-text';
import { shellQuote } from '../shell-quote';
import { field, issuerIdOf, keyIn, textFile } from './target-parts';

const ENV_SECTION = 'Environment variables (app_store_connect_api_key)';

export const fastlaneJsonFileName = (keyId: string) => `fastlane_api_key_${keyId}.json`;

// fastlane reads a missing issuer_id as an individual key (PR fastlane#21987, 2.221.0), but first falls back to
// SPACESHIP_CONNECT_API_ISSUER_ID, and would sign "" as an Issuer ID: so the field is left out, never empty.
const INDIVIDUAL_KEY_NOTICE =
  'Individual keys need fastlane 2.221 or later, which signs as you when there is no issuer_id. pilot and deliver upload builds with one ' +
  'from fastlane 2.233 (earlier versions ask for an Apple ID sign-in to upload); match, cert and sigh need a team key, because Apple keeps ' +
  'individual keys off the provisioning endpoints.';

/**
 * fastlane: the API key JSON file its actions take as `api_key_path`, and the same values as the
 * APP_STORE_CONNECT_API_KEY_* variables its app_store_connect_api_key action reads. An individual key
 * has no Issuer ID, so neither has an issuer_id.
 */
export const fastlaneTarget = defineExportTarget({
  id: 'fastlane',
  layout: ({ keys, options, folder }) => {
    const key = keyIn(keys, 'apiKey');
    const individual = key.kind === 'asc-individual';
    const json = textFile(
      fastlaneJsonFileName(key.keyId),
      individual ? 'The API key JSON file (key_id, key, duration, in_house; no issuer_id).' : 'The API key JSON file (key_id, issuer_id, key, duration, in_house).',
      true,
    );
    const jsonPath = shellQuote(folder.pathOf(json.name));
    return {
      files: [json],
      fields: [
        field.keyId('APP_STORE_CONNECT_API_KEY_KEY_ID', key, ENV_SECTION),
        ...(individual ? [] : [field.issuerId('APP_STORE_CONNECT_API_KEY_ISSUER_ID', key, ENV_SECTION)]),
        field.privateKey('APP_STORE_CONNECT_API_KEY_KEY', 'apiKey', { section: ENV_SECTION }),
        field.setting('APP_STORE_CONNECT_API_KEY_DURATION', String(options.duration), ENV_SECTION),
        field.setting('APP_STORE_CONNECT_API_KEY_IN_HOUSE', String(options.inHouse), ENV_SECTION),
      ],
      checklist: [
        `Keep ${json.name} out of version control (add it to .gitignore) or store it as a CI secret file.`,
        `Pass it to actions with api_key_path, for example: fastlane pilot upload --api_key_path ${jsonPath}.`,
        'Or set the APP_STORE_CONNECT_API_KEY_* variables in CI and call app_store_connect_api_key in your Fastfile.',
        ...(individual
          ? ['Leave APP_STORE_CONNECT_API_KEY_ISSUER_ID and SPACESHIP_CONNECT_API_ISSUER_ID unset where fastlane runs: with an Issuer ID, fastlane signs as a team key and Apple refuses the token.']
          : []),
        `fastlane signs each token from ${FASTLANE_IAT_BACKDATE_SECONDS} seconds before now to duration (${options.duration}) seconds after it, so each ` +
          `lives ${options.duration + FASTLANE_IAT_BACKDATE_SECONDS} seconds; Apple refuses App Store Connect tokens that live longer than ` +
          `20 minutes (${ASC_MAX_LIFETIME_SECONDS} seconds), so keep duration at ${FASTLANE_MAX_DURATION_SECONDS} or less.`,
      ],
      commands: [
        { label: 'Upload a build to TestFlight', line: `fastlane pilot upload --api_key_path ${jsonPath}` },
        { label: 'Upload metadata and builds to the App Store', line: `fastlane deliver --api_key_path ${jsonPath}` },
      ],
      notices: [
        ...(individual ? [INDIVIDUAL_KEY_NOTICE] : []),
        ...(options.inHouse ? ['in_house is true: use it only for an Apple Developer Enterprise Program team.'] : []),
      ],
    };
  },
  composeTexts: ({ keys, materials, options }) => {
    const key = keyIn(keys, 'apiKey');
    const material = materials.apiKey;
    if (!material) throw new Error('fastlane: no key material');
    const contents = {
      key_id: key.keyId,
      ...(key.kind === 'asc-individual' ? {} : { issuer_id: issuerIdOf(key) }),
      key: pemTextOf(material).trimEnd(),
      duration: options.duration,
      in_house: options.inHouse,
    };
    return { [fastlaneJsonFileName(key.keyId)]: `${JSON.stringify(contents, null, 2)}\n` };
  },
});
