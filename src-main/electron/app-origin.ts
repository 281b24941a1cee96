/** The renderer is served from this privileged scheme instead of file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The only pages Apple links may open, in the system browser. */
const EXTERNAL_ORIGINS = new Set(['https://appstoreconnect.apple.com', 'https://developer.apple.com']);

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for pages of the app itself. Non-special schemes have an opaque origin, so compare parts. */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/**
 * The URL as parsed (its `href`) when it is an allowlisted Apple page, else null. The parsed form is what
 * goes to the OS: a string like `https://appstoreconnect.apple.com\@example.com` parses here as an Apple
 * page, and the OS's own parser might read the raw text otherwise.
 */
export function allowedExternalUrl(url: string): string | null {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.username === '' && parsed.password === '' && EXTERNAL_ORIGINS.has(parsed.origin) ? parsed.href : null;
}

export function isAllowedExternalUrl(url: string): boolean {
  return allowedExternalUrl(url) !== null;
}
