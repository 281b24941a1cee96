import type { AppleApp, AppleCheckProblem, AppleEnvironment } from '../../src-shared/apple-check/apple-check';
import { KEY_KIND_SOURCES } from '../../src-shared/keys/key-kind';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { AppleTransportProblem } from './apple-request';

// App Store Server API error codes (Apple's "Error codes" page; the App Store Server Library's APIError).
export const TRANSACTION_ID_NOT_FOUND = 4040010;
export const APP_NOT_FOUND = 4040003;
/** Clock differences Apple tolerates; beyond this the explanation names the skew. */
const CLOCK_SKEW_TOLERANCE_SECONDS = 60;
const MAX_DETAIL_CHARACTERS = 2000;

/** What the vault knows that can explain Apple's answer. */
export interface VaultFacts {
  key: KeySummary;
  /** Issuer IDs of the vault's other keys, this key's own left out. */
  otherIssuerIds: string[];
  /** The `iat` of the token sent, in Unix seconds. */
  tokenIat: number;
  timeoutSeconds: number;
}

export interface AnswerContext {
  /** Apple's `Date` header, when an answer came. */
  date: string | null;
  environment?: AppleEnvironment;
  bundleId?: string;
  /** The host asked, or the one a redirect pointed to. */
  url: string;
  status?: number;
}

export type Verdict = { works: true } | { works: false; problem: AppleCheckProblem };

export function ascVerdict(status: number): Verdict {
  if (status === 200) return { works: true };
  return { works: false, problem: problemForStatus(status) };
}

/** 200, or 404 TransactionIdNotFoundError for the made-up transaction ID: Apple accepted key, Issuer ID and bundle ID. */
export function serverVerdict(status: number, body: string): Verdict {
  if (status === 200) return { works: true };
  if (status === 404) {
    const code = (parseJson(body) as { errorCode?: unknown } | null)?.errorCode;
    if (code === TRANSACTION_ID_NOT_FOUND) return { works: true };
    if (code === APP_NOT_FOUND) return { works: false, problem: 'app-not-found' };
  }
  return { works: false, problem: problemForStatus(status) };
}

export function transportVerdict(problem: AppleTransportProblem): Verdict {
  return { works: false, problem };
}

function problemForStatus(status: number): AppleCheckProblem {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  return 'unexpected';
}

/** One page of GET /v1/apps: its apps and the next page's URL, or null when the body is not such a page. */
export function parseAppsPage(body: string): { apps: AppleApp[]; next: string | null } | null {
  const page = parseJson(body) as { data?: unknown; links?: { next?: unknown } } | null;
  if (page === null || !Array.isArray(page.data)) return null;
  const apps = page.data.flatMap((entry: unknown): AppleApp[] => {
    const resource = entry as { id?: unknown; attributes?: { name?: unknown; bundleId?: unknown } } | null;
    if (typeof resource?.id !== 'string') return [];
    const name = typeof resource.attributes?.name === 'string' ? resource.attributes.name : '';
    const bundleId = typeof resource.attributes?.bundleId === 'string' ? resource.attributes.bundleId : '';
    return [{ name, bundleId, appleId: resource.id }];
  });
  return { apps, next: typeof page.links?.next === 'string' ? page.links.next : null };
}

/**
 * Apple's error, as it sent it: `errors[].status/code/title/detail` (App Store Connect API) or
 * `errorCode: errorMessage` (App Store Server API); other text is shown cut to a length.
 */
export function appleErrorDetail(body: string): string | undefined {
  const parsed = parseJson(body) as { errors?: unknown; errorCode?: unknown; errorMessage?: unknown } | null;
  if (parsed !== null && Array.isArray(parsed.errors)) {
    return parsed.errors
      .map((error: unknown) => {
        const { code, title, detail } = (error ?? {}) as { code?: unknown; title?: unknown; detail?: unknown };
        const text = [title, detail].filter((part) => typeof part === 'string' && part !== '').join(' ');
        return typeof code === 'string' ? `${code}: ${text}` : text;
      })
      .join('\n');
  }
  if (parsed !== null && typeof parsed.errorCode === 'number') {
    return `${parsed.errorCode}${typeof parsed.errorMessage === 'string' ? `: ${parsed.errorMessage}` : ''}`;
  }
  const text = body.trim();
  if (text === '') return undefined;
  return text.length > MAX_DETAIL_CHARACTERS ? `${text.slice(0, MAX_DETAIL_CHARACTERS)}…` : text;
}

/** A few words for the key's health, e.g. "Apple refused the key (401)". */
export function problemSummary(problem: AppleCheckProblem, status?: number): string {
  switch (problem) {
    case 'unauthorized':
      return 'Apple refused the key (401)';
    case 'forbidden':
      return 'Apple refused the request (403)';
    case 'not-found':
      return 'Apple answered not found (404)';
    case 'app-not-found':
      return 'Apple does not know the app';
    case 'no-apps':
      return 'sees no apps';
    case 'rate-limited':
      return 'not judged: Apple asked to slow down (429)';
    case 'timeout':
      return 'not judged: no answer in time';
    case 'tls':
      return 'not judged: the secure connection failed';
    case 'network':
      return 'not judged: Apple could not be reached';
    case 'redirect-refused':
      return 'not judged: redirected away from Apple';
    case 'too-large':
      return 'not judged: the answer was too large';
    case 'no-bundle-id':
      return 'not checked: the key has no bundle ID';
    case 'unexpected':
      return `unexpected answer${status === undefined ? '' : ` (${status})`}`;
  }
}

/** What the answer means for this key, most likely cause first, in the vault's own terms. */
export function explainProblem(problem: AppleCheckProblem, facts: VaultFacts, context: AnswerContext): string[] {
  const { key } = facts;
  const host = safeHost(context.url);
  const where = context.environment === undefined ? '' : ` in ${context.environment}`;
  switch (problem) {
    case 'unauthorized':
      return [
        ...(key.revoked ? ['This key is marked as revoked in the vault, and Apple refuses a revoked key. Create a new key in App Store Connect and import it.'] : []),
        ...clockSkew(facts, context.date),
        ...issuerMismatch(facts),
        ...unauthorizedCauses(key, context.bundleId),
      ];
    case 'forbidden':
      return key.kind === 'in-app-purchase'
        ? [`Apple accepted the token but refused this request${where}. Check that ${context.bundleId ?? 'the bundle ID'} is an app of the account this key belongs to.`]
        : [
            'Apple accepted the token but does not let this key list apps. The key’s role in App Store Connect may not include it: ' +
              `check the key’s access in ${KEY_KIND_SOURCES[key.kind]}.`,
          ];
    case 'not-found':
      return [`Apple’s ${host} answered “not found” to a request it normally answers. Apple’s answer is in the details; try again later.`];
    case 'app-not-found':
      return [
        `Apple does not know an app with the bundle ID ${context.bundleId ?? ''}${where}.` +
          (context.environment === 'production'
            ? ' An app not yet released is known only in sandbox; otherwise check the bundle ID on this key.'
            : ' Check the bundle ID on this key against the app in App Store Connect.'),
        ...(key.environment !== undefined && key.environment !== 'both' && context.environment !== key.environment
          ? [`This key is noted for ${key.environment}; the check asks both environments.`]
          : []),
      ];
    case 'no-apps':
      return [
        'Apple accepted the key, and it sees no apps. A key sees only the apps its access allows: an individual key, or a user ' +
          'with a role such as App Manager, sees only the apps that user is given in Users and Access (the user’s Apps). ' +
          'A team with no apps yet also sees none.',
      ];
    case 'rate-limited':
      return ['Apple limits how many requests a key makes in a period, and asked to slow down. This says nothing about the key itself: try again later.'];
    case 'timeout':
      return [`Apple did not answer within ${facts.timeoutSeconds} seconds. Check the internet connection or proxy settings, then try again. The key was not judged.`];
    case 'tls':
      return [
        `The secure connection to ${host} failed: the certificate presented was not one this computer trusts. A proxy or security ` +
          'product that inspects HTTPS, or a computer clock far off, does this. The key was not judged.',
      ];
    case 'network':
      return [`Apple could not be reached (${host}). Check the internet connection or proxy settings, then try again. The key was not judged.`];
    case 'redirect-refused':
      return [
        `The answer pointed away from Apple’s API hosts (to ${host}), which this app does not follow. A captive portal or a proxy may be ` +
          'answering in Apple’s place. The key was not judged.',
      ];
    case 'too-large':
      return ['The answer was larger than any Apple sends for this request, and was not read. A proxy or portal may be answering in Apple’s place.'];
    case 'no-bundle-id':
      return [
        'An In-App Purchase key is checked for an app: its token must carry the app’s bundle ID (bid). Add your app’s bundle ID to this key, then check again.',
      ];
    case 'unexpected':
      return [`Apple answered ${context.status ?? 'something'} from ${host}, which this check does not expect. Apple’s answer is in the details.`];
  }
}

/** Apple's clock against the token's `iat`: a token from the future, or one already expired on Apple's clock, gets 401. */
function clockSkew(facts: VaultFacts, date: string | null): string[] {
  const appleNow = date === null ? Number.NaN : Date.parse(date) / 1000;
  if (Number.isNaN(appleNow)) return [];
  const skew = Math.round(facts.tokenIat - appleNow);
  if (Math.abs(skew) <= CLOCK_SKEW_TOLERANCE_SECONDS) return [];
  const direction = skew > 0 ? 'ahead of' : 'behind';
  return [
    `This computer’s clock is ${Math.abs(skew)} seconds ${direction} Apple’s (from the Date of Apple’s answer), so the token’s time (iat) ` +
      `is ${skew > 0 ? 'in the future' : 'in the past'} for Apple. Set the clock to update automatically, then check again.`,
  ];
}

function issuerMismatch({ key, otherIssuerIds }: VaultFacts): string[] {
  if (key.issuerId === undefined || otherIssuerIds.length === 0 || otherIssuerIds.includes(key.issuerId)) return [];
  return [
    `This key’s Issuer ID (${key.issuerId}) differs from the one your other keys use (${otherIssuerIds.join(', ')}). ` +
      `An Issuer ID from another account makes Apple answer 401; App Store Connect shows the right one above the keys in ${KEY_KIND_SOURCES[key.kind]}.`,
  ];
}

function unauthorizedCauses(key: KeySummary, bundleId: string | undefined): string[] {
  if (key.kind === 'in-app-purchase') {
    return [
      `Apple did not accept the key, Issuer ID and bundle ID${bundleId === undefined ? '' : ` ${bundleId}`} together. Check that the Key ID ` +
        `${key.keyId} is the key’s (SubscriptionKey_${key.keyId}.p8), that the Issuer ID is the one in ${KEY_KIND_SOURCES[key.kind]}, ` +
        'that the bundle ID is an app of that account, and that the key was not revoked there.',
    ];
  }
  if (key.kind === 'asc-individual') {
    return [
      `Apple did not accept the key. Check that the Key ID ${key.keyId} is the key’s (AuthKey_${key.keyId}.p8), that it was not revoked, ` +
        'and that its user still has access to App Store Connect.',
    ];
  }
  return [
    `Apple did not accept the key. Check that the Key ID ${key.keyId} is the key’s (AuthKey_${key.keyId}.p8), that the Issuer ID is the one ` +
      `above the list in ${KEY_KIND_SOURCES[key.kind]}, and that the key was not revoked there.`,
  ];
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return null;
  }
}
