import { execFileSync } from 'node:child_process';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { AppleFetch } from '../../src-main/apple-check/apple-request';
import { APPLE_API_HOSTS } from '../../src-shared/apple-check/apple-hosts';

/** A host outside the allowlist, for redirects that must be refused; the certificate names it too. */
export const ELSEWHERE_HOST = 'login.elsewhere.example';

export interface FakeAppleRequest {
  host: string;
  path: string;
  authorization: string | undefined;
}

export interface FakeAnswer {
  status: number;
  /** An object is sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answers (until the server closes): for the timeout. */
  hang?: boolean;
  /** Sends this many bytes of JSON-looking filler, in chunks, with no Content-Length. */
  streamBytes?: number;
}

export type FakeHandler = (request: FakeAppleRequest) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeAppleServer {
  port: number;
  /** The self-signed certificate (it is its own CA), made for this run with openssl. */
  certificatePem: string;
  certificateFile: string;
  requests: FakeAppleRequest[];
  handle(handler: FakeHandler): void;
  /** The seam the app uses, reaching this server for every host and trusting its certificate (or not). */
  fetch(options?: { trustCertificate?: boolean }): AppleFetch;
  close(): Promise<void>;
}

/** An HTTPS server answering for Apple's API hosts, with a certificate generated for them in the test. */
export async function startFakeAppleServer(): Promise<FakeAppleServer> {
  // Its own folder, not tempFolder(): the server outlives each test, and close() removes it.
  const folder = mkdtempSync(path.join(tmpdir(), 'fake-apple-'));
  const keyFile = path.join(folder, 'key.pem');
  const certificateFile = path.join(folder, 'cert.pem');
  const names = [...APPLE_API_HOSTS, ELSEWHERE_HOST].map((host) => `DNS:${host}`).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=fake Apple API', '-addext', `subjectAltName=${names}`, '-keyout', keyFile, '-out', certificateFile,
  ], { stdio: 'ignore' });
  const certificatePem = readFileSync(certificateFile, 'utf8');
  const requests: FakeAppleRequest[] = [];
  let handler: FakeHandler = () => ({ status: 500, body: { errors: [{ code: 'UNEXPECTED', title: 'no handler' }] } });
  const sockets = new Set<Socket>();
  const server: HttpsServer = createHttpsServer({ key: readFileSync(keyFile), cert: certificatePem }, (request, response) => {
    const recorded = { host: (request.headers.host ?? '').replace(/:\d+$/, ''), path: request.url ?? '', authorization: request.headers.authorization };
    requests.push(recorded);
    void Promise.resolve(handler(recorded)).then((answer) => {
      if (answer.hang) return;
      if (answer.streamBytes !== undefined) {
        response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = () => {
          while (sent < (answer.streamBytes ?? 0)) {
            sent += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          response.end();
        };
        response.on('error', () => undefined);
        return pump();
      }
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...answer.headers });
      response.end(body);
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const agents: Agent[] = [];
  return {
    port,
    certificatePem,
    certificateFile,
    requests,
    handle: (next) => void (handler = next),
    fetch({ trustCertificate = true } = {}) {
      const connector = buildConnector({ ...(trustCertificate ? { ca: certificatePem } : {}) });
      // Every host name resolves to this server; TLS still checks the certificate against the name asked for.
      const agent = new Agent({
        connect: (options, callback) => connector({ ...options, hostname: '127.0.0.1', host: '127.0.0.1', port: String(port), servername: options.hostname }, callback),
      });
      agents.push(agent);
      return (url, init) => undiciFetch(url, { ...init, dispatcher: agent }) as unknown as Promise<Response>;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(agents.map((agent) => agent.close()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** An HTTP proxy that tunnels every CONNECT to the fake server, as a corporate proxy would to Apple. */
export async function startTunnellingProxy(targetPort: number): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: HttpServer = createHttpServer((_request, response) => response.writeHead(405).end());
  proxy.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const upstream = netConnect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

export interface AppleAccount {
  issuerId: string;
  /** Key ID → the public half of a key App Store Connect issued for this account. */
  keys: Map<string, KeyObject>;
  apps: Array<{ id: string; name: string; bundleId: string; releasedInProduction: boolean }>;
}

/**
 * Answers as Apple's two APIs do: the token must verify with a key of the account and carry its Issuer ID (App
 * Store Connect API team keys and the App Store Server API) or `sub: user` (individual keys); 401 otherwise.
 */
export function appleLikeHandler(account: AppleAccount, options: { pageSize?: number } = {}): FakeHandler {
  const pageSize = options.pageSize ?? 200;
  return async (request) => {
    const claims = await verifiedClaims(account, request.authorization);
    if (request.host === 'api.appstoreconnect.apple.com') {
      if (claims === null || (claims.iss !== account.issuerId && claims.sub !== 'user')) return ASC_NOT_AUTHORIZED;
      const url = new URL(request.path, 'https://api.appstoreconnect.apple.com');
      const offset = Number(url.searchParams.get('cursor') ?? '0');
      const page = account.apps.slice(offset, offset + pageSize);
      const next = offset + pageSize < account.apps.length ? `https://api.appstoreconnect.apple.com/v1/apps?cursor=${offset + pageSize}&limit=${pageSize}` : undefined;
      return {
        status: 200,
        body: {
          data: page.map((app) => ({ type: 'apps', id: app.id, attributes: { name: app.name, bundleId: app.bundleId } })),
          links: { self: url.toString(), ...(next === undefined ? {} : { next }) },
          meta: { paging: { total: account.apps.length, limit: pageSize } },
        },
      };
    }
    // App Store Server API: 401 has no body.
    if (claims === null || claims.iss !== account.issuerId || typeof claims.bid !== 'string') return { status: 401 };
    const app = account.apps.find((candidate) => candidate.bundleId === claims.bid);
    const production = request.host === 'api.storekit.apple.com';
    if (app === undefined || (production && !app.releasedInProduction)) return { status: 404, body: { errorCode: 4040003, errorMessage: 'App not found.' } };
    return { status: 404, body: { errorCode: 4040010, errorMessage: 'Transaction id not found.' } };
  };
}

export const ASC_NOT_AUTHORIZED: FakeAnswer = {
  status: 401,
  body: {
    errors: [
      {
        status: '401',
        code: 'NOT_AUTHORIZED',
        title: 'Authentication credentials are missing or invalid.',
        detail: 'Provide a properly configured and signed bearer token, and make sure that it has not expired.',
      },
    ],
  },
};

async function verifiedClaims(account: AppleAccount, authorization: string | undefined): Promise<Record<string, unknown> | null> {
  const token = authorization?.replace(/^Bearer /, '') ?? '';
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = kid === undefined ? undefined : account.keys.get(kid);
    if (key === undefined) return null;
    const { payload } = await jwtVerify(token, key, { audience: 'appstoreconnect-v1', algorithms: ['ES256'] });
    return payload;
  } catch {
    return null;
  }
}

/** Writes a fresh key's .p8 in `folder`, for an import, and returns its path. */
export function writeP8(folder: string, fileName: string, pem: string): string {
  const file = path.join(folder, fileName);
  writeFileSync(file, pem);
  return file;
}
