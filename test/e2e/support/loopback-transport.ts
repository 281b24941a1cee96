/**
 * Test-only transport: serves the built renderer and carries window.vault calls over HTTP on
 * 127.0.0.1 to the real router and services. Never shipped; src-main never imports it.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CHANNEL_NAMES } from '../../../src-shared/ipc/channel-names';
import type { Notify } from '../../../src-shared/ipc/events';
import { methodNameOf } from '../../../src-shared/ipc/method-name';
import { createDropRegistration } from '../../../src-main/ipc/drop-registration';
import { createRouter, type ChannelHandlers } from '../../../src-main/ipc/router';
import type { KeyFileGrants } from '../../../src-main/keys/key-file-grants';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/app-origin';

const RENDERER_DIR = path.resolve('dist/renderer');
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

export interface LoopbackTransport {
  url: string;
  /** The script a page runs first to get window.vault. */
  initScript: string;
  /** Every response body and event the transport sent, for the key-material scan. */
  responses: string[];
  /** What main logged (unexpected failures only), for the same scan. */
  logLines: string[];
  /** Pushes a main → renderer event, as the shell's notify does. */
  notify: Notify;
  close(): Promise<void>;
}

interface LoopbackSender {
  token: string | undefined;
  /** A random name each page load picks, standing in for Electron's frame. */
  page: string;
}

/** What the transport serves: the app's handlers, and the grants the preload's drop channel registers with. */
export interface LoopbackMain {
  handlers: ChannelHandlers;
  keyFiles: KeyFileGrants;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function buildInitScript(token: string): string {
  const methods = CHANNEL_NAMES.map((channel) => [methodNameOf(channel), channel]);
  return `(() => {
    const page = crypto.randomUUID();
    const post = async (url, body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-loopback-token': ${JSON.stringify(token)}, 'x-loopback-page': page },
        body: JSON.stringify(body ?? {}),
      });
      return response.json();
    };
    const call = (channel) => (request) => post('/ipc/' + channel, request);
    const api = {};
    for (const [method, channel] of ${JSON.stringify(methods)}) api[method] = call(channel);
    const events = new EventSource('/events?token=' + ${JSON.stringify(token)});
    api.on = (name, listener) => {
      const forward = (message) => listener(JSON.parse(message.data));
      events.addEventListener(name, forward);
      return () => events.removeEventListener(name, forward);
    };
    // A page has no file paths: a test names the path of each File it drops (see dropFile), as the OS does for Electron,
    // and this stands in for the preload, which hands the path to main and gives the page only main's one-time handle.
    const droppedPaths = new WeakMap();
    api.registerDroppedFile = async (file) => {
      const filePath = droppedPaths.get(file);
      return filePath === undefined ? { ok: true, value: null } : post('/preload/registerDroppedFile', { path: filePath });
    };
    Object.defineProperty(window, '__loopbackFilePath', { value: (file, filePath) => droppedPaths.set(file, filePath) });
    Object.defineProperty(window, 'vault', { value: Object.freeze(api) });
  })();`;
}

async function serveRendererFile(url: string, response: ServerResponse): Promise<void> {
  const relative = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname).replace(/^\/+/, '') || 'index.html';
  const file = path.resolve(RENDERER_DIR, relative);
  if (!file.startsWith(RENDERER_DIR + path.sep)) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
}

/** `buildMain` gets the transport's notify, which pushes events to every open page. */
export async function startLoopbackTransport(buildMain: (notify: Notify) => LoopbackMain): Promise<LoopbackTransport> {
  const token = randomBytes(24).toString('hex');
  const responses: string[] = [];
  const logLines: string[] = [];
  const eventStreams = new Set<ServerResponse>();
  const notify: Notify = (event, payload) => {
    const data = JSON.stringify(payload);
    responses.push(data);
    for (const stream of eventStreams) stream.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  const main = buildMain(notify);
  const isTrustedSender = (sender: LoopbackSender) => sender.token === token;
  const senderId = (sender: LoopbackSender) => sender.page;
  const registerDrop = createDropRegistration({ grants: main.keyFiles, isTrustedSender, senderId });
  const dispatch = createRouter<LoopbackSender>({
    handlers: main.handlers,
    isTrustedSender,
    senderId,
    logInternalError: (channel, error) => {
      const line = `[main] ${channel} failed: ${error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error)}`;
      logLines.push(line);
      console.error(line);
    },
  });

  const server = createServer((request, response) => {
    void (async () => {
      const url = request.url ?? '/';
      if (request.method === 'POST' && (url.startsWith('/ipc/') || url === '/preload/registerDroppedFile')) {
        let payload: unknown;
        try {
          payload = JSON.parse(await readBody(request));
        } catch {
          payload = undefined;
        }
        const header = (name: string) => {
          const value = request.headers[name];
          return typeof value === 'string' ? value : undefined;
        };
        const sender = { token: header('x-loopback-token'), page: header('x-loopback-page') ?? '' };
        const result = url.startsWith('/ipc/') ? await dispatch(url.slice('/ipc/'.length), payload, sender) : registerDrop(payload, sender);
        const body = JSON.stringify(result);
        responses.push(body);
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      if (request.method === 'GET' && url.startsWith('/events?')) {
        if (new URL(url, 'http://127.0.0.1').searchParams.get('token') !== token) {
          response.writeHead(403).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        response.write(': connected\n\n');
        eventStreams.add(response);
        request.on('close', () => eventStreams.delete(response));
        return;
      }
      if (request.method === 'GET') {
        await serveRendererFile(url, response);
        return;
      }
      response.writeHead(405).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    initScript: buildInitScript(token),
    responses,
    logLines,
    notify,
    close: () => {
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
