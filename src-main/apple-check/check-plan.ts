import type { AppleEnvironment } from '../../src-shared/apple-check/apple-check';
import { APP_STORE_CONNECT_ORIGIN, APP_STORE_SERVER_ORIGINS } from '../../src-shared/apple-check/apple-hosts';

// Apple: `limit` on GET /v1/apps is at most 200.
export const APPS_PAGE_SIZE = 200;
/** Pages of apps followed through links.next: 1,000 apps, far more than any key needs shown. */
export const MAX_APP_PAGES = 5;
/** Bundle IDs checked per In-App Purchase key; each costs two requests (production and sandbox). */
export const MAX_CHECKED_BUNDLE_IDS = 10;
/**
 * A well-formed transaction ID that no purchase has: Get Transaction Info answers an authorised caller 404
 * TransactionIdNotFoundError for it, and 401 to anyone else, and changes nothing.
 */
export const ABSENT_TRANSACTION_ID = '1000000000000000';

/** The first page of apps; only the fields shown are asked for, which keeps the answer small. */
export function firstAppsPageUrl(): string {
  const query = new URLSearchParams({ limit: String(APPS_PAGE_SIZE), 'fields[apps]': 'name,bundleId' });
  return `${APP_STORE_CONNECT_ORIGIN}/v1/apps?${query.toString()}`;
}

export interface ServerCheckRequest {
  environment: AppleEnvironment;
  bundleId: string;
  url: string;
}

/** Production then sandbox for each bundle ID (the first MAX_CHECKED_BUNDLE_IDS). */
export function serverCheckRequests(bundleIds: readonly string[]): ServerCheckRequest[] {
  return bundleIds.slice(0, MAX_CHECKED_BUNDLE_IDS).flatMap((bundleId) =>
    (['production', 'sandbox'] as const).map((environment) => ({
      environment,
      bundleId,
      url: `${APP_STORE_SERVER_ORIGINS[environment]}/inApps/v1/transactions/${ABSENT_TRANSACTION_ID}`,
    })),
  );
}
