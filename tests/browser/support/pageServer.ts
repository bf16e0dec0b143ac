// A small node:http server for the Chromium tests: it serves the `/browser` entry (bundled by esbuild as ESM, the
// way tsup builds it), a page that loads it, and fake routes whose answers each test scripts. It records every
// route request (when it arrived, when it was answered, whether the browser dropped it) and how many were in flight.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** A scripted answer: JSON with a status and headers, a dropped connection, or no answer at all. */
export type RouteReply = { status?: number; json?: unknown; headers?: Record<string, string> } | 'reset' | 'hang';

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  contentType: string | undefined;
  /** `performance.now()` on arrival and when the answer was sent (undefined if never). */
  receivedAt: number;
  answeredAt: number | undefined;
  /** True when the browser closed the connection before an answer was sent (an abort). */
  dropped: boolean;
}

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Route requests received (everything but the page and the script), in order. */
  readonly requests: RouteRequest[];
  /** The most route requests in flight at one moment. */
  readonly maxInFlight: number;
  /** Answers for `path`, in order; the last one repeats. Unscripted paths answer 404. */
  script(path: string, ...replies: RouteReply[]): void;
  /** Resolves once `count` requests have arrived at `path`. */
  waitForRequests(path: string, count: number): Promise<void>;
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>truecaller-web-login/browser test page</title>
<button id="open">Sign in with Truecaller</button>
<script type="module">
  import * as tc from '/browser.js';
  window.tc = tc;
  window.loadedAt = performance.now();
  // How a helper's promise settled, in a form that crosses the page boundary.
  window.settle = (promise) => promise.then(
    (result) => ({ result }),
    (error) => ({
      error: {
        name: error?.name ?? typeof error,
        code: error?.code,
        status: error?.status,
        message: String(error?.message ?? error),
        isAbortReason: window.controller !== undefined && error === window.controller.signal.reason,
      },
    }),
  );
  window.ready = true;
</script>`;

async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    entryPoints: ['src/browser/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Starts the server on a free loopback port for the test file; scripts and records reset after each test. */
export function usePageServer(): PageServer {
  let server: Server | undefined;
  let origin = '';
  let script = '';
  let inFlight = 0;
  let maxInFlight = 0;
  const requests: RouteRequest[] = [];
  const scripts = new Map<string, RouteReply[]>();
  const counts = new Map<string, number>();
  const waiters: { path: string; count: number; resolve: () => void }[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // A new connection per request: Chromium silently retries a request whose reused connection was reset, which
    // would hide the resets this server scripts from the code under test.
    response.setHeader('connection', 'close');
    if (url.pathname === '/page') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    if (url.pathname === '/browser.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      return;
    }
    const record: RouteRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      body: '',
      contentType: request.headers['content-type'],
      receivedAt: performance.now(),
      answeredAt: undefined,
      dropped: false,
    };
    requests.push(record);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let finished = false;
    const finish = () => {
      if (!finished) inFlight--;
      finished = true;
    };
    response.on('close', () => {
      if (!response.writableFinished) record.dropped = true;
      finish();
    });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    record.body = Buffer.concat(chunks).toString('utf8');

    const seen = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, seen);
    for (const waiter of waiters.filter((w) => w.path === url.pathname && seen >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const replies = scripts.get(url.pathname);
    const reply = replies?.[Math.min(seen, replies.length) - 1] ?? { status: 404, json: { error: 'not_found' } };
    if (reply === 'hang') return;
    if (reply === 'reset') {
      request.socket.destroy();
      return;
    }
    response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    record.answeredAt = performance.now();
    response.end(JSON.stringify(reply.json ?? {}));
  };

  beforeAll(async () => {
    script = await bundleBrowserEntry();
    server = createServer((request, response) => {
      handle(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    requests.length = 0;
    scripts.clear();
    counts.clear();
    waiters.length = 0;
    maxInFlight = 0;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  return {
    get origin() {
      return origin;
    },
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    script(path, ...replies) {
      scripts.set(path, replies);
    },
    waitForRequests(path, count) {
      if ((counts.get(path) ?? 0) >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ path, count, resolve }));
    },
  };
}
