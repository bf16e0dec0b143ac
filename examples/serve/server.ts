// The served demo: the reference app (createTruecallerRoutes with a cookie session), Truecaller's simulator on
// its own loopback port, the simulated phone, and the page. `npm run demo -- --serve` runs it (main.ts); the
// end-to-end tests start it in-process on a free port and close it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTruecallerRoutes, type PendingRequestTracker, TruecallerClient } from 'truecaller-web-login';
import { toNodeHandler } from 'truecaller-web-login/node';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { loadPageAssets } from './assets.js';
import { routes } from './page/signIn.js';
import { SimulatedPhone } from './phone.js';
import { Sessions } from './session.js';

const APP_KEY = 'demo-app-key';
const CALLBACK_SECRET = 'demo-callback-secret-0123456789';

/** Where the routes are: the page's four (from its script), Truecaller's callback and the account. */
export const ROUTES = {
  ...routes,
  callback: `/truecaller/callback/${CALLBACK_SECRET}`,
  account: '/account',
} as const;

/** One request the app answered, for tests that count what the page did. Times are `performance.now()`. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  receivedAt: number;
  answeredAt: number;
}

export interface DemoOptions {
  /** Port on 127.0.0.1. Default 0: a free port. */
  port?: number | undefined;
  /** Where the sign-ins are kept. Default: the client's MemoryTracker. */
  tracker?: PendingRequestTracker | undefined;
  /** Narration, one line per step. Default: none. */
  log?: ((line: string) => void) | undefined;
  /** Called after each answer of the app (not the simulator's). */
  onExchange?: ((exchange: Exchange) => void) | undefined;
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>/`: open it in a browser. */
  readonly url: string;
  readonly simulator: TruecallerSimulator;
  /** Stops the app and the simulator, dropping open connections. */
  close(): Promise<void>;
}

export async function serveDemo(options: DemoOptions = {}): Promise<DemoServer> {
  const say = options.log ?? (() => undefined);
  const assets = await loadPageAssets();
  // Every number is a Truecaller user who waits for the phone panel's Approve or Decline.
  const simulator = new TruecallerSimulator({
    appKey: APP_KEY,
    users: (phoneNumber) => ({
      decision: 'ignore',
      profile: { name: { first: 'Rajat', last: 'Kapoor' }, phoneNumbers: [Number(phoneNumber)] },
    }),
  });
  const truecaller = await simulator.listen();
  const phone = new SimulatedPhone(simulator, say);

  const client = new TruecallerClient({
    appKey: APP_KEY,
    requestsUrl: truecaller.requestsUrl,
    profileUrl: truecaller.profileUrl,
    ...(options.tracker === undefined ? {} : { tracker: options.tracker }),
    // Narrates the app's calls to Truecaller; an accepted start call is when Truecaller prompts the phone.
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const sent = request.method === 'POST' ? ((await request.clone().json()) as { phoneNumber?: unknown }) : {};
      const response = await fetch(request);
      say(`   app -> Truecaller: ${request.method} ${new URL(request.url).pathname} -> ${response.status}`);
      if (request.method === 'POST' && response.ok) {
        const { requestId } = (await response.clone().json()) as { requestId: string };
        phone.prompted(requestId, 'web', String(sent.phoneNumber));
      }
      return response;
    },
  });
  const sessions = new Sessions();
  const handlers = createTruecallerRoutes(client, {
    state: (request) => sessions.idOf(request),
    callbackSecret: CALLBACK_SECRET,
    onCompleted: sessions.onCompleted,
    mobileWebLink: { partnerName: 'Demo Shop', lang: 'en', ctaPrefix: 'continuewith', skipOption: 'useanothermethod' },
  });

  const dispatch = async (request: Request, pathname: string): Promise<Response> => {
    const { method } = request;
    if (method === 'GET' && pathname === '/') {
      const headers = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      if (sessions.idOf(request) === undefined) headers.append('set-cookie', sessions.create());
      return new Response(assets.html, { headers });
    }
    if (method === 'GET' && pathname === '/page.js') {
      return new Response(assets.script, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    }
    if (pathname === ROUTES.start) return handlers.start(request);
    if (pathname === ROUTES.status) return handlers.status(request);
    if (pathname === ROUTES.cancel) return handlers.cancel(request);
    if (pathname === ROUTES.mobileWebLink) return handlers.mobileWebLink(request);
    if (pathname.startsWith('/truecaller/callback/')) return handlers.callback(request);
    if (method === 'GET' && pathname === ROUTES.account) {
      return Response.json(
        { account: sessions.accountOf(request) ?? null },
        { headers: { 'cache-control': 'no-store' } },
      );
    }
    return (await phone.handle(request, pathname)) ?? Response.json({ error: 'not_found' }, { status: 404 });
  };

  const server = createServer(
    toNodeHandler(async (request) => {
      const receivedAt = performance.now();
      const { pathname } = new URL(request.url);
      const response = await dispatch(request, pathname);
      const status = response.status;
      if (pathname !== '/demo/phone' && pathname !== '/page.js') say(describe(request.method, pathname, status));
      options.onExchange?.({
        method: request.method,
        path: pathname,
        status,
        receivedAt,
        answeredAt: performance.now(),
      });
      return response;
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
  } catch (error) {
    await truecaller.close(); // e.g. the port is taken: leave nothing running
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  simulator.callbackUrl = new URL(ROUTES.callback, url).href;
  say(`Truecaller simulator on ${truecaller.url}, app on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    simulator,
    close: () => {
      closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await truecaller.close();
      })();
      return closing;
    },
  };
}

/** One narration line per app request; the callback's path is shortened (it holds the callback secret). */
function describe(method: string, pathname: string, status: number): string {
  const path = pathname.startsWith('/truecaller/callback/') ? '/truecaller/callback/…' : pathname;
  const who = path.startsWith('/truecaller/callback/') ? 'Truecaller -> app' : 'browser -> app';
  return `${who}: ${method} ${path} -> ${status}`;
}
