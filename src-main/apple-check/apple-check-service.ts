import type { AppleApp, AppleCheckAttempt, AppleCheckProblem, AppleCheckResult } from '../../src-shared/apple-check/apple-check';
import { AppError } from '../../src-shared/errors';
import type { KeySummary } from '../../src-shared/keys/key-record';
import type { TokenRequest } from '../../src-shared/signing/token-request';
import type { KeyService } from '../keys/key-service';
import { issueToken } from '../signing/tokens';
import { DEFAULT_APPLE_REQUEST_LIMITS, requestApple, type AppleExchange, type AppleFetch, type AppleRequestLimits } from './apple-request';
import { firstAppsPageUrl, MAX_APP_PAGES, MAX_CHECKED_BUNDLE_IDS, serverCheckRequests } from './check-plan';
import {
  appleErrorDetail,
  ascVerdict,
  explainProblem,
  parseAppsPage,
  problemSummary,
  serverVerdict,
  transportVerdict,
  type AnswerContext,
  type VaultFacts,
  type Verdict,
} from './interpret-answer';

/** Long enough for a check's few requests; far under Apple's limits. */
const CHECK_TOKEN_SECONDS = 300;

export const APPLE_CHECK_OFF_MESSAGE =
  'Checking keys with Apple is off. Turn on “Check keys with Apple” in Settings; it says exactly what is sent, and nothing is sent until you do.';

export interface AppleCheckServiceOptions {
  keys: KeyService;
  fetch: AppleFetch;
  /** The user's opt-in (the app's preference, the CLI's --allow-network); read before every check. */
  isEnabled: () => boolean;
  now?: () => Date;
  limits?: AppleRequestLimits;
}

type Outcome = Omit<AppleCheckResult, 'checkedAt' | 'key'>;

/**
 * Asks Apple whether a key works, on request only: one signed token per request, to Apple's API hosts only.
 * The outcome is kept on the key and in the activity log; the token never leaves this service.
 */
export class AppleCheckService {
  private readonly now: () => Date;
  private readonly limits: AppleRequestLimits;

  constructor(private readonly options: AppleCheckServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.limits = options.limits ?? DEFAULT_APPLE_REQUEST_LIMITS;
  }

  async check(id: string): Promise<AppleCheckResult> {
    if (!this.options.isEnabled()) throw new AppError('APPLE_CHECK_OFF', APPLE_CHECK_OFF_MESSAGE);
    const key = this.options.keys.getKey(id);
    const outcome = key.kind === 'in-app-purchase' ? await this.checkServerApi(key) : await this.checkConnectApi(key);
    const checkedAt = this.now().toISOString();
    const stored = this.options.keys.recordAppleCheck(id, { at: checkedAt, works: outcome.works, summary: outcome.summary });
    return { ...outcome, checkedAt, key: stored };
  }

  /** GET /v1/apps, following links.next up to MAX_APP_PAGES. */
  private async checkConnectApi(key: KeySummary): Promise<Outcome> {
    const { token, iat } = await this.sign(key, { template: key.kind === 'asc-individual' ? 'asc-individual' : 'asc-team', ttlSeconds: CHECK_TOKEN_SECONDS });
    const facts = this.facts(key, iat);
    const apps: AppleApp[] = [];
    const attempts: AppleCheckAttempt[] = [];
    const explanations: string[] = [];
    let next: string | null = firstAppsPageUrl();
    for (let page = 1; page <= MAX_APP_PAGES && next !== null; page += 1) {
      const exchange = await this.ask(next, token);
      const label = `App Store Connect API, apps page ${page}`;
      const verdict: Verdict = exchange.type === 'failure' ? transportVerdict(exchange.problem) : ascVerdict(exchange.status);
      const parsed = exchange.type === 'answer' && verdict.works ? parseAppsPage(exchange.body) : null;
      const settled: Verdict = verdict.works && parsed === null ? { works: false, problem: 'unexpected' } : verdict;
      attempts.push(attempt(label, exchange, settled));
      if (!settled.works) {
        explanations.push(...explainProblem(settled.problem, facts, answerContext(exchange)));
        if (page === 1) return failed(settled.problem, exchange, explanations, attempts);
        break;
      }
      apps.push(...(parsed?.apps ?? []));
      next = parsed?.next ?? null;
    }
    const moreApps = next !== null;
    if (apps.length === 0 && !moreApps) explanations.push(...explainProblem('no-apps', facts, { date: null, url: firstAppsPageUrl() }));
    const seen = apps.length === 0 ? 'sees no apps' : `sees ${apps.length}${moreApps ? ' or more' : ''} app${apps.length === 1 ? '' : 's'}`;
    const bundleIdsToAdd = [...new Set(apps.map((app) => app.bundleId).filter((bundleId) => bundleId !== '' && !key.bundleIds.includes(bundleId)))];
    return { works: true, summary: `works, ${seen}`, explanations, apps, moreApps, bundleIdsToAdd, attempts };
  }

  /** Get Transaction Info for a transaction ID that does not exist, per bundle ID, in production and sandbox. */
  private async checkServerApi(key: KeySummary): Promise<Outcome> {
    if (key.bundleIds.length === 0) {
      return failed('no-bundle-id', null, explainProblem('no-bundle-id', this.facts(key, 0), { date: null, url: '' }), []);
    }
    const attempts: AppleCheckAttempt[] = [];
    const explanations = new Set<string>();
    const working = new Map<string, string[]>();
    let firstProblem: { problem: AppleCheckProblem; exchange: AppleExchange } | null = null;
    const tokens = new Map<string, { token: string; iat: number }>();
    for (const request of serverCheckRequests(key.bundleIds)) {
      const signed = tokens.get(request.bundleId) ?? (await this.sign(key, { template: 'app-store-server', bundleId: request.bundleId, ttlSeconds: CHECK_TOKEN_SECONDS }));
      tokens.set(request.bundleId, signed);
      const exchange = await this.ask(request.url, signed.token);
      const verdict = exchange.type === 'failure' ? transportVerdict(exchange.problem) : serverVerdict(exchange.status, exchange.body);
      attempts.push(attempt(`${request.environment}, ${request.bundleId}`, exchange, verdict));
      if (verdict.works) {
        working.set(request.bundleId, [...(working.get(request.bundleId) ?? []), request.environment]);
        continue;
      }
      firstProblem ??= { problem: verdict.problem, exchange };
      const context = { ...answerContext(exchange), environment: request.environment, bundleId: request.bundleId };
      for (const line of explainProblem(verdict.problem, this.facts(key, signed.iat), context)) explanations.add(line);
      // Not about this bundle ID: asking again now would only repeat it.
      if (exchange.type === 'failure' || verdict.problem === 'rate-limited') break;
    }
    if (key.bundleIds.length > MAX_CHECKED_BUNDLE_IDS) {
      explanations.add(`Only the first ${MAX_CHECKED_BUNDLE_IDS} of the key’s ${key.bundleIds.length} bundle IDs were checked.`);
    }
    if (working.size === 0 && firstProblem !== null) return failed(firstProblem.problem, firstProblem.exchange, [...explanations], attempts);
    const worksFor = [...working].map(([bundleId, environments]) => `${bundleId} (${environments.join(' and ')})`).join(', ');
    const partly = firstProblem === null ? '' : `; ${problemSummary(firstProblem.problem, statusOf(firstProblem.exchange))} elsewhere`;
    return { works: true, summary: `works for ${worksFor}${partly}`, explanations: [...explanations], apps: [], moreApps: false, bundleIdsToAdd: [], attempts };
  }

  /** A fresh token from the signing code main uses everywhere; the key never leaves main. */
  private async sign(key: KeySummary, request: TokenRequest): Promise<{ token: string; iat: number }> {
    // A key marked revoked is checked all the same: Apple's answer is what tells whether it really is.
    const signingKey = { kind: key.kind, keyId: key.keyId, issuerId: key.issuerId ?? null, revoked: false };
    const issued = await issueToken({ signingKey: this.options.keys.readSigningKey(key.id), key: signingKey, request, now: this.now() });
    return { token: issued.token, iat: issued.payload.iat };
  }

  private ask(url: string, token: string): Promise<AppleExchange> {
    return requestApple(this.options.fetch, url, { authorization: `Bearer ${token}`, accept: 'application/json' }, this.limits);
  }

  private facts(key: KeySummary, tokenIat: number): VaultFacts {
    const otherIssuerIds = [
      ...new Set(
        this.options.keys
          .listKeys()
          .filter((other) => other.id !== key.id)
          .flatMap((other) => (other.issuerId === undefined ? [] : [other.issuerId])),
      ),
    ];
    return { key, otherIssuerIds, tokenIat, timeoutSeconds: Math.round(this.limits.timeoutMs / 1000) };
  }
}

function attempt(label: string, exchange: AppleExchange, verdict: Verdict): AppleCheckAttempt {
  const detail = exchange.type === 'failure' ? exchange.detail : verdict.works ? undefined : appleErrorDetail(exchange.body);
  return {
    label,
    url: exchange.url,
    status: statusOf(exchange) ?? null,
    works: verdict.works,
    ...(verdict.works ? {} : { problem: verdict.problem }),
    ...(detail === undefined ? {} : { detail }),
  };
}

function answerContext(exchange: AppleExchange): AnswerContext {
  return exchange.type === 'answer' ? { date: exchange.date, url: exchange.url, status: exchange.status } : { date: null, url: exchange.url };
}

function statusOf(exchange: AppleExchange | null): number | undefined {
  return exchange?.type === 'answer' ? exchange.status : undefined;
}

function failed(problem: AppleCheckProblem, exchange: AppleExchange | null, explanations: string[], attempts: AppleCheckAttempt[]): Outcome {
  return {
    works: false,
    problem,
    summary: problemSummary(problem, statusOf(exchange)),
    explanations,
    apps: [],
    moreApps: false,
    bundleIdsToAdd: [],
    attempts,
  };
}
