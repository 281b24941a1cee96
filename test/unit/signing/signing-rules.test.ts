import { describe, expect, it } from 'vitest';
import { LONG_LIVED_RESOURCES } from '../../../src-shared/signing/apple-token-rules';
import { offerRequestSchema } from '../../../src-shared/signing/offer-request';
import { findLongLivedResource, findLongLivedScopeProblem, normalizeScope, parseScopeEntry } from '../../../src-shared/signing/scope';
import { canKeySign } from '../../../src-shared/signing/signing-key';
import {
  backdateSecondsFromText,
  describeDuration,
  lifetimeSecondsFromMinutes,
  maxLifetimeSeconds,
  resolveBackdate,
  resolveTokenLifetime,
} from '../../../src-shared/signing/token-lifetime';
import { tokenRequestSchema } from '../../../src-shared/signing/token-request';
import { runValidatorCase, type ValidatorCase } from '../../helpers/validator-cases';


const scopeEntryRows: ValidatorCase<string, ReturnType<typeof parseScopeEntry>>[] = [
  { name: 'reads Apple’s example entry', input: 'GET /v1/apps?filter[platform]=IOS', accepts: { method: 'GET', path: '/v1/apps', query: 'filter[platform]=IOS' } },
  { name: 'upper-cases the method', input: 'patch /v1/apps/123', accepts: { method: 'PATCH', path: '/v1/apps/123', query: '' } },
  { name: 'accepts a later API version', input: 'GET /v2/inAppPurchases/1', accepts: { method: 'GET', path: '/v2/inAppPurchases/1', query: '' } },
  { name: 'drops spaces and quotes around an entry', input: ' "DELETE /v1/users/9"\n', accepts: { method: 'DELETE', path: '/v1/users/9', query: '' } },
  { name: 'treats an empty query as none', input: 'GET /v1/apps?', accepts: { method: 'GET', path: '/v1/apps', query: '' } },
  { name: 'refuses an empty entry', input: '  ', code: 'BAD_SCOPE', says: ['empty'] },
  { name: 'refuses a path alone', input: '/v1/apps', code: 'BAD_SCOPE', says: ['no method or no path'] },
  { name: 'refuses a method alone', input: 'GET', code: 'BAD_SCOPE', says: ['no method or no path'] },
  { name: 'refuses a space inside the path', input: 'GET /v1/apps/my app', code: 'BAD_SCOPE', says: ['%20'] },
  { name: 'refuses an unknown method', input: 'LIST /v1/apps', code: 'BAD_SCOPE', says: ['"LIST"'] },
  { name: 'refuses the host', input: 'GET https://api.appstoreconnect.apple.com/v1/apps', code: 'BAD_SCOPE', says: ['Leave the host out'] },
  { name: 'refuses a path without the version', input: 'GET /apps', code: 'BAD_SCOPE', says: ['/v1/'] },
  { name: 'refuses a relative path', input: 'GET v1/apps', code: 'BAD_SCOPE', says: ['/v1/'] },
  { name: 'refuses a version alone', input: 'GET /v1/', code: 'BAD_SCOPE', says: ['/v1/'] },
  { name: 'refuses a trailing slash', input: 'GET /v1/apps/', code: 'BAD_SCOPE', says: ['empty part'] },
  { name: 'refuses two slashes together', input: 'GET /v1//apps', code: 'BAD_SCOPE', says: ['empty part'] },
  { name: 'refuses a placeholder', input: 'GET /v1/apps/{id}', code: 'BAD_SCOPE', says: ['placeholder'] },
  { name: 'refuses a fragment', input: 'GET /v1/apps#top', code: 'BAD_SCOPE', says: ['fragment'] },
];

describe('parseScopeEntry', () => {
  it.each(scopeEntryRows)('$name', (row) => runValidatorCase(parseScopeEntry, row));
});

describe('normalizeScope', () => {
  it('treats an absent or empty list as no scope', () => {
    expect(normalizeScope(undefined)).toBeUndefined();
    expect(normalizeScope([])).toBeUndefined();
  });
  it('writes entries in one form and drops repeats', () => {
    expect(normalizeScope(['get /v1/apps', 'GET  /v1/apps', 'GET /v1/builds?'])).toEqual(['GET /v1/apps', 'GET /v1/builds']);
  });
});

describe('long-lived scopes', () => {
  const allowed = [
    '/v1/ciProducts',
    '/v1/ciProducts/1/workflows',
    '/v1/ciBuildRuns/1',
    '/v1/ciBuildRuns/1/actions',
    '/v1/ciBuildActions/1/relationships/testResults',
    '/v1/ciBuildActions/1/issues',
    '/v1/ciMacOsVersions',
    '/v1/ciXcodeVersions/1/macOsVersions',
    '/v1/ciWorkflows/1/repository',
    '/v1/scmProviders/1/repositories',
    '/v1/scmRepositories/1/gitReferences',
    '/v1/scmRepositories/1/pullRequests',
    '/v1/apps/1/perfPowerMetrics',
    '/v1/builds/1/diagnosticSignatures',
    '/v1/diagnosticSignatures/1/logs',
  ];
  it.each(allowed)('lets long-lived tokens read %s', (path) => expect(findLongLivedResource(path)).toBeDefined());

  const refused = ['/v1/apps', '/v1/apps/1', '/v1/ciProducts/1/app', '/v1/ciBuildRuns/1/builds', '/v1/ciBuildActions/1/artifacts', '/v1/users'];
  it.each(refused)('keeps %s to 20 minutes', (path) => expect(findLongLivedResource(path)).toBeUndefined());

  it('names every resource on Apple’s list', () => {
    expect(LONG_LIVED_RESOURCES.map((resource) => resource.name)).toEqual([
      'Build Actions',
      'Build Runs',
      'Git References',
      'Issues',
      'macOS Versions',
      'Products',
      'Providers',
      'Power and Performance Metrics and Logs',
      'Pull Requests',
      'Repositories',
      'Test Results',
      'Workflows',
      'Xcode Versions',
    ]);
  });

  it('says why a scope does not allow a long lifetime', () => {
    expect(findLongLivedScopeProblem(undefined)).toBe('the token has no scope');
    expect(findLongLivedScopeProblem(['GET /v1/ciProducts', 'DELETE /v1/ciProducts/1'])).toContain('DELETE request');
    expect(findLongLivedScopeProblem(['GET /v1/ciProducts', 'nonsense'])).toContain('not a valid scope entry');
    expect(findLongLivedScopeProblem(['GET /v1/ciProducts', 'GET /v1/ciWorkflows/1'])).toBeUndefined();
  });
});

describe('resolveTokenLifetime', () => {
  const longLived = ['GET /v1/ciBuildRuns'];
  const rows: ValidatorCase<Parameters<typeof resolveTokenLifetime>, ReturnType<typeof resolveTokenLifetime>>[] = [
    { name: 'defaults App Store Connect tokens to 15 minutes', input: ['asc-team', undefined], accepts: { ttlSeconds: 900, warnings: [] } },
    { name: 'defaults server tokens to 20 minutes', input: ['app-store-server', undefined], accepts: { ttlSeconds: 1200, warnings: [] } },
    { name: 'accepts 19 minutes without a warning', input: ['asc-individual', 1140], accepts: { ttlSeconds: 1140, warnings: [] } },
    { name: 'accepts 55 minutes for the server API without a warning', input: ['app-store-server', 3300], accepts: { ttlSeconds: 3300, warnings: [] } },
    { name: 'accepts 180 days with a long-lived scope', input: ['asc-team', 180 * 86_400, longLived], accepts: { ttlSeconds: 180 * 86_400, warnings: [] } },
    { name: 'refuses 21 minutes without a scope', input: ['asc-team', 1260], code: 'LIFETIME_TOO_LONG', says: ['21 minutes'] },
    { name: 'refuses 61 minutes for the server API', input: ['app-store-server', 3660], code: 'LIFETIME_TOO_LONG', says: ['1 hour 1 minute'] },
    { name: 'refuses a long lifetime with a scope that writes', input: ['asc-team', 3600, ['PATCH /v1/ciWorkflows/1']], code: 'LIFETIME_TOO_LONG', says: ['PATCH request'] },
    { name: 'refuses 181 days even with a long-lived scope', input: ['asc-team', 181 * 86_400, longLived], code: 'LIFETIME_TOO_LONG', says: ['180 days'] },
    { name: 'refuses NaN', input: ['asc-team', Number.NaN], code: 'BAD_LIFETIME', says: ['whole number'] },
  ];
  it.each(rows)('$name', (row) => runValidatorCase((input) => resolveTokenLifetime(...input), row));

  it('warns above 55 minutes for the server API and above 19 for the App Store Connect API', () => {
    expect(resolveTokenLifetime('app-store-server', 3301).warnings).toHaveLength(1);
    expect(resolveTokenLifetime('asc-team', 1141).warnings).toHaveLength(1);
  });

  it('tells the screen the longest lifetime allowed', () => {
    expect(maxLifetimeSeconds('asc-team')).toBe(1200);
    expect(maxLifetimeSeconds('asc-individual', longLived)).toBe(180 * 86_400);
    expect(maxLifetimeSeconds('asc-team', ['GET /v1/apps'])).toBe(1200);
    expect(maxLifetimeSeconds('asc-team', ['not an entry'])).toBe(1200);
    expect(maxLifetimeSeconds('app-store-server')).toBe(3600);
  });
});

describe('resolveBackdate', () => {
  const rows: ValidatorCase<number | undefined, number>[] = [
    { name: 'defaults to 0', input: undefined, accepts: 0 },
    { name: 'accepts 0', input: 0, accepts: 0 },
    { name: 'accepts 60', input: 60, accepts: 60 },
    { name: 'refuses 61', input: 61, code: 'BAD_BACKDATE', says: ['0 to 60'] },
    { name: 'refuses -1', input: -1, code: 'BAD_BACKDATE', says: ['0 to 60'] },
    { name: 'refuses 2.5', input: 2.5, code: 'BAD_BACKDATE', says: ['whole number'] },
  ];
  it.each(rows)('$name', (row) => runValidatorCase(resolveBackdate, row));
});

describe('the Sign screen’s lifetime and backdate, as typed', () => {
  const lifetimeRows: ValidatorCase<Parameters<typeof lifetimeSecondsFromMinutes>, number | undefined>[] = [
    { name: 'leaves a blank lifetime to the default', input: ['asc-team', '  '], accepts: undefined },
    { name: 'reads whole minutes', input: ['asc-team', ' 10 '], accepts: 600 },
    { name: 'reads a fraction of a minute', input: ['app-store-server', '0.5'], accepts: 30 },
    { name: 'reads days of minutes with a long-lived scope', input: ['asc-team', '1440', ['GET /v1/ciProducts']], accepts: 86_400 },
    { name: 'refuses letters', input: ['asc-team', 'abc'], code: 'BAD_LIFETIME', says: ['number of minutes'] },
    { name: 'refuses a negative number', input: ['asc-team', '-5'], code: 'BAD_LIFETIME', says: ['number of minutes'] },
    { name: 'refuses a number with a unit', input: ['asc-team', '10m'], code: 'BAD_LIFETIME', says: ['number of minutes'] },
    { name: 'refuses 0 minutes', input: ['asc-team', '0'], code: 'BAD_LIFETIME', says: ['at least 1'] },
    { name: 'refuses Apple’s limit passed', input: ['asc-team', '25'], code: 'LIFETIME_TOO_LONG', says: ['at most 20 minutes'] },
    { name: 'refuses the server API’s limit passed', input: ['app-store-server', '61'], code: 'LIFETIME_TOO_LONG', says: ['at most 60 minutes'] },
  ];
  it.each(lifetimeRows)('$name', (row) => runValidatorCase((input) => lifetimeSecondsFromMinutes(...input), row));

  const backdateRows: ValidatorCase<string, number>[] = [
    { name: 'treats a blank backdate as 0', input: '', accepts: 0 },
    { name: 'reads whole seconds', input: ' 30 ', accepts: 30 },
    { name: 'refuses letters instead of turning them into 0', input: 'abc', code: 'BAD_BACKDATE', says: ['whole number of seconds from 0 to 60'] },
    { name: 'refuses a fraction', input: '2.5', code: 'BAD_BACKDATE', says: ['whole number'] },
    { name: 'refuses a negative number', input: '-1', code: 'BAD_BACKDATE', says: ['0 to 60'] },
    { name: 'refuses more than 60', input: '61', code: 'BAD_BACKDATE', says: ['0 to 60'] },
  ];
  it.each(backdateRows)('$name', (row) => runValidatorCase(backdateSecondsFromText, row));
});

describe('canKeySign', () => {
  it('pairs each key kind with what it signs', () => {
    expect(canKeySign('asc-team', 'asc-team')).toBe(true);
    expect(canKeySign('asc-team', 'asc-individual')).toBe(false);
    expect(canKeySign('asc-individual', 'asc-individual')).toBe(true);
    expect(canKeySign('in-app-purchase', 'app-store-server')).toBe(true);
    expect(canKeySign('in-app-purchase', 'offer')).toBe(true);
    expect(canKeySign('in-app-purchase', 'asc-team')).toBe(false);
    expect(canKeySign('asc-team', 'offer')).toBe(false);
  });
});

describe('request schemas', () => {
  it('accept the shape of each token and offer request', () => {
    expect(tokenRequestSchema.safeParse({ template: 'asc-individual', scope: ['GET /v1/apps'], ttlSeconds: 60 }).success).toBe(true);
    expect(tokenRequestSchema.safeParse({ template: 'app-store-server', bundleId: 'com.example.app', environment: 'production' }).success).toBe(true);
    expect(offerRequestSchema.safeParse({ kind: 'advanced-commerce', bundleId: 'com.example.app', requestJson: '{}' }).success).toBe(true);
  });
  it('refuse fields a request does not have', () => {
    expect(tokenRequestSchema.safeParse({ template: 'app-store-server', bundleId: 'com.example.app', scope: ['GET /v1/apps'] }).success).toBe(false);
    expect(tokenRequestSchema.safeParse({ template: 'asc-team', bundleId: 'com.example.app' }).success).toBe(false);
    expect(tokenRequestSchema.safeParse({ template: 'apns' }).success).toBe(false);
    expect(offerRequestSchema.safeParse({ kind: 'intro-eligibility', bundleId: 'a.b', productId: 'p', allowIntroductoryOffer: 'true', transactionId: '1' }).success).toBe(false);
  });
});

describe('describeDuration', () => {
  it.each([
    [45, '45 seconds'],
    [1200, '20 minutes'],
    [3660, '1 hour 1 minute'],
    [180 * 86_400, '180 days'],
  ])('writes %i seconds as "%s"', (seconds, text) => expect(describeDuration(seconds)).toBe(text));
});
