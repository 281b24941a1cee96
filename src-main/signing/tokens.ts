import type { IssuedToken, TokenRequest } from '../../src-shared/signing/token-request';
import { issueAppStoreConnectToken } from './app-store-connect-token';
import { issueAppStoreServerToken } from './app-store-server-token';
import type { SigningInput } from './signing-input';

/** The one entry point for tokens: picks the template's signer. */
export function issueToken(input: SigningInput<TokenRequest>): Promise<IssuedToken> {
  const { request } = input;
  return request.template === 'app-store-server'
    ? issueAppStoreServerToken({ ...input, request })
    : issueAppStoreConnectToken({ ...input, request });
}
