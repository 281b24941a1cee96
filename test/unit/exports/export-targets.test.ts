import { describe, expect, it } from 'vitest';
import type { ExportFolder, ExportPlan } from '../../../src-main/exports/export-plan';
import { absoluteFolder, planExport, previewExport, previewOfPlan, shownFolder } from '../../../src-main/exports/export-planner';
import { inspectToken } from '../../../src-main/signing/inspect-token';
import { FASTLANE_MAX_DURATION_SECONDS, parseExportOptions } from '../../../src-shared/exports/export-options';
import { OWNER_ONLY_FILE_MODE } from '../../../src-shared/exports/export-preview';
import { EXPORT_TARGET_IDS, EXPORT_TARGETS, type ExportSlotId, type ExportTargetId } from '../../../src-shared/exports/export-targets';
import { KEY_KIND_SOURCES, KEY_KINDS } from '../../../src-shared/keys/key-kind';
import { ASC_MAX_LIFETIME_SECONDS } from '../../../src-shared/signing/apple-token-rules';
import { thrownAppError } from '../../helpers/keys';
import {
  expectNoKeyMaterial,
  expectSameKey,
  fixtureKey,
  ISSUER_ID,
  materialsOf,
  pemBlocksIn,
  publicKeyOfPem,
  recordsOf,
  TEAM_ISSUER_ID,
  type ExportFixtureKey,
  type FixtureChoice,
} from './export-fixtures';
import { fastlaneClaims, fastlaneTokenVerifies, signAsFastlane, TOKEN_RB_DEFAULT_DURATION, type FastlaneApiKeyJson } from './fastlane-token';

const iap = fixtureKey('in-app-purchase');
const team = fixtureKey('asc-team');
const individual = fixtureKey('asc-individual');
const renamedIap = fixtureKey('in-app-purchase', { originalFileName: 'SubscriptionKey_IAPKEY0001 (1).p8' });

const HOME = '/home/tester';
const FOLDER = absoluteFolder('/exports/keys', HOME);

/** A private-key field: its value must be the slot's key, as PEM text or the .p8 in base64. */
const secret = (slot: ExportSlotId, form: 'pem' | 'base64' = 'pem') => ({ secret: form, slot }) as const;
type SecretExpectation = ReturnType<typeof secret>;
type FieldRow = [section: string | null, label: string, value: string | SecretExpectation];

interface TargetCase {
  name: string;
  target: ExportTargetId;
  keys: FixtureChoice;
  options?: Record<string, unknown>;
  folder?: ExportFolder;
  files: string[];
  fields: FieldRow[];
  /** Checks on the text files the target composes, by file name. */
  texts?: Record<string, (text: string) => void>;
  commands?: string[];
}

const FASTLANE_ENV = 'Environment variables (app_store_connect_api_key)';
const IAP_API = 'In-App Purchase API (StoreKit 2)';

function expectJsonKeys(text: string, keys: string[]): Record<string, unknown> {
  const json = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(json)).toEqual(keys);
  return json;
}

/** The .p8 as imported, as text without its final newline: what a JSON file embeds as the key. */
const pemOf = (key: ExportFixtureKey) => new TextDecoder().decode(key.material.p8Bytes).trimEnd();

/** The value of NAME="…" (several lines) or NAME=… in a .env text, read the way dotenv reads it. */
function dotenvValue(text: string, name: string): string | undefined {
  const quoted = new RegExp(`^${name}="([\\s\\S]*?)"$`, 'm').exec(text);
  if (quoted) return quoted[1];
  return new RegExp(`^${name}=(.*)$`, 'm').exec(text)?.[1];
}

const catalogue: TargetCase[] = [
  {
    name: 'RevenueCat with its In-App Purchase key',
    target: 'revenuecat',
    keys: { inAppPurchaseKey: iap },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [['In-App Purchase Key', 'Issuer ID', ISSUER_ID]],
  },
  {
    name: 'RevenueCat with an App Store Connect API key for product import',
    target: 'revenuecat',
    keys: { inAppPurchaseKey: iap, apiKey: team },
    files: ['SubscriptionKey_IAPKEY0001.p8', 'AuthKey_TEAMKEY001.p8'],
    fields: [
      ['In-App Purchase Key', 'Issuer ID', ISSUER_ID],
      ['App Store Connect API', 'Key ID', 'TEAMKEY001'],
      ['App Store Connect API', 'Issuer ID', TEAM_ISSUER_ID],
    ],
  },
  {
    name: 'Adapty, Bundle ID first',
    target: 'adapty',
    keys: { inAppPurchaseKey: iap },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      [null, 'Bundle ID', 'com.example.game'],
      [IAP_API, 'In-App Purchase Issuer ID', ISSUER_ID],
      [IAP_API, 'In-App Purchase Key ID', 'IAPKEY0001'],
    ],
  },
  {
    name: 'Adapty with a bundle ID typed for another app',
    target: 'adapty',
    keys: { inAppPurchaseKey: iap },
    options: { bundleId: ' com.example.other ' },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      [null, 'Bundle ID', 'com.example.other'],
      [IAP_API, 'In-App Purchase Issuer ID', ISSUER_ID],
      [IAP_API, 'In-App Purchase Key ID', 'IAPKEY0001'],
    ],
  },
  {
    name: 'Qonversion with both of its keys',
    target: 'qonversion',
    keys: { apiKey: team, inAppPurchaseKey: iap },
    files: ['AuthKey_TEAMKEY001.p8', 'SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      ['App Store Connect API key', 'Key Identifier', 'TEAMKEY001'],
      ['App Store Connect API key', 'Issuer Identifier', TEAM_ISSUER_ID],
      ['In-App Purchase key', 'Key Identifier', 'IAPKEY0001'],
      ['In-App Purchase key', 'Issuer Identifier', ISSUER_ID],
    ],
  },
  {
    name: 'Superwall with both cards filled',
    target: 'superwall',
    keys: { inAppPurchaseKey: iap, apiKey: team },
    files: ['SubscriptionKey_IAPKEY0001.p8', 'AuthKey_TEAMKEY001.p8'],
    fields: [
      ['In-App Purchase Key', 'Key ID', 'IAPKEY0001'],
      ['In-App Purchase Key', 'Issuer ID', ISSUER_ID],
      ['App Store Connect API Key', 'Key ID', 'TEAMKEY001'],
      ['App Store Connect API Key', 'Issuer ID', TEAM_ISSUER_ID],
    ],
  },
  {
    name: 'Apphud, keeping the SubscriptionKey_<KEYID>.p8 name of a renamed download',
    target: 'apphud',
    keys: { inAppPurchaseKey: renamedIap },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      [null, 'Issuer ID', ISSUER_ID],
      [null, 'Key ID', 'IAPKEY0001'],
    ],
  },
  {
    name: 'Adjust',
    target: 'adjust',
    keys: { inAppPurchaseKey: iap },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      [null, 'Key ID', 'IAPKEY0001'],
      [null, 'Issuer ID', ISSUER_ID],
      [null, 'Production Server URL', 'https://subscription.adjust.com/v2/appstore/'],
    ],
  },
  {
    name: 'Purchasely',
    target: 'purchasely',
    keys: { inAppPurchaseKey: iap },
    files: ['SubscriptionKey_IAPKEY0001.p8'],
    fields: [
      [null, 'Private Key Id', 'IAPKEY0001'],
      [null, 'Issuer Id', ISSUER_ID],
    ],
  },
  {
    name: 'fastlane with the default duration',
    target: 'fastlane',
    keys: { apiKey: team },
    files: ['fastlane_api_key_TEAMKEY001.json'],
    fields: [
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY_ID', 'TEAMKEY001'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_ISSUER_ID', TEAM_ISSUER_ID],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY', secret('apiKey')],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_DURATION', '500'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_IN_HOUSE', 'false'],
    ],
    texts: {
      'fastlane_api_key_TEAMKEY001.json': (text) => {
        const json = expectJsonKeys(text, ['key_id', 'issuer_id', 'key', 'duration', 'in_house']);
        expect(json).toMatchObject({ key_id: 'TEAMKEY001', issuer_id: TEAM_ISSUER_ID, duration: 500, in_house: false });
        // The PEM sits on one JSON line with \n escapes, as fastlane's documentation shows it.
        expect(text).toMatch(/"key": "-----BEGIN PRIVATE KEY-----\\n[A-Za-z0-9+/=\\n]+-----END PRIVATE KEY-----"/);
        expectSameKey(json.key as string, team.record);
      },
    },
    commands: [
      'fastlane pilot upload --api_key_path /exports/keys/fastlane_api_key_TEAMKEY001.json',
      'fastlane deliver --api_key_path /exports/keys/fastlane_api_key_TEAMKEY001.json',
    ],
  },
  {
    name: 'fastlane with a shorter duration, in house',
    target: 'fastlane',
    keys: { apiKey: team },
    options: { duration: 600, inHouse: true },
    files: ['fastlane_api_key_TEAMKEY001.json'],
    fields: [
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY_ID', 'TEAMKEY001'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_ISSUER_ID', TEAM_ISSUER_ID],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY', secret('apiKey')],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_DURATION', '600'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_IN_HOUSE', 'true'],
    ],
    texts: {
      'fastlane_api_key_TEAMKEY001.json': (text) => expect(JSON.parse(text)).toMatchObject({ duration: 600, in_house: true }),
    },
  },
  {
    name: 'fastlane with an individual key, which has no issuer_id',
    target: 'fastlane',
    keys: { apiKey: individual },
    files: ['fastlane_api_key_INDVKEY001.json'],
    fields: [
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY_ID', 'INDVKEY001'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_KEY', secret('apiKey')],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_DURATION', '500'],
      [FASTLANE_ENV, 'APP_STORE_CONNECT_API_KEY_IN_HOUSE', 'false'],
    ],
    texts: {
      'fastlane_api_key_INDVKEY001.json': (text) => {
        // fastlane reads a missing issuer_id as an individual key; null or "" would be taken as an Issuer ID.
        expect(JSON.parse(text)).toEqual({ key_id: 'INDVKEY001', key: pemOf(individual), duration: 500, in_house: false });
        expectJsonKeys(text, ['key_id', 'key', 'duration', 'in_house']);
        expect(text).not.toContain('issuer');
      },
    },
    commands: [
      'fastlane pilot upload --api_key_path /exports/keys/fastlane_api_key_INDVKEY001.json',
      'fastlane deliver --api_key_path /exports/keys/fastlane_api_key_INDVKEY001.json',
    ],
  },
  {
    name: 'Codemagic',
    target: 'codemagic',
    keys: { apiKey: team },
    files: ['AuthKey_TEAMKEY001.p8'],
    fields: [
      [null, 'APP_STORE_CONNECT_ISSUER_ID', TEAM_ISSUER_ID],
      [null, 'APP_STORE_CONNECT_KEY_IDENTIFIER', 'TEAMKEY001'],
      [null, 'APP_STORE_CONNECT_PRIVATE_KEY', secret('apiKey')],
    ],
  },
  {
    name: 'Expo EAS with the production profile',
    target: 'expo-eas',
    keys: { apiKey: team },
    files: ['AuthKey_TEAMKEY001.p8', 'eas-submit-production.json'],
    fields: [
      ['Environment variables', 'EXPO_ASC_API_KEY_PATH', './AuthKey_TEAMKEY001.p8'],
      ['Environment variables', 'EXPO_ASC_KEY_ID', 'TEAMKEY001'],
      ['Environment variables', 'EXPO_ASC_ISSUER_ID', TEAM_ISSUER_ID],
    ],
    texts: {
      'eas-submit-production.json': (text) =>
        expect(JSON.parse(text)).toEqual({
          submit: { production: { ios: { ascApiKeyPath: './AuthKey_TEAMKEY001.p8', ascApiKeyIssuerId: TEAM_ISSUER_ID, ascApiKeyId: 'TEAMKEY001' } } },
        }),
    },
    commands: ['eas submit --platform ios --profile production'],
  },
  {
    name: 'Expo EAS with another profile',
    target: 'expo-eas',
    keys: { apiKey: team },
    options: { profile: 'staging' },
    files: ['AuthKey_TEAMKEY001.p8', 'eas-submit-staging.json'],
    fields: [
      ['Environment variables', 'EXPO_ASC_API_KEY_PATH', './AuthKey_TEAMKEY001.p8'],
      ['Environment variables', 'EXPO_ASC_KEY_ID', 'TEAMKEY001'],
      ['Environment variables', 'EXPO_ASC_ISSUER_ID', TEAM_ISSUER_ID],
    ],
    texts: {
      'eas-submit-staging.json': (text) => expect(Object.keys((JSON.parse(text) as { submit: object }).submit)).toEqual(['staging']),
    },
    commands: ['eas submit --platform ios --profile staging'],
  },
  {
    name: 'GitHub Actions with the default secret names',
    target: 'github-actions',
    keys: { apiKey: team },
    files: ['AuthKey_TEAMKEY001.p8', 'github-secrets-TEAMKEY001.sh'],
    fields: [
      [null, 'APPSTORE_ISSUER_ID', TEAM_ISSUER_ID],
      [null, 'APPSTORE_API_KEY_ID', 'TEAMKEY001'],
      [null, 'APPSTORE_API_PRIVATE_KEY', secret('apiKey')],
    ],
    texts: {
      'github-secrets-TEAMKEY001.sh': (text) => {
        expect(text.startsWith('#!/bin/sh\n')).toBe(true);
        expect(text.split('\n').filter((line) => line.startsWith('gh ') || line.startsWith('key_file='))).toEqual([
          'key_file="$(dirname "$0")/AuthKey_TEAMKEY001.p8"',
          `gh secret set APPSTORE_ISSUER_ID --body ${TEAM_ISSUER_ID}`,
          'gh secret set APPSTORE_API_KEY_ID --body TEAMKEY001',
          'gh secret set APPSTORE_API_PRIVATE_KEY < "$key_file"',
        ]);
      },
    },
    commands: ['sh /exports/keys/github-secrets-TEAMKEY001.sh'],
  },
  {
    name: 'GitHub Actions with edited secret names and a repository',
    target: 'github-actions',
    keys: { apiKey: team },
    options: { secretNames: { keyId: 'ASC_KEY_ID', privateKey: 'ASC_P8' }, repository: 'acme/game' },
    files: ['AuthKey_TEAMKEY001.p8', 'github-secrets-TEAMKEY001.sh'],
    fields: [
      [null, 'APPSTORE_ISSUER_ID', TEAM_ISSUER_ID],
      [null, 'ASC_KEY_ID', 'TEAMKEY001'],
      [null, 'ASC_P8', secret('apiKey')],
    ],
    texts: {
      'github-secrets-TEAMKEY001.sh': (text) =>
        expect(text.split('\n').filter((line) => line.startsWith('gh '))).toEqual([
          `gh secret set APPSTORE_ISSUER_ID --repo acme/game --body ${TEAM_ISSUER_ID}`,
          'gh secret set ASC_KEY_ID --repo acme/game --body TEAMKEY001',
          'gh secret set ASC_P8 --repo acme/game < "$key_file"',
        ]),
    },
  },
  {
    name: '.env with the PEM as a quoted multi-line value',
    target: 'dotenv',
    keys: { key: team },
    files: ['.env'],
    fields: [
      [null, 'APP_STORE_CONNECT_KEY_ID', 'TEAMKEY001'],
      [null, 'APP_STORE_CONNECT_ISSUER_ID', TEAM_ISSUER_ID],
      [null, 'APP_STORE_CONNECT_PRIVATE_KEY', secret('key')],
    ],
    texts: {
      '.env': (text) => {
        expect(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')[0])).toEqual([
          'APP_STORE_CONNECT_KEY_ID',
          'APP_STORE_CONNECT_ISSUER_ID',
          'APP_STORE_CONNECT_PRIVATE_KEY',
        ]);
        expect(dotenvValue(text, 'APP_STORE_CONNECT_KEY_ID')).toBe('TEAMKEY001');
        expect(dotenvValue(text, 'APP_STORE_CONNECT_ISSUER_ID')).toBe(TEAM_ISSUER_ID);
        const pem = dotenvValue(text, 'APP_STORE_CONNECT_PRIVATE_KEY') ?? '';
        expect(pem.split('\n').length).toBeGreaterThan(3);
        expectSameKey(pem, team.record);
      },
    },
  },
  {
    name: '.env with the .p8 in base64, edited names and file name, for an In-App Purchase key',
    target: 'dotenv',
    keys: { key: iap },
    options: { pemStyle: 'base64', variableNames: { keyId: 'IAP_KEY_ID', issuerId: 'IAP_ISSUER_ID' }, fileName: '.env.production' },
    files: ['.env.production'],
    fields: [
      [null, 'IAP_KEY_ID', 'IAPKEY0001'],
      [null, 'IAP_ISSUER_ID', ISSUER_ID],
      [null, 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64', secret('key', 'base64')],
    ],
    texts: {
      '.env.production': (text) => {
        const value = dotenvValue(text, 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64') ?? '';
        expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
        expect(Buffer.from(value, 'base64').equals(Buffer.from(iap.material.p8Bytes))).toBe(true);
        expect(dotenvValue(text, 'IAP_ISSUER_ID')).toBe(ISSUER_ID);
      },
    },
  },
  {
    name: '.env for an individual key, which has no Issuer ID line',
    target: 'dotenv',
    keys: { key: individual },
    files: ['.env'],
    fields: [
      [null, 'APP_STORE_CONNECT_KEY_ID', 'INDVKEY001'],
      [null, 'APP_STORE_CONNECT_PRIVATE_KEY', secret('key')],
    ],
    texts: { '.env': (text) => expect(text).not.toContain('ISSUER_ID') },
  },
  {
    name: 'altool / notarytool in the default private_keys folder',
    target: 'altool',
    keys: { apiKey: team },
    folder: shownFolder('~/.appstoreconnect/private_keys', HOME),
    files: ['AuthKey_TEAMKEY001.p8'],
    fields: [
      [null, 'Key ID', 'TEAMKEY001'],
      [null, 'Issuer ID', TEAM_ISSUER_ID],
      [null, 'Private key path', '~/.appstoreconnect/private_keys/AuthKey_TEAMKEY001.p8'],
    ],
    commands: [
      `xcrun altool --validate-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `xcrun altool --upload-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `xcrun notarytool submit App.zip --key ~/.appstoreconnect/private_keys/AuthKey_TEAMKEY001.p8 --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID} --wait`,
      `xcrun notarytool history --key ~/.appstoreconnect/private_keys/AuthKey_TEAMKEY001.p8 --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID}`,
    ],
  },
  {
    name: 'altool / notarytool in a folder altool does not search',
    target: 'altool',
    keys: { apiKey: team },
    folder: absoluteFolder('/srv/ci keys', HOME),
    files: ['AuthKey_TEAMKEY001.p8'],
    fields: [
      [null, 'Key ID', 'TEAMKEY001'],
      [null, 'Issuer ID', TEAM_ISSUER_ID],
      [null, 'Private key path', '/srv/ci keys/AuthKey_TEAMKEY001.p8'],
    ],
    commands: [
      `API_PRIVATE_KEYS_DIR='/srv/ci keys' xcrun altool --validate-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `API_PRIVATE_KEYS_DIR='/srv/ci keys' xcrun altool --upload-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `xcrun notarytool submit App.zip --key '/srv/ci keys/AuthKey_TEAMKEY001.p8' --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID} --wait`,
      `xcrun notarytool history --key '/srv/ci keys/AuthKey_TEAMKEY001.p8' --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID}`,
    ],
  },
  {
    name: 'altool / notarytool in ~/private_keys, written out as an absolute path',
    target: 'altool',
    keys: { apiKey: team },
    folder: absoluteFolder(`${HOME}/private_keys`, HOME),
    files: ['AuthKey_TEAMKEY001.p8'],
    fields: [
      [null, 'Key ID', 'TEAMKEY001'],
      [null, 'Issuer ID', TEAM_ISSUER_ID],
      [null, 'Private key path', `${HOME}/private_keys/AuthKey_TEAMKEY001.p8`],
    ],
    commands: [
      `xcrun altool --validate-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `xcrun altool --upload-app --type ios --file App.ipa --apiKey TEAMKEY001 --apiIssuer ${TEAM_ISSUER_ID}`,
      `xcrun notarytool submit App.zip --key ${HOME}/private_keys/AuthKey_TEAMKEY001.p8 --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID} --wait`,
      `xcrun notarytool history --key ${HOME}/private_keys/AuthKey_TEAMKEY001.p8 --key-id TEAMKEY001 --issuer ${TEAM_ISSUER_ID}`,
    ],
  },
  {
    name: 'altool / notarytool with an individual key: the Key ID as --apiIssuer with --api-key-subject user, no --issuer for notarytool',
    target: 'altool',
    keys: { apiKey: individual },
    folder: shownFolder('~/.appstoreconnect/private_keys', HOME),
    files: ['AuthKey_INDVKEY001.p8'],
    fields: [
      [null, 'Key ID', 'INDVKEY001'],
      [null, 'Private key path', '~/.appstoreconnect/private_keys/AuthKey_INDVKEY001.p8'],
    ],
    commands: [
      'xcrun altool --validate-app --type ios --file App.ipa --apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user',
      'xcrun altool --upload-app --type ios --file App.ipa --apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user',
      'xcrun notarytool submit App.zip --key ~/.appstoreconnect/private_keys/AuthKey_INDVKEY001.p8 --key-id INDVKEY001 --wait',
      'xcrun notarytool history --key ~/.appstoreconnect/private_keys/AuthKey_INDVKEY001.p8 --key-id INDVKEY001',
    ],
  },
  {
    name: 'the asc CLI',
    target: 'asc-cli',
    keys: { apiKey: team },
    files: ['AuthKey_TEAMKEY001.p8'],
    fields: [
      [null, 'ASC_KEY_ID', 'TEAMKEY001'],
      [null, 'ASC_ISSUER_ID', TEAM_ISSUER_ID],
      [null, 'ASC_PRIVATE_KEY_PATH', '/exports/keys/AuthKey_TEAMKEY001.p8'],
    ],
    commands: [
      `export ASC_KEY_ID=TEAMKEY001 ASC_ISSUER_ID=${TEAM_ISSUER_ID} ASC_PRIVATE_KEY_PATH=/exports/keys/AuthKey_TEAMKEY001.p8`,
      `asc auth login --name TEAMKEY001 --issuer-id ${TEAM_ISSUER_ID} --key-id TEAMKEY001 --private-key /exports/keys/AuthKey_TEAMKEY001.p8`,
    ],
  },
  {
    name: 'the asc CLI with an individual key, which has no Issuer ID',
    target: 'asc-cli',
    keys: { apiKey: individual },
    files: ['AuthKey_INDVKEY001.p8'],
    fields: [
      [null, 'ASC_KEY_ID', 'INDVKEY001'],
      [null, 'ASC_KEY_TYPE', 'individual'],
      [null, 'ASC_PRIVATE_KEY_PATH', '/exports/keys/AuthKey_INDVKEY001.p8'],
    ],
    commands: [
      'export ASC_KEY_ID=INDVKEY001 ASC_KEY_TYPE=individual ASC_PRIVATE_KEY_PATH=/exports/keys/AuthKey_INDVKEY001.p8',
      'asc auth login --name INDVKEY001 --key-type individual --key-id INDVKEY001 --private-key /exports/keys/AuthKey_INDVKEY001.p8',
    ],
  },
];

function planFor(row: TargetCase): ExportPlan {
  const options = parseExportOptions(row.target, row.options ?? {});
  return planExport(row.target, recordsOf(row.keys), materialsOf(row.keys), options, row.folder ?? FOLDER);
}

function keyInSlot(row: TargetCase, slot: ExportSlotId | undefined): ExportFixtureKey {
  const key = slot === undefined ? undefined : row.keys[slot];
  if (!key) throw new Error(`no fixture key in slot ${slot ?? '(none)'}`);
  return key;
}

describe('export targets', () => {
  it('has a row for every target', () => {
    expect(new Set(catalogue.map((row) => row.target))).toEqual(new Set(EXPORT_TARGET_IDS));
  });

  it.each(catalogue)('$name: exact file names, owner-only modes, fields and values', (row) => {
    const plan = planFor(row);
    expect(plan.target).toBe(row.target);
    expect(plan.files.map((file) => file.name)).toEqual(row.files);
    expect(plan.files.every((file) => file.mode === OWNER_ONLY_FILE_MODE)).toBe(true);
    const shown = plan.fields.map((field): FieldRow => [field.section ?? null, field.label, field.secret ? secret(field.slot, field.form) : field.value]);
    expect(shown).toEqual(row.fields);
    if (row.commands) expect(plan.commands.map((command) => command.line)).toEqual(row.commands);
    for (const [fileName, check] of Object.entries(row.texts ?? {})) {
      const file = plan.files.find((candidate) => candidate.name === fileName);
      expect(file?.content).toBe('text');
      check(new TextDecoder().decode(file?.contents));
    }
  });

  it.each(catalogue)('$name: writes each .p8 byte for byte as imported', (row) => {
    const plan = planFor(row);
    for (const file of plan.files.filter((candidate) => candidate.content === 'p8')) {
      expect(file.secret).toBe(true);
      expect(Buffer.from(file.contents).equals(Buffer.from(keyInSlot(row, file.slot).material.p8Bytes))).toBe(true);
    }
  });

  it.each(catalogue)('$name: every PEM it emits is the private half of its record’s public key', (row) => {
    const plan = planFor(row);
    const records = Object.values(row.keys).map((key) => key.record.publicKeyPem);
    let pems = 0;
    for (const file of plan.files) {
      for (const pem of pemBlocksIn(new TextDecoder().decode(file.contents).replace(/\\n/g, '\n'))) {
        pems += 1;
        if (file.slot) expectSameKey(pem, keyInSlot(row, file.slot).record);
        else expect(records).toContain(publicKeyOfPem(pem));
      }
    }
    for (const field of plan.fields) {
      if (!field.secret) continue;
      const record = keyInSlot(row, field.slot).record;
      const pem = field.form === 'pem' ? field.value : Buffer.from(field.value, 'base64').toString('utf8');
      expect(pemBlocksIn(pem)).toEqual([pem.trim()]);
      expectSameKey(pem, record);
      pems += 1;
    }
    expect(pems).toBeGreaterThan(0);
  });

  it.each(catalogue)('$name: the preview is the plan without key material', (row) => {
    const options = parseExportOptions(row.target, row.options ?? {});
    const preview = previewExport(row.target, recordsOf(row.keys), options, row.folder ?? FOLDER);
    expect(preview).toEqual(previewOfPlan(planFor(row)));
    expectNoKeyMaterial(preview);
    expect(preview.checklist.length).toBeGreaterThan(0);
  });
});

describe('the Expo EAS export', () => {
  it('names the key where its checklist moves it, next to eas.json, in the variable, the eas.json fragment and the steps alike', () => {
    const plan = planFor({ name: 'Expo EAS', target: 'expo-eas', keys: { apiKey: team }, files: [], fields: [] });
    const keyPath = plan.fields.find((candidate) => candidate.label === 'EXPO_ASC_API_KEY_PATH');
    const fragment = plan.files.find((file) => file.name === 'eas-submit-production.json');
    const submitProfile = JSON.parse(new TextDecoder().decode(fragment?.contents)) as { submit: { production: { ios: { ascApiKeyPath: string } } } };

    expect(keyPath?.secret === false && keyPath.value).toBe('./AuthKey_TEAMKEY001.p8');
    expect(submitProfile.submit.production.ios.ascApiKeyPath).toBe('./AuthKey_TEAMKEY001.p8');
    expect(plan.checklist[0]).toBe('Move AuthKey_TEAMKEY001.p8 into your project folder next to eas.json, and add it to .gitignore.');
    expect(plan.checklist.filter((step) => step.includes('./AuthKey_TEAMKEY001.p8'))).toHaveLength(3);
    expect(plan.checklist.join('\n')).not.toContain(FOLDER.shown);
  });
});

describe('the RevenueCat export', () => {
  it('asks for the API key’s file, Key ID, Issuer ID and Vendor number, as RevenueCat’s App Store Connect API tab does', () => {
    const plan = planFor({ name: 'RevenueCat', target: 'revenuecat', keys: { inAppPurchaseKey: iap, apiKey: team }, files: [], fields: [] });

    expect(plan.checklist.slice(-3)).toEqual([
      `Under App Store Connect API, upload AuthKey_TEAMKEY001.p8, then enter the Key ID TEAMKEY001 and the Issuer ID ${TEAM_ISSUER_ID}.`,
      'Enter your Vendor number: App Store Connect shows it at the top left of Payments and Financial Reports (Account Holder, Admin or Finance role).',
      'Save changes.',
    ]);
  });

  it('mentions no Vendor number without an App Store Connect API key', () => {
    const plan = planFor({ name: 'RevenueCat', target: 'revenuecat', keys: { inAppPurchaseKey: iap }, files: [], fields: [] });

    expect(plan.checklist.join('\n')).not.toContain('Vendor number');
  });
});

describe('the fastlane export', () => {
  const fastlanePlan = (key: ExportFixtureKey, options: Record<string, unknown> = {}) =>
    planFor({ name: 'fastlane', target: 'fastlane', keys: { apiKey: key }, options, files: [], fields: [] });
  const jsonText = (plan: ExportPlan) => new TextDecoder().decode(plan.files[0]?.contents);

  it('writes a team key’s JSON byte for byte as before: key_id, issuer_id, key, duration, in_house', () => {
    const plan = fastlanePlan(team);
    expect(jsonText(plan)).toBe(
      `{\n  "key_id": "TEAMKEY001",\n  "issuer_id": "${TEAM_ISSUER_ID}",\n  "key": ${JSON.stringify(pemOf(team))},\n  "duration": 500,\n  "in_house": false\n}\n`,
    );
    expect(plan.files[0]?.purpose).toBe('The API key JSON file (key_id, issuer_id, key, duration, in_house).');
    expect(plan.checklist).toEqual([
      'Keep fastlane_api_key_TEAMKEY001.json out of version control (add it to .gitignore) or store it as a CI secret file.',
      'Pass it to actions with api_key_path, for example: fastlane pilot upload --api_key_path /exports/keys/fastlane_api_key_TEAMKEY001.json.',
      'Or set the APP_STORE_CONNECT_API_KEY_* variables in CI and call app_store_connect_api_key in your Fastfile.',
      'fastlane signs each token from 60 seconds before now to duration (500) seconds after it, so each lives 560 seconds; Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds), so keep duration at 1140 or less.',
    ]);
    expect(plan.notices).toEqual([]);
    expect(fastlanePlan(team, { inHouse: true }).notices).toEqual(['in_house is true: use it only for an Apple Developer Enterprise Program team.']);
  });

  it('writes an individual key’s JSON as a team key’s without issuer_id, the same PEM text byte for byte', () => {
    for (const options of [{}, { duration: 600, inHouse: true }]) {
      const teamJson = JSON.parse(jsonText(fastlanePlan(team, options))) as Record<string, unknown>;
      const individualJson = JSON.parse(jsonText(fastlanePlan(individual, options))) as Record<string, unknown>;
      const { issuer_id: _issuerId, ...teamWithoutIssuer } = teamJson;
      expect(Object.keys(individualJson)).toEqual(Object.keys(teamWithoutIssuer));
      expect(individualJson).toEqual({ ...teamWithoutIssuer, key_id: 'INDVKEY001', key: pemOf(individual) });
    }
    expect(jsonText(fastlanePlan(individual))).toBe(
      `{\n  "key_id": "INDVKEY001",\n  "key": ${JSON.stringify(pemOf(individual))},\n  "duration": 500,\n  "in_house": false\n}\n`,
    );
  });

  // An odd millisecond, so Time#to_i's rounding down of now and of now + duration both show.
  const FASTLANE_NOW = new Date('2025-06-01T10:00:00.999Z');
  const fastlaneTokenCases = [
    { name: 'the default', options: {}, duration: TOKEN_RB_DEFAULT_DURATION, key: team },
    { name: 'the default', options: {}, duration: TOKEN_RB_DEFAULT_DURATION, key: individual },
    { name: 'the maximum', options: { duration: FASTLANE_MAX_DURATION_SECONDS }, duration: 1140, key: team },
    { name: 'the maximum', options: { duration: FASTLANE_MAX_DURATION_SECONDS }, duration: 1140, key: individual },
  ].map((row) => ({ ...row, kind: row.key.record.kind }));

  it.each(fastlaneTokenCases)('$kind key with $name duration ($duration): the token fastlane signs from the JSON lives at most 20 minutes', ({ options, duration, key }) => {
    const json = JSON.parse(jsonText(fastlanePlan(key, options))) as FastlaneApiKeyJson;
    expect(json.duration).toBe(duration);
    expect(duration + 60).toBeLessThanOrEqual(ASC_MAX_LIFETIME_SECONDS);

    const token = signAsFastlane(json, FASTLANE_NOW);
    const claims = fastlaneClaims(json, FASTLANE_NOW);
    expect(claims.exp - claims.iat).toBe(duration + 60);
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(ASC_MAX_LIFETIME_SECONDS);
    expect(fastlaneTokenVerifies(token, key.record.publicKeyPem)).toBe(true);
    const findings = inspectToken(token, { now: FASTLANE_NOW }).findings;
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });

  it('says in the checklist how long fastlane’s tokens live: duration plus the 60 seconds fastlane backdates iat by', () => {
    expect(fastlanePlan(team, { duration: FASTLANE_MAX_DURATION_SECONDS }).checklist.at(-1)).toBe(
      'fastlane signs each token from 60 seconds before now to duration (1140) seconds after it, so each lives 1200 seconds; Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds), so keep duration at 1140 or less.',
    );
  });

  it('would have given fastlane a 1,260-second token, which Apple refuses, with the old default of 1200', () => {
    const claims = fastlaneClaims({ issuer_id: TEAM_ISSUER_ID, duration: 1200 }, FASTLANE_NOW);
    expect(claims.exp - claims.iat).toBe(1260);
    const token = signAsFastlane({ key_id: 'TEAMKEY001', issuer_id: TEAM_ISSUER_ID, key: pemOf(team), duration: 1200 }, FASTLANE_NOW);
    expect(inspectToken(token, { now: FASTLANE_NOW }).findings.find((finding) => finding.claim === 'exp - iat')?.severity).toBe('error');
  });

  it('tells an individual key’s user which fastlane versions and actions take it, and to leave any Issuer ID variable unset', () => {
    const plan = fastlanePlan(individual);
    expect(plan.notices).toHaveLength(1);
    const [notice] = plan.notices;
    expect(notice).toContain('fastlane 2.221 or later');
    expect(notice).toContain('pilot and deliver upload builds with one from fastlane 2.233');
    expect(notice).toContain('match, cert and sigh need a team key');
    expect(plan.checklist).toContain(
      'Leave APP_STORE_CONNECT_API_KEY_ISSUER_ID and SPACESHIP_CONNECT_API_ISSUER_ID unset where fastlane runs: with an Issuer ID, fastlane signs as a team key and Apple refuses the token.',
    );
    expect(plan.fields.some((field) => field.label.includes('ISSUER'))).toBe(false);
    expect(fastlanePlan(individual, { inHouse: true }).notices).toEqual([notice, 'in_house is true: use it only for an Apple Developer Enterprise Program team.']);
  });
});

describe('the asc CLI export', () => {
  it('names an individual key with ASC_KEY_TYPE=individual and --key-type individual, never an Issuer ID', () => {
    const plan = planFor({ name: 'asc', target: 'asc-cli', keys: { apiKey: individual }, files: [], fields: [] });
    const shown = JSON.stringify([plan.fields, plan.commands, plan.checklist]);
    expect(shown).not.toContain('ISSUER');
    expect(shown).not.toContain('--issuer-id');
    expect(plan.notices).toEqual([
      'Individual keys have no Issuer ID: asc signs as you when ASC_KEY_TYPE is individual, or after asc auth login --key-type individual. Update asc if it does not know --key-type.',
    ]);
    expect(planFor({ name: 'asc', target: 'asc-cli', keys: { apiKey: team }, files: [], fields: [] }).notices).toEqual([]);
  });

  it('tells a team key’s user to unset ASC_KEY_TYPE, which an individual key’s export sets and which would make asc ignore the Issuer ID', () => {
    const unset = 'Unset ASC_KEY_TYPE where you use this team key: left at individual from another key, it makes asc ignore ASC_ISSUER_ID.';
    expect(planFor({ name: 'asc', target: 'asc-cli', keys: { apiKey: team }, files: [], fields: [] }).checklist).toContain(unset);
    expect(planFor({ name: 'asc', target: 'asc-cli', keys: { apiKey: individual }, files: [], fields: [] }).checklist).not.toContain(unset);
  });
});

describe('the altool / notarytool export', () => {
  const altoolPlan = (key: ExportFixtureKey) =>
    planFor({ name: 'altool', target: 'altool', keys: { apiKey: key }, folder: shownFolder('~/.appstoreconnect/private_keys', HOME), files: [], fields: [] });

  it('takes a team key or an individual key, saying how each tool takes an individual one', () => {
    const [slot] = EXPORT_TARGETS.altool.slots;
    expect(slot?.kinds).toEqual(['asc-team', 'asc-individual']);
    expect(slot?.purpose).toBe(
      'Uploads with altool and notarizes with notarytool. An individual key works too: altool with --api-key-subject user, notarytool from Xcode 26 without --issuer.',
    );
    expect(altoolPlan(team).checklist).toContain(
      'Use the notarytool lines for Developer ID apps. They pass this team key’s Issuer ID; from Xcode 26, notarytool also takes an individual key, without --issuer.',
    );
  });

  it('gives an individual key altool’s --api-key-subject user, with its Key ID as --apiIssuer, and notarytool lines without --issuer', () => {
    const plan = altoolPlan(individual);
    expect(plan.notices).toEqual([
      'Individual keys need Xcode 26 or later for notarytool, which takes them without --issuer (earlier notarytool asks for an Issuer ID, and Apple refuses an individual key with one). ' +
        'altool takes them with --api-key-subject user, as fastlane 2.233 and later pass it: update Xcode if altool does not know that option.',
    ]);
    expect(plan.checklist.at(-1)).toBe(
      'This individual key has no Issuer ID. altool still asks for --apiIssuer, so its lines pass the Key ID there and add --api-key-subject user, which makes altool sign as you. ' +
        'The notarytool lines, for Developer ID apps, leave out --issuer, as notarytool from Xcode 26 wants for an individual key.',
    );
    for (const command of plan.commands.filter((line) => line.line.includes('notarytool'))) expect(command.line).not.toContain('--issuer');
    expect(plan.fields.map((field) => field.label)).toEqual(['Key ID', 'Private key path']);
    expect(altoolPlan(team).notices).toEqual([]);
  });

  it('keeps the API_PRIVATE_KEYS_DIR notice for an individual key in a folder altool does not search', () => {
    const plan = planFor({ name: 'altool', target: 'altool', keys: { apiKey: individual }, folder: absoluteFolder('/srv/keys', HOME), files: [], fields: [] });
    expect(plan.notices).toHaveLength(2);
    expect(plan.notices[1]).toBe('/srv/keys is not one of the folders altool searches, so its lines set API_PRIVATE_KEYS_DIR.');
    expect(plan.commands[1]?.line).toBe('API_PRIVATE_KEYS_DIR=/srv/keys xcrun altool --upload-app --type ios --file App.ipa --apiKey INDVKEY001 --apiIssuer INDVKEY001 --api-key-subject user');
  });
});

describe('the Codemagic export', () => {
  const plan = () => planFor({ name: 'Codemagic', target: 'codemagic', keys: { apiKey: team }, files: [], fields: [] });

  it('names in its command every variable fetch-signing-files reads, the certificate’s private key included', () => {
    expect(plan().commands).toEqual([
      {
        label: 'Fetch or create signing files (in a Codemagic build)',
        line:
          'app-store-connect fetch-signing-files "$BUNDLE_ID" --type IOS_APP_STORE --create --issuer-id @env:APP_STORE_CONNECT_ISSUER_ID ' +
          '--key-id @env:APP_STORE_CONNECT_KEY_IDENTIFIER --private-key @env:APP_STORE_CONNECT_PRIVATE_KEY --certificate-key @env:CERTIFICATE_PRIVATE_KEY',
      },
    ]);
  });

  it('asks for CERTIFICATE_PRIVATE_KEY in the checklist and says the export does not hold it', () => {
    const { checklist, notices } = plan();
    expect(checklist).toContain(
      'Add CERTIFICATE_PRIVATE_KEY to the same group, marked Secure: the RSA private key (PEM) of your distribution certificate, or a new RSA key for --create to make a certificate from. ' +
        'It is not the App Store Connect key, and this export does not hold it. If that key has a passphrase, add it as CERTIFICATE_PRIVATE_KEY_PASSWORD.',
    );
    expect(checklist).toContain('In codemagic.yaml, import the group under environment: groups:, and set BUNDLE_ID under environment: vars: to your app’s bundle ID.');
    expect(notices).toEqual([
      'fetch-signing-files also needs CERTIFICATE_PRIVATE_KEY, the private key of a signing certificate, even without --create; it stops without one. ' +
        'Add it yourself: this export has only the App Store Connect key.',
    ]);
  });
});

// ---- Kind rules: one row per target, slot and kind the slot does not take. ----

const rightKey: Record<(typeof KEY_KINDS)[number], ExportFixtureKey> = { 'in-app-purchase': iap, 'asc-team': team, 'asc-individual': individual };

function validChoice(target: ExportTargetId): FixtureChoice {
  const choice: FixtureChoice = {};
  for (const spec of EXPORT_TARGETS[target].slots) {
    const kind = spec.kinds[0];
    if (spec.required && kind !== undefined) choice[spec.slot] = rightKey[kind];
  }
  return choice;
}

const wrongKindRows = EXPORT_TARGET_IDS.flatMap((target) =>
  EXPORT_TARGETS[target].slots.flatMap((spec) =>
    KEY_KINDS.filter((kind) => !spec.kinds.includes(kind)).map((kind) => ({ target, slot: spec.slot, kind, needed: spec.kinds[0] ?? 'asc-team' })),
  ),
);

describe('export kind rules', () => {
  it('every target refuses some kind, except the .env file, which takes any key', () => {
    expect(new Set(wrongKindRows.map((row) => row.target))).toEqual(new Set(EXPORT_TARGET_IDS.filter((target) => target !== 'dotenv')));
  });

  it.each(wrongKindRows)('$target refuses an $kind key as its $slot, naming the tab the right key comes from', ({ target, slot, kind, needed }) => {
    const keys = { ...validChoice(target), [slot]: rightKey[kind] };
    const error = thrownAppError(() => previewExport(target, recordsOf(keys), parseExportOptions(target, {}), FOLDER));
    expect(error.code).toBe('WRONG_KEY_KIND');
    expect(error.message).toContain(KEY_KIND_SOURCES[needed]);
    expect(error.message).toContain(EXPORT_TARGETS[target].label);
    if (kind === 'asc-individual' && needed === 'asc-team') expect(error.message).toContain('Issuer ID');
    // The same rule holds when the files are planned, so nothing is built for a refused key.
    expect(thrownAppError(() => planExport(target, recordsOf(keys), materialsOf(keys), parseExportOptions(target, {}), FOLDER)).code).toBe(
      'WRONG_KEY_KIND',
    );
  });

  it.each(EXPORT_TARGET_IDS)('%s refuses a revoked key unless told to export it anyway', (target) => {
    const choice = validChoice(target);
    const [slot] = Object.keys(choice) as ExportSlotId[];
    if (slot === undefined) throw new Error('no slot');
    const revoked = { ...choice, [slot]: { ...choice[slot], record: { ...choice[slot]?.record, revoked: true, revokedAt: '2025-06-02T00:00:00.000Z' } } } as FixtureChoice;
    const refused = thrownAppError(() => previewExport(target, recordsOf(revoked), parseExportOptions(target, {}), FOLDER));
    expect(refused.code).toBe('KEY_REVOKED');
    expect(refused.message).toContain('Export revoked keys');
    const allowed = planExport(target, recordsOf(revoked), materialsOf(revoked), parseExportOptions(target, { allowRevoked: true }), FOLDER);
    expect(allowed.files.length).toBeGreaterThan(0);
  });

  it.each(EXPORT_TARGET_IDS.flatMap((target) => EXPORT_TARGETS[target].slots.filter((spec) => spec.required).map((spec) => ({ target, slot: spec.slot }))))(
    '$target refuses a choice without its $slot',
    ({ target, slot }) => {
      const choice = validChoice(target);
      delete choice[slot];
      const error = thrownAppError(() => previewExport(target, recordsOf(choice), parseExportOptions(target, {}), FOLDER));
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain(EXPORT_TARGETS[target].label);
    },
  );

  it('lets fastlane, the asc CLI and altool / notarytool take an individual key, and keeps the targets that ask for an Issuer ID to team keys', () => {
    for (const target of ['fastlane', 'asc-cli', 'altool'] as const) {
      expect(EXPORT_TARGETS[target].slots.map((spec) => spec.kinds)).toEqual([['asc-team', 'asc-individual']]);
      expect(planFor({ name: target, target, keys: { apiKey: individual }, files: [], fields: [] }).files.length).toBeGreaterThan(0);
    }
    for (const target of ['qonversion', 'superwall', 'codemagic', 'expo-eas', 'github-actions'] as const) {
      const keys = { ...validChoice(target), apiKey: individual };
      const error = thrownAppError(() => previewExport(target, recordsOf(keys), parseExportOptions(target, {}), FOLDER));
      expect(error.code).toBe('WRONG_KEY_KIND');
      expect(error.message).toContain('which has no Issuer ID');
      expect(error.message).toContain('so it needs a team key');
    }
  });

  it.each(['fastlane', 'asc-cli', 'altool'] as const)('%s refuses an In-App Purchase key, naming where a team key and an individual key come from', (target) => {
    const error = thrownAppError(() => previewExport(target, recordsOf({ apiKey: iap }), parseExportOptions(target, {}), FOLDER));
    expect(error.code).toBe('WRONG_KEY_KIND');
    expect(error.message).toBe(
      `"Test in-app-purchase key" (IAPKEY0001) is an In-App Purchase key. ${EXPORT_TARGETS[target].label} needs an App Store Connect API key here (named AuthKey_….p8): ` +
        `a team key from ${KEY_KIND_SOURCES['asc-team']} in App Store Connect, or an individual key from ${KEY_KIND_SOURCES['asc-individual']}.`,
    );
  });

  it('asks Qonversion for both of its keys by name', () => {
    const error = thrownAppError(() => previewExport('qonversion', recordsOf({ inAppPurchaseKey: iap }), parseExportOptions('qonversion', {}), FOLDER));
    expect(error.message).toBe('Qonversion needs 2 keys: an App Store Connect API key and an In-App Purchase key. Choose the App Store Connect API key for Qonversion.');
  });

  it('asks Superwall for its App Store Connect API key too: its Required card takes both keys', () => {
    const error = thrownAppError(() => previewExport('superwall', recordsOf({ inAppPurchaseKey: iap }), parseExportOptions('superwall', {}), FOLDER));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Superwall needs 2 keys: an In-App Purchase key and an App Store Connect API key. Choose the App Store Connect API key for Superwall.');
  });

  it('refuses a key in a slot the target does not have', () => {
    const error = thrownAppError(() =>
      previewExport('codemagic', recordsOf({ apiKey: team, inAppPurchaseKey: iap }), parseExportOptions('codemagic', {}), FOLDER),
    );
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('asks Adapty for a Bundle ID when the key has none', () => {
    const bare = fixtureKey('in-app-purchase', { bundleIds: [] });
    const error = thrownAppError(() => previewExport('adapty', recordsOf({ inAppPurchaseKey: bare }), parseExportOptions('adapty', {}), FOLDER));
    expect(error.code).toBe('BUNDLE_ID_REQUIRED');
    expect(thrownAppError(() => previewExport('adapty', recordsOf({ inAppPurchaseKey: bare }), parseExportOptions('adapty', { bundleId: 'com.*' }), FOLDER)).code).toBe(
      'BAD_BUNDLE_ID',
    );
  });
});
