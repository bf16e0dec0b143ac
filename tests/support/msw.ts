/**
 * One msw server for the HTTP tests, and handler builders for Truecaller's two endpoints that record what they
 * receive.
 *
 * Call {@link useMswServer} once at the top of a test file. Nothing reaches the network: an unhandled request
 * fails the fetch (msw's `onUnhandledRequest: 'error'`) AND fails the test in `afterEach`, because the SDK would
 * otherwise turn msw's refusal into an ordinary `NetworkError` that a test expecting one could mistake for its own.
 *
 * @example
 * ```ts
 * useMswServer();
 * test('…', async () => {
 *   const endpoint = mockRequestsEndpoint(reply.json({ requestId: 'r1' }));
 *   await client.requestAuthorization({ phoneNumber: '+46761234567' });
 *   expect(endpoint.requests).toHaveLength(1);
 * });
 * ```
 */
import { delay, HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { PROFILE_ENDPOINT, REQUESTS_ENDPOINT } from '../fixtures/payloads.js';

/** The shared server. Files get their own module instance, so each test file has its own server. */
export const server = setupServer();

const unhandled: string[] = [];
server.events.on('request:unhandled', ({ request }) => {
  unhandled.push(`${request.method} ${request.url}`);
});

/**
 * Starts msw for the calling test file, resets handlers after each test, and fails a test that sent a request no
 * handler expected.
 */
export function useMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    const seen = unhandled.splice(0);
    if (seen.length > 0) throw new Error(`Requests no handler expected: ${seen.join(', ')}`);
  });
  afterAll(() => server.close());
}

/** One request as an endpoint received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  /** The raw body text (`''` when there was none). */
  readonly body: string;
}

/**
 * Makes one response. `attempt` counts from 1 for each request the endpoint receives. A function, not a
 * `Response`, because a response body can be read only once and replies may repeat.
 */
export type Reply = (request: Request, attempt: number) => Response | Promise<Response>;

/** Small reply builders. */
export const reply = {
  /** A JSON body (any JSON value, serialized as given). */
  json:
    (body: unknown, status = 200, headers: Record<string, string> = {}): Reply =>
    () =>
      new HttpResponse(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }),
  /** A raw text body, for bodies that are not JSON (or are JSON fixtures already serialized). */
  text:
    (body: string, status = 200, contentType = 'application/json'): Reply =>
    () =>
      new HttpResponse(body, { status, headers: { 'content-type': contentType } }),
  /** A status with an empty body. */
  status:
    (status: number, headers: Record<string, string> = {}): Reply =>
    () =>
      new HttpResponse(null, { status, headers }),
  /** The start call's 200, with a fresh requestId for every request (`request-1`, `request-2`…) as Truecaller gives. */
  accepted: (): Reply => (_request, attempt) => HttpResponse.json({ requestId: `request-${attempt}` }),
  /** A network error: the fetch rejects with a `TypeError`, as when the connection is reset. */
  networkError: (): Reply => () => HttpResponse.error(),
  /** Waits `ms` (msw's `delay`), then answers with `then`. */
  delayed:
    (ms: number, then: Reply): Reply =>
    async (request, attempt) => {
      await delay(ms);
      return then(request, attempt);
    },
};

/** An installed handler and what it received, in arrival order. */
export interface MockedEndpoint {
  readonly requests: readonly RecordedRequest[];
}

/**
 * Installs a handler for `method url` on the shared server. The replies are used in order, one per request;
 * the last one repeats. Each request is recorded the moment it arrives (before any delay), so attempts that
 * time out are counted too.
 */
export function mockEndpoint(method: 'get' | 'post', url: string, ...replies: [Reply, ...Reply[]]): MockedEndpoint {
  const requests: RecordedRequest[] = [];
  server.use(
    http[method](url, async ({ request }) => {
      const body = await request.clone().text();
      requests.push({ method: request.method, url: request.url, headers: new Headers(request.headers), body });
      const attempt = requests.length;
      const next = replies[Math.min(attempt, replies.length) - 1] ?? replies[0];
      return next(request, attempt);
    }),
  );
  return { requests };
}

/** Truecaller's start call: `POST https://api4.truecaller.com/v1/apps/requests`. */
export function mockRequestsEndpoint(...replies: [Reply, ...Reply[]]): MockedEndpoint {
  return mockEndpoint('post', REQUESTS_ENDPOINT, ...replies);
}

/** Truecaller's profile call: `GET https://profile4.truecaller.com/v1/default`. */
export function mockProfileEndpoint(...replies: [Reply, ...Reply[]]): MockedEndpoint {
  return mockEndpoint('get', PROFILE_ENDPOINT, ...replies);
}

/** Lets requests to `url` (any method) through to the real network, e.g. a loopback server the test runs. */
export function allowRealRequests(url: string): void {
  server.use(http.all(url, () => passthrough()));
}
