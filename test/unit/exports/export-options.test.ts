import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GITHUB_SECRET_NAMES,
  dotenvVariableNamesOf,
  exportOptionProblems,
  namesChangedFrom,
  parseExportOptions,
} from '../../../src-shared/exports/export-options';
import type { ExportTargetId } from '../../../src-shared/exports/export-targets';

const NAMES = 'Use letters, digits and underscores, not starting with a digit.';
const DISTINCT = 'Give each value its own name.';

describe('the names and file name a github-actions or dotenv export takes', () => {
  it.each<{ name: string; target: ExportTargetId; options: Record<string, unknown>; problems: Record<string, string> }>([
    { name: 'the defaults', target: 'github-actions', options: {}, problems: {} },
    { name: 'three new secret names', target: 'github-actions', options: { secretNames: { keyId: 'ASC_KEY_ID', issuerId: 'ASC_ISSUER', privateKey: 'ASC_P8' } }, problems: {} },
    { name: 'a secret name starting with GITHUB_', target: 'github-actions', options: { secretNames: { keyId: 'github_key' } }, problems: { 'secretNames.keyId': 'GitHub secret names cannot start with GITHUB_.' } },
    { name: 'a secret name with a space', target: 'github-actions', options: { secretNames: { privateKey: 'ASC P8' } }, problems: { 'secretNames.privateKey': NAMES } },
    // GitHub's secret names are not case-sensitive, and the defaults fill the names left out.
    { name: 'a secret name that is a default one in lower case', target: 'github-actions', options: { secretNames: { privateKey: 'appstore_api_key_id' } }, problems: { 'secretNames.privateKey': DISTINCT } },
    { name: 'a variable name starting with a digit', target: 'dotenv', options: { variableNames: { keyId: '1KEY' } }, problems: { 'variableNames.keyId': NAMES } },
    { name: 'a variable name that is the Key ID’s default', target: 'dotenv', options: { variableNames: { issuerId: 'APP_STORE_CONNECT_KEY_ID' } }, problems: { 'variableNames.issuerId': DISTINCT } },
    { name: 'a Key ID renamed to the Issuer ID’s default', target: 'github-actions', options: { secretNames: { keyId: 'APPSTORE_ISSUER_ID' } }, problems: { 'secretNames.keyId': DISTINCT } },
    { name: 'the same name typed twice', target: 'dotenv', options: { variableNames: { keyId: 'SAME', issuerId: 'SAME' } }, problems: { 'variableNames.keyId': DISTINCT, 'variableNames.issuerId': DISTINCT } },
    { name: 'variable names differing in case only', target: 'dotenv', options: { variableNames: { keyId: 'key', issuerId: 'KEY' } }, problems: {} },
    // In base64 the private key's default is APP_STORE_CONNECT_PRIVATE_KEY_BASE64, so the multi-line default is free.
    { name: 'the multi-line default for the Key ID in base64 style', target: 'dotenv', options: { pemStyle: 'base64', variableNames: { keyId: 'APP_STORE_CONNECT_PRIVATE_KEY' } }, problems: {} },
    { name: 'the multi-line default for the Key ID in multi-line style', target: 'dotenv', options: { variableNames: { keyId: 'APP_STORE_CONNECT_PRIVATE_KEY' } }, problems: { 'variableNames.keyId': DISTINCT } },
    { name: 'a file name like .env.production', target: 'dotenv', options: { fileName: '.env.production' }, problems: {} },
    { name: 'a file name with a folder in it', target: 'dotenv', options: { fileName: '../.env' }, problems: { fileName: 'Use letters, digits, dots, hyphens and underscores for the file name, like .env or .env.production.' } },
    { name: 'a file name of two dots', target: 'dotenv', options: { fileName: '..' }, problems: { fileName: 'Use letters, digits, dots, hyphens and underscores for the file name, like .env or .env.production.' } },
  ])('checks $name as main does', ({ target, options, problems }) => {
    expect(exportOptionProblems(target, options)).toEqual(problems);
    const [first] = Object.entries(problems);
    if (first === undefined) expect(() => parseExportOptions(target, options)).not.toThrow();
    else expect(() => parseExportOptions(target, options)).toThrow(`${first[0]}: ${first[1]}`);
  });
});

describe('the duration a fastlane export takes', () => {
  const TOO_LONG =
    'At most 1140 seconds: fastlane signs each token from 60 seconds before now to duration seconds after it, and Apple refuses App Store Connect tokens that live longer than 20 minutes (1200 seconds).';

  it.each<{ name: string; options: Record<string, unknown>; duration?: number; problems: Record<string, string> }>([
    { name: 'no duration, which is fastlane’s own default', options: {}, duration: 500, problems: {} },
    { name: 'the maximum, whose token fastlane makes exactly 20 minutes long', options: { duration: 1140 }, duration: 1140, problems: {} },
    { name: 'one second over the maximum', options: { duration: 1141 }, problems: { duration: TOO_LONG } },
    { name: 'Apple’s 20 minutes, which fastlane’s backdated iat makes 21', options: { duration: 1200 }, problems: { duration: TOO_LONG } },
  ])('checks $name as main does', ({ options, duration, problems }) => {
    expect(exportOptionProblems('fastlane', options)).toEqual(problems);
    if (duration === undefined) expect(() => parseExportOptions('fastlane', options)).toThrow(`duration: ${TOO_LONG}`);
    else expect(parseExportOptions('fastlane', options).duration).toBe(duration);
  });
});

describe('the names the export form sends', () => {
  const githubForm = (changes: Partial<typeof DEFAULT_GITHUB_SECRET_NAMES>) => ({ ...DEFAULT_GITHUB_SECRET_NAMES, ...changes });

  it('sends no names for a form left at its defaults', () => {
    expect(namesChangedFrom(DEFAULT_GITHUB_SECRET_NAMES, DEFAULT_GITHUB_SECRET_NAMES)).toEqual({});
    expect(namesChangedFrom(dotenvVariableNamesOf({}, 'base64'), dotenvVariableNamesOf({}, 'base64'))).toEqual({});
  });

  it('sends the renamed names, trimmed, and not a default typed back with spaces around it', () => {
    expect(namesChangedFrom(DEFAULT_GITHUB_SECRET_NAMES, githubForm({ privateKey: '  ASC_P8 ', keyId: ' APPSTORE_API_KEY_ID ' }))).toEqual({ privateKey: 'ASC_P8' });
  });

  it('sends a cleared name, so the form shows it as missing', () => {
    expect(exportOptionProblems('github-actions', { secretNames: namesChangedFrom(DEFAULT_GITHUB_SECRET_NAMES, githubForm({ issuerId: '  ' })) })).toEqual({
      'secretNames.issuerId': NAMES,
    });
  });

  it('shows a clash on the field the user renamed, not on the untouched field whose name it took', () => {
    const secretNames = namesChangedFrom(DEFAULT_GITHUB_SECRET_NAMES, githubForm({ keyId: 'APPSTORE_ISSUER_ID' }));
    expect(exportOptionProblems('github-actions', { secretNames })).toEqual({ 'secretNames.keyId': DISTINCT });
  });

  it('shows a clash with the base64 private key’s default on the renamed dotenv field', () => {
    const defaults = dotenvVariableNamesOf({}, 'base64');
    const variableNames = namesChangedFrom(defaults, { ...defaults, issuerId: 'APP_STORE_CONNECT_PRIVATE_KEY_BASE64' });
    expect(exportOptionProblems('dotenv', { pemStyle: 'base64', variableNames })).toEqual({ 'variableNames.issuerId': DISTINCT });
  });
});
