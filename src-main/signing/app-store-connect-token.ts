import { APP_STORE_CONNECT_AUDIENCE } from '../../src-shared/signing/apple-token-rules';
import { normalizeScope } from '../../src-shared/signing/scope';
import { checkKeyCanSign, requireIssuerId, type SigningKeyInfo } from '../../src-shared/signing/signing-key';
import { resolveBackdate, resolveTokenLifetime } from '../../src-shared/signing/token-lifetime';
import type {
  AppStoreConnectIndividualClaims,
  AppStoreConnectTeamClaims,
  AppStoreConnectTokenRequest,
  IssuedToken,
} from '../../src-shared/signing/token-request';
import { appStoreConnectCurl } from './curl-line';
import { unixSeconds } from './es256-jwt';
import { issueSignedToken } from './issued-token';
import type { SigningInput } from './signing-input';

export type AppStoreConnectClaims = AppStoreConnectTeamClaims | AppStoreConnectIndividualClaims;

/**
 * Builds the claims of an App Store Connect API token. Team keys name the team with `iss`; individual keys send
 * `sub: 'user'` and must not send `iss` (Apple answers 401). `exp - iat` is exactly the lifetime asked for.
 */
export function buildAppStoreConnectClaims(
  key: SigningKeyInfo,
  request: AppStoreConnectTokenRequest,
  now: Date,
): { claims: AppStoreConnectClaims; warnings: string[] } {
  checkKeyCanSign(key, request.template);
  const scope = normalizeScope(request.scope);
  const { ttlSeconds, warnings } = resolveTokenLifetime(request.template, request.ttlSeconds, scope);
  const iat = unixSeconds(now) - resolveBackdate(request.backdateSeconds);
  const exp = iat + ttlSeconds;
  const scopeClaim = scope === undefined ? {} : { scope };
  const claims: AppStoreConnectClaims =
    request.template === 'asc-team'
      ? { iss: requireIssuerId(key, 'asc-team'), iat, exp, aud: APP_STORE_CONNECT_AUDIENCE, ...scopeClaim }
      : { sub: 'user', iat, exp, aud: APP_STORE_CONNECT_AUDIENCE, ...scopeClaim };
  return { claims, warnings };
}

/** Signs an App Store Connect API token (team or individual key) and describes it. */
export async function issueAppStoreConnectToken({
  signingKey,
  key,
  request,
  now,
}: SigningInput<AppStoreConnectTokenRequest>): Promise<IssuedToken<AppStoreConnectClaims>> {
  const { claims, warnings } = buildAppStoreConnectClaims(key, request, now);
  return issueSignedToken({ template: request.template, signingKey, key, claims, warnings, curlFor: (token) => appStoreConnectCurl(token, claims.scope) });
}
