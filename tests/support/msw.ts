/**
 * One msw server for the HTTP tests, with the Truecaller simulator (`truecaller-web-login/simulator`) answering
 * Truecaller's two endpoints, and helpers that script their replies through the simulator's fault injection
 * and record what they receive.
 *
 * Call {@link useMswServer} once at the top of a test file. Nothing reaches the network: an unhandled request
 * fails the fetch (msw's `onUnhandledRequest: 'error'`) AND fails the test in `afterEach`, because the SDK would
 * otherwise turn msw's refusal into an ordinary `NetworkError` that a test expecting one could mistake for its
 * own. A Truecaller endpoint the test did not script counts as unhandled too.
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
import { type InjectedFault, type SimulatedEndpoint, TruecallerSimulator } from 'truecaller-web-login/simulator';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The shared server. Files get their own module instance, so each test file has its own server. */
export const server = setupServer();

const unhandled: string[] = [];
server.events.on('request:unhandled', ({ request }) => {
  unhandled.push(`${request.method} ${request.url}`);
});

/** This test's simulator, and the guard or the scripted replies on each of its endpoints. */
let simulator: TruecallerSimulator | undefined;
const scripted: Partial<Record<SimulatedEndpoint, InjectedFault>> = {};

/** Until a test scripts an endpoint, a request to it is unexpected: a network error, and a failed test. */
function guard(current: TruecallerSimulator, endpoint: SimulatedEndpoint): void {
  scripted[endpoint] = current.inject(
    endpoint,
    {
      respond: (request) => {
        unhandled.push(`${request.method} ${request.url}`);
        return HttpResponse.error();
      },
    },
    { times: Number.POSITIVE_INFINITY },
  );
}

/**
 * Starts msw for the calling test file with a fresh simulator per test, resets handlers after each test, and
 * fails a test that sent a request no handler expected.
 */
export function useMswServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    simulator = new TruecallerSimulator({ appKey: 'msw-support-app-key' });
    guard(simulator, 'requests');
    guard(simulator, 'profile');
    // The test's baseline: mockEndpoint's handlers come first, and `resetHandlers()` brings this back.
    server.resetHandlers(...simulator.handlers);
  });
  afterEach(() => {
    server.resetHandlers();
    simulator = undefined;
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

/** The reply for request number `attempt`: the replies in order, the last one repeating. */
function sequence(replies: readonly [Reply, ...Reply[]]): Reply {
  return (request, attempt) => (replies[Math.min(attempt, replies.length) - 1] ?? replies[0])(request, attempt);
}

/**
 * Installs a handler for `method url` on the shared server, for URLs that are not Truecaller's (or a regional
 * or custom profile URL a test names). The replies are used in order, one per request; the last one repeats.
 * Each request is recorded the moment it arrives (before any delay), so attempts that time out are counted too.
 */
export function mockEndpoint(method: 'get' | 'post', url: string, ...replies: [Reply, ...Reply[]]): MockedEndpoint {
  const requests: RecordedRequest[] = [];
  const next = sequence(replies);
  server.use(
    http[method](url, async ({ request }) => {
      const body = await request.clone().text();
      requests.push({ method: request.method, url: request.url, headers: new Headers(request.headers), body });
      return next(request, requests.length);
    }),
  );
  return { requests };
}

/**
 * Scripts one of Truecaller's endpoints on this test's simulator: its replies, in order, replace the guard (and
 * any earlier script for that endpoint: the newest wins, as with msw's `server.use`). The simulator records
 * each request on arrival.
 */
function scriptTruecaller(endpoint: SimulatedEndpoint, replies: readonly [Reply, ...Reply[]]): MockedEndpoint {
  const current = simulator;
  if (current === undefined)
    throw new Error('mock Truecaller endpoints inside a test of a file that calls useMswServer()');
  scripted[endpoint]?.remove();
  const from = current.requests.length;
  const received = () =>
    current.requests
      .slice(from)
      .filter((request) => request.endpoint === endpoint)
      .map((request) => ({
        method: request.method,
        url: request.url,
        headers: new Headers(request.headers),
        body: request.text,
      }));
  const next = sequence(replies);
  scripted[endpoint] = current.inject(
    endpoint,
    { respond: (request) => next(request, received().length) },
    { times: Number.POSITIVE_INFINITY },
  );
  return {
    get requests() {
      return received();
    },
  };
}

/** Truecaller's start call: `POST https://api4.truecaller.com/v1/apps/requests`, answered by the simulator. */
export function mockRequestsEndpoint(...replies: [Reply, ...Reply[]]): MockedEndpoint {
  return scriptTruecaller('requests', replies);
}

/**
 * Truecaller's profile call: `GET https://profile4.truecaller.com/v1/default` (and the regional profile hosts),
 * answered by the simulator.
 */
export function mockProfileEndpoint(...replies: [Reply, ...Reply[]]): MockedEndpoint {
  return scriptTruecaller('profile', replies);
}

/** Lets requests to `url` (any method) through to the real network, e.g. a loopback server the test runs. */
export function allowRealRequests(url: string): void {
  server.use(http.all(url, () => passthrough()));
}
