import { describe, expect, it } from 'vitest';
import { chooseBundleId, keysOnlyBundleId, type ChosenBundleId } from '../../../src-shared/signing/token-bundle-id';
import { fieldAppliesTo, refuseFieldsNotForTemplate, TEMPLATE_ONLY_FIELDS, type TemplateOnlyField } from '../../../src-shared/signing/token-fields';
import { apiOfTokenTemplate } from '../../../src-shared/signing/token-inspection';
import { tokenRequestSchema, type TokenTemplate } from '../../../src-shared/signing/token-request';
import { thrownAppError } from '../../helpers/keys';
import { runValidatorCase, type ValidatorCase } from '../../helpers/validator-cases';

/** Which bundle ID a token gets, and which options a token takes: the rules the CLI, main and the Sign screen share. */

type BundleInput = { given?: string; keyBundleIds: string[] };
const chooseWithBid = ({ given, keyBundleIds }: BundleInput) => chooseBundleId(given, keyBundleIds, 'with --bid');

const ONLY_ONE_NOTE = 'Signed for com.example.app, the key’s only bundle ID; give another with --bid.';

const bundleRows: ValidatorCase<BundleInput, ChosenBundleId>[] = [
  { name: 'takes the bundle ID given, without the quotes it was pasted with', input: { given: ' "com.example.app" ', keyBundleIds: [] }, accepts: { bundleId: 'com.example.app' } },
  { name: 'takes the bundle ID given over the key’s only one, and says nothing', input: { given: 'com.example.other', keyBundleIds: ['com.example.app'] }, accepts: { bundleId: 'com.example.other' } },
  {
    name: 'takes the key’s only bundle ID when none is given, and says so naming the option',
    input: { keyBundleIds: ['com.example.app'] },
    accepts: { bundleId: 'com.example.app', note: ONLY_ONE_NOTE },
  },
  { name: 'treats a blank bundle ID as none given', input: { given: '  ', keyBundleIds: ['com.example.app'] }, accepts: { bundleId: 'com.example.app', note: ONLY_ONE_NOTE } },
  { name: 'lists the key’s bundle IDs and names the option when it has several', input: { keyBundleIds: ['com.example.app', 'com.example.lite'] }, code: 'BUNDLE_ID_REQUIRED', says: ['2 apps', 'com.example.app, com.example.lite', 'with --bid'] },
  { name: 'names the option when the key has none', input: { keyBundleIds: [] }, code: 'BUNDLE_ID_REQUIRED', says: ['none saved', 'with --bid'] },
  { name: 'refuses a malformed bundle ID given', input: { given: 'not a bundle', keyBundleIds: ['com.example.app'] }, code: 'BAD_BUNDLE_ID', says: ['reverse-DNS'] },
];

describe('chooseBundleId', () => {
  it.each(bundleRows)('$name', (row) => runValidatorCase(chooseWithBid, row));

  it('says how the window asks for it', () => {
    expect(thrownAppError(() => chooseBundleId('', ['a.b', 'c.d'], 'in the Bundle ID field')).message).toContain('say which one in the Bundle ID field');
  });
});

describe('keysOnlyBundleId, which the Sign screen pre-fills', () => {
  it('is the key’s bundle ID when it has exactly one', () => expect(keysOnlyBundleId(['com.example.app'])).toBe('com.example.app'));
  it('is none when the key has several or none', () => {
    expect(keysOnlyBundleId(['com.example.app', 'com.example.lite'])).toBeUndefined();
    expect(keysOnlyBundleId([])).toBeUndefined();
  });
});

const fieldRows: Array<{ template: TokenTemplate; field: TemplateOnlyField; applies: boolean }> = [
  { template: 'asc-team', field: 'scope', applies: true },
  { template: 'asc-individual', field: 'scope', applies: true },
  { template: 'app-store-server', field: 'scope', applies: false },
  { template: 'asc-team', field: 'bundleId', applies: false },
  { template: 'asc-individual', field: 'bundleId', applies: false },
  { template: 'app-store-server', field: 'bundleId', applies: true },
  { template: 'asc-team', field: 'environment', applies: false },
  { template: 'app-store-server', field: 'environment', applies: true },
];

const FLAGS: Record<TemplateOnlyField, string> = { scope: '--scope', bundleId: '--bid', environment: '--production' };

describe('refuseFieldsNotForTemplate', () => {
  it.each(fieldRows)('$template tokens take $field: $applies', ({ template, field, applies }) => {
    expect(fieldAppliesTo(field, template)).toBe(applies);
    const refuse = () => refuseFieldsNotForTemplate(template, { [field]: true }, (name) => FLAGS[name]);
    if (applies) {
      expect(refuse).not.toThrow();
      return;
    }
    const error = thrownAppError(refuse);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(new RegExp(`^${FLAGS[field]} does not apply to an? .*Leave ${FLAGS[field]} out\\.$`));
    expect(error.details).toEqual({ field: FLAGS[field] });
  });

  it('says why a scope does not fit a server token, and a bid an App Store Connect one', () => {
    expect(thrownAppError(() => refuseFieldsNotForTemplate('app-store-server', { scope: true }, (name) => FLAGS[name])).message).toContain(
      'only App Store Connect API tokens are limited by a scope',
    );
    expect(thrownAppError(() => refuseFieldsNotForTemplate('asc-team', { bundleId: true }, (name) => FLAGS[name])).message).toContain(
      'an App Store Connect API token carries no bundle ID',
    );
  });

  it('lets fields through that were not given', () => {
    for (const template of ['asc-team', 'asc-individual', 'app-store-server'] as const) {
      expect(() => refuseFieldsNotForTemplate(template, Object.fromEntries(TEMPLATE_ONLY_FIELDS.map((field) => [field, false])))).not.toThrow();
    }
  });
});

describe('the token request schema', () => {
  it('names the field another token takes, and why, instead of zod’s bare “Unrecognized key”', () => {
    const bid = tokenRequestSchema.safeParse({ template: 'asc-team', bundleId: 'com.example.app' });
    expect(bid.success).toBe(false);
    expect(bid.error?.issues[0]?.message).toMatch(/^bundleId does not apply to an App Store Connect API token: .*Leave bundleId out$/);
    const scope = tokenRequestSchema.safeParse({ template: 'app-store-server', bundleId: 'com.example.app', scope: ['GET /v1/apps'] });
    expect(scope.error?.issues[0]?.message).toMatch(/^scope does not apply to an App Store Server API token/);
    const environment = tokenRequestSchema.safeParse({ template: 'asc-individual', environment: 'production' });
    expect(environment.error?.issues[0]?.message).toMatch(/^environment does not apply to an App Store Connect API token \(individual key\)/);
  });

  it('keeps zod’s message for a field no token takes', () => {
    expect(tokenRequestSchema.safeParse({ template: 'asc-team', nonce: 'x' }).error?.issues[0]?.message).toContain('Unrecognized key');
  });
});

describe('apiOfTokenTemplate, which the inspector is pre-set to', () => {
  it('is the App Store Connect API for team and individual tokens, and the App Store Server API for server tokens', () => {
    expect(apiOfTokenTemplate('asc-team')).toBe('app-store-connect');
    expect(apiOfTokenTemplate('asc-individual')).toBe('app-store-connect');
    expect(apiOfTokenTemplate('app-store-server')).toBe('app-store-server');
  });
});
