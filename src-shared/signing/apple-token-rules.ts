/**
 * Apple's numbers for tokens and signatures, in one place. Sources: Apple's "Generating tokens for API requests"
 * (App Store Connect API), "Generating JSON Web Tokens for API requests" (App Store Server API), "Generating a
 * signature for promotional offers", "Generating JWS to sign App Store requests", and Apple's App Store Server
 * Library; see ../shared/apple-signing.md.
 */

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** The `aud` of every App Store Connect API and App Store Server API token. */
export const APP_STORE_CONNECT_AUDIENCE = 'appstoreconnect-v1';

// App Store Connect API: tokens live at most 20 minutes; the default stays below so a fast clock does not push it over.
export const ASC_DEFAULT_LIFETIME_SECONDS = 15 * MINUTE;
export const ASC_MAX_LIFETIME_SECONDS = 20 * MINUTE;
// Apple allows "up to 6 months" for scoped, GET-only tokens on the long-lived resources; 180 days is within any reading.
export const ASC_LONG_LIVED_MAX_SECONDS = 180 * DAY;

// App Store Server API: at most 60 minutes, but a full 60 has been seen rejected, so warn above 55.
export const SERVER_DEFAULT_LIFETIME_SECONDS = 20 * MINUTE;
export const SERVER_MAX_LIFETIME_SECONDS = 60 * MINUTE;
export const SERVER_WARN_LIFETIME_SECONDS = 55 * MINUTE;

/** Backdating `iat` absorbs a computer clock that runs fast; Apple rejects an `iat` in the future. */
export const MAX_BACKDATE_SECONDS = 60;

/** The `aud` of each StoreKit in-app JWS (Apple's App Store Server Library uses the same values). */
export const STOREKIT_JWS_AUDIENCES = {
  'promo-v2': 'promotional-offer',
  'intro-eligibility': 'introductory-offer-eligibility',
  'advanced-commerce': 'advanced-commerce-api',
} as const;

/** U+2063 INVISIBLE SEPARATOR (UTF-8 e2 81 a3) between the fields of the legacy promotional offer message. */
export const LEGACY_OFFER_SEPARATOR = '\u2063';

export const APP_STORE_CONNECT_API_HOST = 'https://api.appstoreconnect.apple.com';
export const APP_STORE_SERVER_HOSTS = {
  production: 'https://api.storekit.apple.com',
  sandbox: 'https://api.storekit-sandbox.apple.com',
} as const;

/** A resource Apple lets long-lived App Store Connect API tokens read, and the path segments that name it. */
export interface LongLivedResource {
  /** Apple's name for the resource in its list. */
  name: string;
  /** The top-level collection (`/v1/ciBuildRuns`) first, then the relationship names that lead to it (`…/buildRuns`). */
  pathSegments: readonly string[];
}

/**
 * Apple's list of resources that accept tokens of up to 6 months ("Generating tokens for API requests": Build
 * Actions, Build Runs, Git References, Issues, macOS Versions, Products, Providers, Power and Performance Metrics
 * and Logs, Pull Requests, Repositories, Test Results, Workflows, Xcode Versions), mapped to the names those
 * resources have in the API's URLs (Xcode Cloud `ci…` and `scm…` resources, and the power and performance
 * endpoints). A scope entry is judged by the resource it reads: the last name in its path.
 */
export const LONG_LIVED_RESOURCES: readonly LongLivedResource[] = [
  { name: 'Build Actions', pathSegments: ['ciBuildActions', 'actions'] },
  { name: 'Build Runs', pathSegments: ['ciBuildRuns', 'buildRuns', 'buildRun'] },
  { name: 'Git References', pathSegments: ['scmGitReferences', 'gitReferences', 'sourceBranchOrTag', 'destinationBranch'] },
  { name: 'Issues', pathSegments: ['ciIssues', 'issues'] },
  { name: 'macOS Versions', pathSegments: ['ciMacOsVersions', 'macOsVersions', 'macOsVersion'] },
  { name: 'Products', pathSegments: ['ciProducts', 'ciProduct', 'products', 'product'] },
  { name: 'Providers', pathSegments: ['scmProviders', 'scmProvider'] },
  {
    name: 'Power and Performance Metrics and Logs',
    pathSegments: ['perfPowerMetrics', 'diagnosticSignatures', 'diagnosticLogs', 'logs'],
  },
  { name: 'Pull Requests', pathSegments: ['scmPullRequests', 'pullRequests', 'pullRequest'] },
  {
    name: 'Repositories',
    pathSegments: ['scmRepositories', 'repositories', 'repository', 'primaryRepositories', 'additionalRepositories'],
  },
  { name: 'Test Results', pathSegments: ['ciTestResults', 'testResults'] },
  { name: 'Workflows', pathSegments: ['ciWorkflows', 'workflows', 'workflow'] },
  { name: 'Xcode Versions', pathSegments: ['ciXcodeVersions', 'xcodeVersions', 'xcodeVersion'] },
];
