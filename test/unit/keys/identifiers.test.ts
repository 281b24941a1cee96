import { describe, expect, it } from 'vitest';
import {
  checkKeyIdentity,
  normalizeBundleId,
  normalizeIssuerId,
  normalizeKeyId,
  parseKeyFileName,
  type KeyFileName,
  type KeyIdentity,
  type KeyIdentityInput,
} from '../../../src-shared/keys/identifiers';
import { runValidatorCase, type ValidatorCase } from '../../helpers/validator-cases';


const KEY_ID = '2X9R4HXF34';
const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';

const keyIdCases: ValidatorCase<string, string>[] = [
  { name: 'accepts a Key ID', input: KEY_ID, accepts: KEY_ID },
  { name: 'upper-cases a Key ID', input: '2x9r4hxf34', accepts: KEY_ID },
  { name: 'drops spaces and line ends around a Key ID', input: ` ${KEY_ID}\r\n`, accepts: KEY_ID },
  { name: 'drops straight quotes around a Key ID', input: `"${KEY_ID}"`, accepts: KEY_ID },
  { name: 'drops typographic quotes around a Key ID', input: `\u201C${KEY_ID}\u201D`, accepts: KEY_ID },
  { name: 'asks for a missing Key ID', input: ' ', code: 'BAD_KEY_ID', says: ['Type the Key ID', '10 letters and digits'] },
  { name: 'refuses a Key ID one character short', input: '2X9R4HXF3', code: 'BAD_KEY_ID', says: ['9 characters', '2X9R4HXF34'] },
  { name: 'refuses a Key ID one character long', input: '2X9R4HXF345', code: 'BAD_KEY_ID', says: ['11 characters'] },
  { name: 'refuses a Key ID with a hyphen', input: '2X9R4-XF34', code: 'BAD_KEY_ID', says: ['A to Z', '0 to 9'] },
  { name: 'refuses a Key ID with a space inside', input: '2X9R4 XF34', code: 'BAD_KEY_ID', says: ['A to Z'] },
  { name: 'recognises an Issuer ID typed as a Key ID', input: ISSUER_ID, code: 'BAD_KEY_ID', says: ['looks like an Issuer ID'] },
];

const issuerIdCases: ValidatorCase<string, string>[] = [
  { name: 'accepts Apple’s example Issuer ID, which is not an RFC 4122 UUID', input: ISSUER_ID, accepts: ISSUER_ID },
  { name: 'lower-cases an Issuer ID', input: ISSUER_ID.toUpperCase(), accepts: ISSUER_ID },
  { name: 'drops quotes and white space around an Issuer ID', input: `\t'${ISSUER_ID}'\n`, accepts: ISSUER_ID },
  { name: 'asks for a missing Issuer ID', input: '', code: 'BAD_ISSUER_ID', says: ['Type the Issuer ID', '8-4-4-4-12'] },
  { name: 'recognises a Key ID typed as an Issuer ID', input: KEY_ID, code: 'BAD_ISSUER_ID', says: ['looks like a Key ID'] },
  { name: 'refuses an Issuer ID without hyphens', input: ISSUER_ID.replace(/-/g, ''), code: 'BAD_ISSUER_ID', says: ['8-4-4-4-12'] },
  { name: 'refuses an Issuer ID with a non-hex digit', input: ISSUER_ID.replace('e', 'g'), code: 'BAD_ISSUER_ID', says: [ISSUER_ID] },
  { name: 'refuses groups of the wrong length', input: '5724654-296fe-1a63-e053-0824d011072a', code: 'BAD_ISSUER_ID', says: ['hexadecimal'] },
];

const longestBundleId = `com.${'a'.repeat(151)}`;

const bundleIdCases: ValidatorCase<string, string>[] = [
  { name: 'accepts a reverse-DNS bundle ID', input: 'com.example.app', accepts: 'com.example.app' },
  { name: 'accepts hyphens and digits', input: 'com.example-2.my-app', accepts: 'com.example-2.my-app' },
  { name: 'keeps the case of a bundle ID', input: 'Com.Example.App', accepts: 'Com.Example.App' },
  { name: 'drops quotes and white space around a bundle ID', input: ' "com.example.app"\n', accepts: 'com.example.app' },
  { name: 'accepts a bundle ID of 155 characters', input: longestBundleId, accepts: longestBundleId },
  { name: 'asks for a missing bundle ID', input: '', code: 'BAD_BUNDLE_ID', says: ['Type the bundle ID', 'com.example.app'] },
  { name: 'refuses a bundle ID of 156 characters', input: `${longestBundleId}b`, code: 'BAD_BUNDLE_ID', says: ['156 characters'] },
  { name: 'refuses a wildcard bundle ID', input: 'com.example.*', code: 'BAD_BUNDLE_ID', says: ['wildcard'] },
  { name: 'refuses a lone wildcard', input: '*', code: 'BAD_BUNDLE_ID', says: ['wildcard'] },
  { name: 'refuses a single segment', input: 'example', code: 'BAD_BUNDLE_ID', says: ['at least two parts'] },
  { name: 'refuses two dots together', input: 'com..app', code: 'BAD_BUNDLE_ID', says: ['empty part'] },
  { name: 'refuses a leading dot', input: '.com.app', code: 'BAD_BUNDLE_ID', says: ['empty part'] },
  { name: 'refuses a trailing dot', input: 'com.app.', code: 'BAD_BUNDLE_ID', says: ['empty part'] },
  { name: 'refuses an underscore', input: 'com.example.my_app', code: 'BAD_BUNDLE_ID', says: ['only letters, digits, hyphens'] },
  { name: 'refuses a space inside', input: 'com.example.my app', code: 'BAD_BUNDLE_ID', says: ['only letters, digits, hyphens'] },
];

const asc = (keyId: string): KeyFileName => ({ kind: 'asc', keyId });
const inAppPurchase = (keyId: string): KeyFileName => ({ kind: 'in-app-purchase', keyId });

const fileNameCases: { name: string; fileName: string; reads: KeyFileName | null }[] = [
  { name: 'reads an App Store Connect API key name', fileName: `AuthKey_${KEY_ID}.p8`, reads: asc(KEY_ID) },
  { name: 'reads an In-App Purchase key name', fileName: `SubscriptionKey_${KEY_ID}.p8`, reads: inAppPurchase(KEY_ID) },
  { name: 'ignores a Chrome copy suffix', fileName: `AuthKey_${KEY_ID} (1).p8`, reads: asc(KEY_ID) },
  { name: 'ignores a Firefox copy suffix', fileName: `SubscriptionKey_${KEY_ID}(2).p8`, reads: inAppPurchase(KEY_ID) },
  { name: 'ignores a Safari copy suffix', fileName: `AuthKey_${KEY_ID}-1.p8`, reads: asc(KEY_ID) },
  { name: 'strips a POSIX path', fileName: `/Users/me/Downloads/AuthKey_${KEY_ID}.p8`, reads: asc(KEY_ID) },
  { name: 'strips a Windows path', fileName: `C:\\Users\\me\\Downloads\\SubscriptionKey_${KEY_ID} (3).p8`, reads: inAppPurchase(KEY_ID) },
  { name: 'upper-cases a renamed Key ID', fileName: 'AuthKey_2x9r4hxf34.p8', reads: asc(KEY_ID) },
  { name: 'ignores a Key ID one character short', fileName: 'AuthKey_2X9R4HXF3.p8', reads: null },
  { name: 'ignores another extension', fileName: `AuthKey_${KEY_ID}.pem`, reads: null },
  { name: 'ignores an extension added after .p8', fileName: `AuthKey_${KEY_ID}.p8.txt`, reads: null },
  { name: 'ignores another prefix', fileName: `ApiKey_${KEY_ID}.p8`, reads: null },
  { name: 'ignores a name without a Key ID', fileName: 'key.p8', reads: null },
  { name: 'ignores a prefix only in the folder name', fileName: `AuthKey_${KEY_ID}/key.p8`, reads: null },
];

const identityCases: ValidatorCase<KeyIdentityInput, KeyIdentity>[] = [
  {
    name: 'defaults an AuthKey_ file to a team key',
    input: { fileName: `AuthKey_${KEY_ID}.p8` },
    accepts: { kind: 'asc-team', keyId: KEY_ID },
  },
  {
    name: 'lets the user choose an individual key for an AuthKey_ file',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, chosenKind: 'asc-individual' },
    accepts: { kind: 'asc-individual', keyId: KEY_ID },
  },
  {
    name: 'defaults a SubscriptionKey_ file to an In-App Purchase key',
    input: { fileName: `SubscriptionKey_${KEY_ID} (1).p8` },
    accepts: { kind: 'in-app-purchase', keyId: KEY_ID },
  },
  {
    name: 'accepts a typed Key ID that agrees with the file name',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, chosenKind: 'asc-team', typedKeyId: ' 2x9r4hxf34 ' },
    accepts: { kind: 'asc-team', keyId: KEY_ID },
  },
  {
    name: 'takes the file name’s Key ID when the typed one is blank',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, typedKeyId: '  ' },
    accepts: { kind: 'asc-team', keyId: KEY_ID },
  },
  {
    name: 'takes a typed Key ID when the file was renamed',
    input: { fileName: 'production.p8', chosenKind: 'in-app-purchase', typedKeyId: KEY_ID },
    accepts: { kind: 'in-app-purchase', keyId: KEY_ID },
  },
  {
    name: 'takes a typed Key ID for pasted text',
    input: { chosenKind: 'asc-individual', typedKeyId: KEY_ID },
    accepts: { kind: 'asc-individual', keyId: KEY_ID },
  },
  {
    name: 'refuses a Key ID that disagrees with the file name',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, typedKeyId: 'ABCDE12345' },
    code: 'KEY_ID_MISMATCH',
    says: ['ABCDE12345', KEY_ID],
  },
  {
    name: 'refuses a malformed typed Key ID even when the file name has one',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, typedKeyId: '2X9R4HXF3' },
    code: 'BAD_KEY_ID',
    says: ['9 characters'],
  },
  {
    name: 'asks for the Key ID when neither the file name nor the user gives one',
    input: { fileName: 'production.p8', chosenKind: 'asc-team' },
    code: 'BAD_KEY_ID',
    says: ['type it'],
  },
  {
    name: 'refuses a SubscriptionKey_ file chosen as an App Store Connect API key',
    input: { fileName: `SubscriptionKey_${KEY_ID}.p8`, chosenKind: 'asc-team' },
    code: 'KIND_MISMATCH',
    says: ['Integrations > In-App Purchase', 'App Store Connect API tab', 'AuthKey_'],
  },
  {
    name: 'refuses an AuthKey_ file chosen as an In-App Purchase key',
    input: { fileName: `AuthKey_${KEY_ID}.p8`, chosenKind: 'in-app-purchase' },
    code: 'KIND_MISMATCH',
    says: ['App Store Connect API tab', 'Integrations > In-App Purchase', 'SubscriptionKey_'],
  },
  {
    name: 'asks for the kind when the file name does not give it',
    input: { fileName: 'production.p8', typedKeyId: KEY_ID },
    code: 'KIND_REQUIRED',
    says: ['In-App Purchase', 'App Store Connect API'],
  },
];

describe('identifiers', () => {
  it.each(keyIdCases)('$name', (row) => runValidatorCase(normalizeKeyId, row));
  it.each(issuerIdCases)('$name', (row) => runValidatorCase(normalizeIssuerId, row));
  it.each(bundleIdCases)('$name', (row) => runValidatorCase(normalizeBundleId, row));
  it.each(fileNameCases)('$name', ({ fileName, reads }) => expect(parseKeyFileName(fileName)).toEqual(reads));
  it.each(identityCases)('$name', (row) => runValidatorCase(checkKeyIdentity, row));
});
