/**
 * What the route tests share: Truecaller is the simulator (`truecaller-web-login/simulator`, a fresh one per
 * test, reached through msw so that clients made anywhere in a test file use it): it knows every number (its
 * user never answers by itself: the test posts the callback), hands out requestIds, and answers the profile
 * call for the tokens it issued. Also a client, and requests as a browser with a session cookie (or Truecaller)
 * would send them.
 *
 * @example
 * ```ts
 * const truecaller = useFakeTruecaller();
 * test('…', async () => {
 *   const routes = routesFor(newClient());
 *   const { requestId } = await startSignIn(routes);
 *   await routes.callback(callbackRequest(truecaller.approval(requestId)));
 * });
 * ```
 */
import {
  createTruecallerRoutes,
  MemoryTracker,
  type PendingRequestTracker,
  type StartAnswer,
  TruecallerClient,
  type TruecallerClientOptions,
  type TruecallerRoutes,
  type TruecallerRoutesOptions,
} from 'truecaller-web-login';
import type { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { beforeEach, expect } from 'vitest';
import { engineOf } from '../../src/simulator/TruecallerSimulator.js';
import { PHONE_NUMBER } from '../fixtures/payloads.js';
import {
  currentSimulator,
  type MockedEndpoint,
  mockRequestsEndpoint,
  type Reply,
  receivedBy,
  useMswServer,
} from '../support/msw.js';

export const APP = 'https://app.example';
export const APP_KEY = 'routes-test-app-key-0b8e4f2a91c7d';
/** The browser's session id, sent as the `sid` cookie and used as the sign-in's state. */
export const SESSION = 'session-7c1e9a0b5d3f';
export const OTHER_SESSION = 'session-other-2b4d6f';
export const CALLBACK_SECRET = 'cb-secret-3f9a1c7e5b2d8046';
export const CALLBACK_URL = `${APP}/truecaller/callback/${CALLBACK_SECRET}`;
export const FORMATTED_PHONE_NUMBER = '+46 76 123 45 67';

/** The profile the simulator serves for a token of `phoneNumbers`. */
function profileOf(...phoneNumbers: string[]): Record<string, unknown> {
  return { phoneNumbers: phoneNumbers.map(Number), name: { first: 'Rajat', last: 'Kapoor' } };
}

/** Truecaller for one test file: this test's simulator, and shortcuts for the callbacks tests post. */
export interface FakeTruecaller {
  /** This test's simulator. */
  readonly simulator: () => TruecallerSimulator;
  /** The start calls the simulator received in this test (since the last {@link FakeTruecaller.startReplies}). */
  readonly start: () => MockedEndpoint;
  /** Replaces the start call's answers for the current test (the simulator's fault injection). */
  startReplies(...replies: [Reply, ...Reply[]]): MockedEndpoint;
  /** Issues a fresh access token whose profile lists `phoneNumbers`, as the simulator does on an approval. */
  authorize(...phoneNumbers: string[]): string;
  /** The `state` the start call that answered `requestId` carried (what Truecaller echoes in the callback). */
  stateOf(requestId: string): string | undefined;
  /** The body Truecaller POSTs when the user approves: the requestId, a token for `phoneNumber`, the state. */
  approval(requestId: string, phoneNumber?: string): Record<string, string>;
}

/** Starts msw for the calling test file with a fresh simulator for each test, appKey {@link APP_KEY}. */
export function useFakeTruecaller(): FakeTruecaller {
  useMswServer({
    appKey: APP_KEY,
    users: (phoneNumber) => ({ decision: 'ignore', profile: profileOf(phoneNumber) }),
  });
  let start: MockedEndpoint | undefined;
  beforeEach(() => {
    start = receivedBy(currentSimulator(), 'requests');
  });
  return {
    simulator: currentSimulator,
    start: () => {
      if (start === undefined) throw new Error('no test is running');
      return start;
    },
    startReplies(...replies) {
      start = mockRequestsEndpoint(...replies);
      return start;
    },
    authorize(...phoneNumbers) {
      return currentSimulator().issueToken({ profile: profileOf(...phoneNumbers) });
    },
    stateOf(requestId) {
      return engineOf(currentSimulator()).promptOf(requestId)?.state;
    },
    approval(requestId, phoneNumber = PHONE_NUMBER) {
      const state = this.stateOf(requestId);
      return { requestId, accessToken: this.authorize(phoneNumber), ...(state === undefined ? {} : { state }) };
    },
  };
}

/** A client on its own MemoryTracker, no retries. */
export function newClient(options: Partial<TruecallerClientOptions> = {}): TruecallerClient {
  return new TruecallerClient({ appKey: APP_KEY, tracker: new MemoryTracker(), retry: 0, ...options });
}

/**
 * A MemoryTracker whose `method` fails as a Redis client does when the server is gone. Delegates by name, so it
 * fits whatever methods the tracker contract has.
 */
export function failingTracker(method: string, tracker = new MemoryTracker()): PendingRequestTracker {
  return new Proxy(tracker, {
    get(target, key) {
      if (key === method) {
        return async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
        };
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The session id from the `sid` cookie. */
export function sessionOf(request: Request): string | undefined {
  const match = /(?:^|;\s*)sid=([^;]*)/.exec(request.headers.get('cookie') ?? '');
  return match?.[1];
}

/** Routes reading the session from the `sid` cookie, with {@link CALLBACK_SECRET}. */
export function routesFor(client: TruecallerClient, options: Partial<TruecallerRoutesOptions> = {}): TruecallerRoutes {
  return createTruecallerRoutes(client, { state: sessionOf, callbackSecret: CALLBACK_SECRET, ...options });
}

/** A browser request: JSON body (unless `body` is a string), the session cookie unless `session` is null. */
export function browserRequest(
  path: string,
  init: { method?: string; body?: unknown; session?: string | null; contentType?: string } = {},
): Request {
  const headers = new Headers();
  const session = init.session === undefined ? SESSION : init.session;
  if (session !== null) headers.set('cookie', `theme=dark; sid=${session}`);
  let body: string | null = null;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers.set('content-type', init.contentType ?? 'application/json');
  }
  return new Request(`${APP}${path}`, { method: init.method ?? (body === null ? 'GET' : 'POST'), headers, body });
}

/** Truecaller's callback POST: a JSON body (or the given string), to {@link CALLBACK_URL} unless told. */
export function callbackRequest(
  body: unknown,
  init: { url?: string; contentType?: string | null; method?: string } = {},
): Request {
  const headers = new Headers();
  if (init.contentType !== null) headers.set('content-type', init.contentType ?? 'application/json');
  return new Request(init.url ?? CALLBACK_URL, {
    method: init.method ?? 'POST',
    headers,
    ...(init.method === 'GET' ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** POSTs the start route for {@link PHONE_NUMBER} in {@link SESSION} and returns its requestId. */
export async function startSignIn(
  routes: TruecallerRoutes,
  { session = SESSION, phoneNumber = FORMATTED_PHONE_NUMBER } = {},
): Promise<StartAnswer> {
  const response = await routes.start(browserRequest('/signin/truecaller', { body: { phoneNumber }, session }));
  expect(response.status).toBe(200);
  return (await response.json()) as StartAnswer;
}

/** The status route's answer for `requestId` in `session`. */
export async function poll(
  routes: TruecallerRoutes,
  requestId: string,
  session: string | null = SESSION,
): Promise<Response> {
  return routes.status(
    browserRequest(`/signin/truecaller/status?requestId=${encodeURIComponent(requestId)}`, { session }),
  );
}

/** An answer's status, headers that matter and JSON body (or `null` when empty). */
export async function read(response: Response): Promise<{ status: number; body: unknown; headers: Headers }> {
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
}

export { PHONE_NUMBER };
