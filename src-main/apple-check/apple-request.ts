import { isAllowedAppleUrl } from '../../src-shared/apple-check/apple-hosts';

/**
 * The one seam to the network: `fetch` with the standard Request and Response. The desktop passes Electron's
 * `net.fetch` (the system's proxy settings apply), the CLI Node's fetch through HTTPS_PROXY, tests one that
 * reaches a local server answering as Apple does.
 */
export type AppleFetch = (url: string, init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual'; signal: AbortSignal }) => Promise<Response>;

export interface AppleRequestLimits {
  /** The whole exchange, redirects and the body included. */
  timeoutMs: number;
  maxResponseBytes: number;
  maxRedirects: number;
}

export const DEFAULT_APPLE_REQUEST_LIMITS: AppleRequestLimits = { timeoutMs: 15_000, maxResponseBytes: 1024 * 1024, maxRedirects: 3 };

export type AppleTransportProblem = 'timeout' | 'tls' | 'network' | 'redirect-refused' | 'too-large';

export type AppleExchange =
  | { type: 'answer'; url: string; status: number; date: string | null; body: string }
  | { type: 'failure'; url: string; problem: AppleTransportProblem; detail: string };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Node (OpenSSL) and Chromium name certificate and handshake failures this way.
const TLS_FAILURE = /CERT|SSL|TLS|HANDSHAKE/i;

/**
 * One GET to Apple: follows redirects itself, only to allowlisted hosts; gives up after the timeout; stops
 * reading a body past the size cap. Failures are values, so the caller explains them.
 */
export async function requestApple(fetch: AppleFetch, url: string, headers: Record<string, string>, limits: AppleRequestLimits): Promise<AppleExchange> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), limits.timeoutMs);
  let current = url;
  try {
    for (let redirects = 0; ; redirects += 1) {
      const target = new URL(current);
      if (!isAllowedAppleUrl(target)) {
        return { type: 'failure', url: current, problem: 'redirect-refused', detail: `Refused to go to ${target.origin}: not one of Apple's API hosts.` };
      }
      const response = await fetch(current, { method: 'GET', headers, redirect: 'manual', signal: controller.signal });
      if (REDIRECT_STATUSES.has(response.status) || response.type === 'opaqueredirect') {
        await response.body?.cancel();
        const location = response.headers.get('location');
        if (location === null || redirects >= limits.maxRedirects) {
          return { type: 'failure', url: current, problem: 'redirect-refused', detail: `Apple answered ${response.status} without a redirect this check follows.` };
        }
        current = new URL(location, current).toString();
        continue;
      }
      const body = await readCapped(response, limits.maxResponseBytes);
      if (body === null) {
        return { type: 'failure', url: current, problem: 'too-large', detail: `The answer was larger than ${limits.maxResponseBytes} bytes and was not read further.` };
      }
      return { type: 'answer', url: current, status: response.status, date: response.headers.get('date'), body };
    }
  } catch (error) {
    return { type: 'failure', url: current, ...classifyFailure(error, controller.signal) };
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, or null once it passes the cap (a declared length over it is refused unread). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    return null;
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function classifyFailure(error: unknown, signal: AbortSignal): { problem: AppleTransportProblem; detail: string } {
  if (signal.aborted) return { problem: 'timeout', detail: 'No complete answer before the time limit.' };
  const causes: string[] = [];
  for (let current: unknown = error; current instanceof Error && causes.length < 4; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    causes.push(code === undefined ? current.message : `${code}: ${current.message}`);
  }
  const detail = causes.join(' ← ') || String(error);
  return { problem: TLS_FAILURE.test(detail) ? 'tls' : 'network', detail };
}
