/**
 * Running an example app for real: on a loopback port chosen at run time, driven over HTTP by a "browser" (a
 * fetch that keeps the session cookie) and a "Truecaller" that POSTs the callback, while msw stands in for
 * Truecaller's own API (the SDK's outgoing calls).
 *
 * @example
 * ```ts
 * const truecaller = useFakeTruecaller();
 * const app = useServed(() => createNodeServer({ client: newClient(), callbackSecret: CALLBACK_SECRET }));
 * test('…', async () => {
 *   const result = await signInOverHttp(app.base(), truecaller, EXAMPLE_PATHS);
 * });
 * ```
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { CALLBACK_SECRET, type FakeTruecaller, FORMATTED_PHONE_NUMBER } from '../routes/support.js';
import { allowRealRequests } from '../support/msw.js';

/** Where an app mounts the routes. */
export interface RoutePaths {
  page: string;
  start: string;
  /** The callback's path without the secret. */
  callback: string;
  status: string;
  cancel: string;
}

/** The paths of examples/app.ts. */
export const EXAMPLE_PATHS: RoutePaths = {
  page: '/',
  start: '/signin/truecaller',
  callback: '/truecaller/callback/',
  status: '/signin/truecaller/status',
  cancel: '/signin/truecaller/cancel',
};

/** A server for the whole test file: started before the first test, stopped (connections and all) after the last. */
export function useServed(create: () => Server | Promise<Server>): { base: () => string; server: () => Server } {
  let server: Server | undefined;
  let base: string | undefined;
  beforeAll(async () => {
    server = await create();
    base = await listen(server);
  });
  // msw intercepts every outgoing request, the test's own included: let the ones to this server through.
  beforeEach(() => allowRealRequests(`${base}/*`));
  afterAll(async () => {
    if (server !== undefined) await close(server);
  });
  return {
    base: () => base ?? expect.fail('the server is not listening'),
    server: () => server ?? expect.fail('the server is not listening'),
  };
}

/** Listens on a free loopback port; resolves with the base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes the server and every connection it holds (keep-alive sockets would keep it open). */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A browser: keeps the cookies the app sets, sends JSON with the right content type. */
export class Browser {
  #cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  get cookie(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.#cookies.size > 0) headers.set('cookie', this.cookie);
    const response = await fetch(`${this.base}${path}`, { ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', ...value] = pair.split('=');
      this.#cookies.set(name.trim(), value.join('='));
    }
    return response;
  }

  postJson(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
}

/** What {@link signInOverHttp} saw, step by step. */
export interface SignInOverHttp {
  browser: Browser;
  requestId: string;
  callback: Response;
  completed: Record<string, unknown>;
}

/**
 * A whole sign-in over HTTP: the browser opens the page (gets its session), starts, Truecaller POSTs the
 * approval (as `text/plain` unless told: Truecaller's content type is not documented, and it must not matter),
 * the browser polls until the sign-in ends.
 */
export async function signInOverHttp(
  base: string,
  truecaller: FakeTruecaller,
  paths: RoutePaths,
  { callbackContentType = 'text/plain' } = {},
): Promise<SignInOverHttp> {
  const browser = new Browser(base);
  expect((await browser.fetch(paths.page)).status).toBe(200);
  expect(browser.cookie).toMatch(/^sid=/);

  const started = await browser.postJson(paths.start, { phoneNumber: FORMATTED_PHONE_NUMBER });
  expect(started.status).toBe(200);
  const { requestId } = (await started.json()) as { requestId: string };

  const callback = await fetch(`${base}${paths.callback}${CALLBACK_SECRET}`, {
    method: 'POST',
    headers: { 'content-type': callbackContentType },
    body: JSON.stringify(truecaller.approval(requestId)),
  });

  const polled = await browser.fetch(`${paths.status}?requestId=${encodeURIComponent(requestId)}`);
  expect(polled.status).toBe(200);
  return { browser, requestId, callback, completed: (await polled.json()) as Record<string, unknown> };
}

/** POSTs `body` to the callback URL as Truecaller (or a stranger) would. */
export function postCallback(
  base: string,
  paths: RoutePaths,
  body: BodyInit,
  { contentType = 'application/json' as string | null, secret = CALLBACK_SECRET } = {},
): Promise<Response> {
  return fetch(`${base}${paths.callback}${secret}`, {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body,
  });
}
