import { EnvHttpProxyAgent, fetch } from 'undici';
import type { AppleFetch } from '../apple-check/apple-request';

/**
 * The CLI's way to Apple: undici's fetch through HTTPS_PROXY (and NO_PROXY) when set, as curl reads them. Node 20's
 * own fetch ignores those variables (NODE_USE_ENV_PROXY came with Node 22.21 and 24), and Electron's net.fetch is
 * the app's.
 */
export function nodeAppleFetch(env: Record<string, string | undefined>): AppleFetch {
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const dispatcher = new EnvHttpProxyAgent({
    ...(pick('HTTPS_PROXY') === undefined ? {} : { httpsProxy: pick('HTTPS_PROXY') }),
    ...(pick('HTTP_PROXY') === undefined ? {} : { httpProxy: pick('HTTP_PROXY') }),
    ...(pick('NO_PROXY') === undefined ? {} : { noProxy: pick('NO_PROXY') }),
  });
  // undici's Response is the standard one in all but its type's name.
  return (url, init) => fetch(url, { ...init, dispatcher }) as unknown as Promise<Response>;
}
