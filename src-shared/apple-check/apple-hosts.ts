/**
 * The only hosts a check with Apple may reach, redirects included. App Store Connect API, and the App Store Server
 * API's production and sandbox hosts as Apple's documentation names them.
 */
export const APPLE_API_HOSTS = ['api.appstoreconnect.apple.com', 'api.storekit.itunes.apple.com', 'api.storekit-sandbox.itunes.apple.com'] as const;

export const APP_STORE_CONNECT_ORIGIN = 'https://api.appstoreconnect.apple.com';
export const APP_STORE_SERVER_ORIGINS = {
  production: 'https://api.storekit.itunes.apple.com',
  sandbox: 'https://api.storekit-sandbox.itunes.apple.com',
} as const;

/** HTTPS on the default port to one of APPLE_API_HOSTS, with no credentials in the URL. */
export function isAllowedAppleUrl(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    url.username === '' &&
    url.password === '' &&
    (APPLE_API_HOSTS as readonly string[]).includes(url.hostname)
  );
}
