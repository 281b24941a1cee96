import { normalizeBundleId } from '../../src-shared/keys/identifiers';
import { APP_STORE_CONNECT_AUDIENCE } from '../../src-shared/signing/apple-token-rules';
import { checkKeyCanSign, requireIssuerId, type SigningKeyInfo } from '../../src-shared/signing/signing-key';
import { resolveBackdate, resolveTokenLifetime } from '../../src-shared/signing/token-lifetime';
import type { AppStoreServerClaims, AppStoreServerTokenRequest, IssuedToken } from '../../src-shared/signing/token-request';
import { appStoreServerCurl } from './curl-line';
import { unixSeconds } from './es256-jwt';
import { issueSignedToken } from './issued-token';
import type { SigningInput } from './signing-input';

/**
 * Builds the claims of an App Store Server API token (also used by the External Purchase Server, Retention
 * Messaging and Advanced Commerce server endpoints): one token per app, named by `bid`; no scope, no nonce.
 */
export function buildAppStoreServerClaims(
  key: SigningKeyInfo,
  request: AppStoreServerTokenRequest,
  now: Date,
): { claims: AppStoreServerClaims; warnings: string[] } {
  checkKeyCanSign(key, 'app-store-server');
  const bid = normalizeBundleId(request.bundleId);
  const { ttlSeconds, warnings } = resolveTokenLifetime('app-store-server', request.ttlSeconds);
  const iat = unixSeconds(now) - resolveBackdate(request.backdateSeconds);
  const claims: AppStoreServerClaims = {
    iss: requireIssuerId(key, 'app-store-server'),
    iat,
    exp: iat + ttlSeconds,
    aud: APP_STORE_CONNECT_AUDIENCE,
    bid,
  };
  return { claims, warnings };
}

/** Signs an App Store Server API token with an In-App Purchase key and describes it. */
export async function issueAppStoreServerToken({
  signingKey,
  key,
  request,
  now,
}: SigningInput<AppStoreServerTokenRequest>): Promise<IssuedToken<AppStoreServerClaims>> {
  const { claims, warnings } = buildAppStoreServerClaims(key, request, now);
  return issueSignedToken({
    template: 'app-store-server',
    signingKey,
    key,
    claims,
    warnings,
    curlFor: (token) => appStoreServerCurl(token, request.environment ?? 'sandbox'),
  });
}
