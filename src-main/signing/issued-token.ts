import type { KeyObject } from 'node:crypto';
import type { SigningKeyInfo } from '../../src-shared/signing/signing-key';
import { signingKeyId } from '../../src-shared/signing/signing-key';
import type { IssuedToken, TokenClaims, TokenTemplate } from '../../src-shared/signing/token-request';
import { es256Header, isoFromUnixSeconds, signEs256Jwt } from './es256-jwt';

interface TokenToIssue<Claims extends TokenClaims> {
  template: TokenTemplate;
  signingKey: KeyObject;
  key: SigningKeyInfo;
  claims: Claims;
  warnings: string[];
  /** The ready curl line for this token. */
  curlFor: (token: string) => string;
}

/** Signs built claims with the key's `kid` header and describes the token the way every screen shows it. */
export async function issueSignedToken<Claims extends TokenClaims>({ template, signingKey, key, claims, warnings, curlFor }: TokenToIssue<Claims>): Promise<IssuedToken<Claims>> {
  const header = es256Header(signingKeyId(key));
  const token = await signEs256Jwt(signingKey, header, claims);
  return {
    template,
    token,
    header,
    payload: claims,
    issuedAt: isoFromUnixSeconds(claims.iat),
    expiresAt: isoFromUnixSeconds(claims.exp),
    lifetimeSeconds: claims.exp - claims.iat,
    curl: curlFor(token),
    warnings,
  };
}
