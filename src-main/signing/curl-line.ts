import { APP_STORE_CONNECT_API_HOST, APP_STORE_SERVER_HOSTS } from '../../src-shared/signing/apple-token-rules';
import { parseScopeEntry } from '../../src-shared/signing/scope';
import type { ServerEnvironment } from '../../src-shared/signing/token-request';

const SHELL_SAFE = /^[A-Za-z0-9/:._~%=,-]+$/;

/**
 * A curl command for an App Store Connect API token: the first GET request in its scope (a scoped token works only
 * for the requests it lists), otherwise the list of apps.
 */
export function appStoreConnectCurl(token: string, scope: readonly string[] | undefined): string {
  const firstGet = scope?.map(parseScopeEntry).find((entry) => entry.method === 'GET');
  const target = firstGet === undefined ? '/v1/apps' : firstGet.query === '' ? firstGet.path : `${firstGet.path}?${firstGet.query}`;
  const url = `${APP_STORE_CONNECT_API_HOST}${target}`;
  // curl reads [ ] and { } in a URL as patterns unless told not to.
  const globOff = /[[\]{}]/.test(url) ? '-g ' : '';
  return `curl ${globOff}-H "Authorization: Bearer ${token}" ${shellWord(url)}`;
}

/** A curl command for an App Store Server API token; `{transactionId}` is left for the user to fill in. */
export function appStoreServerCurl(token: string, environment: ServerEnvironment): string {
  return `curl -H "Authorization: Bearer ${token}" ${APP_STORE_SERVER_HOSTS[environment]}/inApps/v1/history/{transactionId}`;
}

function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
