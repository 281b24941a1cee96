import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

/**
 * What fastlane signs from an API key JSON file, computed as spaceship/lib/spaceship/connect_api/token.rb does
 * (fastlane 2.237.0, unchanged since 2.220): `@duration ||= DEFAULT_TOKEN_DURATION`, `@duration.to_i`, then in
 * `refresh!`: `now = Time.now`, `@expiration = now + @duration`, `iat: now.to_i - 60`, `exp: @expiration.to_i`,
 * `aud` by `in_house`, and `iss` from `issuer_id` or else `sub: 'user'`.
 */

/** token.rb's DEFAULT_TOKEN_DURATION, written out here so the tests check the app's default against fastlane's. */
export const TOKEN_RB_DEFAULT_DURATION = 500;
const TOKEN_RB_IAT_BACKDATE = 60;

export interface FastlaneApiKeyJson {
  key_id: string;
  issuer_id?: string;
  key: string;
  duration?: number;
  in_house?: boolean;
}

export interface FastlaneClaims {
  iat: number;
  exp: number;
  aud: string;
  iss?: string;
  sub?: string;
}

export function fastlaneClaims(json: Pick<FastlaneApiKeyJson, 'issuer_id' | 'duration' | 'in_house'>, now: Date): FastlaneClaims {
  // Ruby's Integer#to_i and Time#to_i drop the fraction; both are positive here, so that is Math.floor.
  const duration = Math.floor(json.duration ?? TOKEN_RB_DEFAULT_DURATION);
  const nowMs = now.getTime();
  return {
    iat: Math.floor(nowMs / 1000) - TOKEN_RB_IAT_BACKDATE,
    exp: Math.floor((nowMs + duration * 1000) / 1000),
    aud: json.in_house ? 'apple-developer-enterprise-v1' : 'appstoreconnect-v1',
    // Ruby's `if issuer_id`: only a missing (nil) issuer_id signs as an individual key; "" would be sent as iss.
    ...(json.issuer_id === undefined ? { sub: 'user' } : { iss: json.issuer_id }),
  };
}

/** The ES256 JWT fastlane would send (`JWT.encode(payload, key, 'ES256', { kid:, typ: 'JWT' })`). */
export function signAsFastlane(json: FastlaneApiKeyJson, now: Date): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ kid: json.key_id, typ: 'JWT', alg: 'ES256' })}.${encode(fastlaneClaims(json, now))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: createPrivateKey(json.key), dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

/** Whether the token's ES256 signature checks out against the public half of `pem` (a private or public key). */
export function fastlaneTokenVerifies(token: string, pem: string): boolean {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  return verify('sha256', Buffer.from(token.slice(0, dot)), { key: createPublicKey(pem), dsaEncoding: 'ieee-p1363' }, signature);
}
