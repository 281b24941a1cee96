import { APP_STORE_CONNECT_API_HOST, APP_STORE_SERVER_HOSTS } from '../signing/apple-token-rules';

/**
 * The only hosts a check with Apple may reach, redirects included: the App Store Connect API, and the App Store
 * Server API's production and sandbox hosts, the same origins the Sign screen's curl lines and Apple's own
 * App Store Server Library use.
 */
export const APP_STORE_CONNECT_ORIGIN = APP_STORE_CONNECT_API_HOST;
export const APP_STORE_SERVER_ORIGINS = APP_STORE_SERVER_HOSTS;
export const APPLE_API_HOSTS = [APP_STORE_CONNECT_ORIGIN, APP_STORE_SERVER_ORIGINS.production, APP_STORE_SERVER_ORIGINS.sandbox].map((origin) => new URL(origin).hostname);

/** HTTPS on the default port to one of APPLE_API_HOSTS, with no credentials in the URL. */
export function isAllowedAppleUrl(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    APPLE_API_HOSTS.includes(url.hostname)
  );
}
