/**
 * A stand-in for Truecaller's two endpoints, plus a client wired to a {@link MemoryTracker} on a clock the test
 * controls: what the lifecycle tests (`tests/lifecycle/*`) build on.
 *
 * - the start handler (`POST api4…/v1/apps/requests`) answers `{ requestId }` with a fresh id per call;
 * - the profile handlers (`GET profile4…/v1/default` and the `-noneu` regional host) map bearer tokens to the
 *   profiles registered with {@link LifecycleServer.authorize}, and answer 401 for any other token;
 * - attacker hosts (a callback's forged `endpoint`) answer like a profile host, so a leak would look like success,
 *   and are counted separately;
 * - every request received is recorded, so tests can assert what was (not) sent.
 *
 * @example
 * ```ts
 * const server = useLifecycleServer();
 * test('…', async () => {
 *   const { client } = server.createClient();
 *   const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
 *   await client.handleCallback({ requestId, accessToken: server.authorize(profileOf(PHONE_NUMBER)) });
 * });
 * ```
 */
import { randomBytes } from 'node:crypto';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  DEFAULT_PROFILE_URL,
  DEFAULT_REQUESTS_URL,
  MemoryTracker,
  type PendingRequestTracker,
  TruecallerClient,
  type TruecallerClientOptions,
} from 'truecaller-web-login';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { NONEU_PROFILE_ENDPOINT, UNAUTHORIZED_JSON } from '../fixtures/payloads.js';

export const APP_KEY = 'lifecycle-test-app-key-7f3a9c';
/** Hosts a forged callback's `endpoint` may name; the server answers them so a leak could not hide. */
export const ATTACKER_ENDPOINTS = [
  'http://evil.example/v1/default',
  'https://profile4.truecaller.com.evil.example/v1/default',
] as const;

/** A body the start handler received. */
export interface StartCall {
  appKey: string | null;
  body: { phoneNumber?: unknown; state?: unknown };
}

/** A request a profile host (real or attacker) received. */
export interface ProfileCall {
  url: string;
  authorization: string | null;
}

/** A clock for `MemoryTracker({ now })`: starts at a fixed instant and only moves when told. */
export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function createClock(start = 1_750_000_000_000): TestClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** What {@link LifecycleServer.createClient} builds. */
export interface LifecycleClient {
  client: TruecallerClient;
  /** The tracker behind `client`, reading {@link clock}. */
  tracker: MemoryTracker;
  clock: TestClock;
}

export interface LifecycleServer {
  readonly server: ReturnType<typeof setupServer>;
  /** Bodies of the start calls received in this test, in order. */
  readonly startCalls: StartCall[];
  /** Requests received by the real profile hosts in this test. */
  readonly profileCalls: ProfileCall[];
  /** Requests received by the attacker hosts in this test. */
  readonly attackerCalls: ProfileCall[];
  /** Issues a fresh token whose profile is `profile`; the profile handlers answer it with that body. */
  authorize(profile: Record<string, unknown>): string;
  /** A client on a fresh MemoryTracker with a test clock. `options` override the defaults. */
  createClient(
    options?: Partial<TruecallerClientOptions> & { tracker?: PendingRequestTracker | false },
  ): LifecycleClient;
}

/** A 64-character URL-safe token, like Truecaller's, different on every call. */
export function freshToken(): string {
  return randomBytes(48).toString('base64url');
}

/** A minimal profile body listing `phoneNumbers` as given (numbers or strings), like Truecaller's samples. */
export function profileOf(...phoneNumbers: (string | number)[]): Record<string, unknown> {
  return { phoneNumbers, name: { first: 'Test', last: 'User' } };
}

/**
 * Starts an msw server for the whole test file (`onUnhandledRequest: 'error'`: nothing reaches the network),
 * resetting handlers, recordings and tokens after each test.
 */
export function useLifecycleServer(): LifecycleServer {
  const startCalls: StartCall[] = [];
  const profileCalls: ProfileCall[] = [];
  const attackerCalls: ProfileCall[] = [];
  const profiles = new Map<string, Record<string, unknown>>();
  let issued = 0;

  const profileResolver =
    (calls: ProfileCall[]) =>
    ({ request }: { request: Request }) => {
      const authorization = request.headers.get('authorization');
      calls.push({ url: request.url, authorization });
      const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
      const profile = token === undefined ? undefined : profiles.get(token);
      if (profile === undefined) {
        return new HttpResponse(UNAUTHORIZED_JSON, { status: 401, headers: { 'content-type': 'application/json' } });
      }
      return HttpResponse.json(profile);
    };

  const server = setupServer(
    http.post(DEFAULT_REQUESTS_URL, async ({ request }) => {
      const body = (await request.json()) as StartCall['body'];
      startCalls.push({ appKey: request.headers.get('appkey'), body });
      issued += 1;
      return HttpResponse.json({ requestId: `req${issued}-${randomBytes(9).toString('base64')}` });
    }),
    http.get(DEFAULT_PROFILE_URL, profileResolver(profileCalls)),
    http.get(NONEU_PROFILE_ENDPOINT, profileResolver(profileCalls)),
    ...ATTACKER_ENDPOINTS.map((url) => http.all(url, profileResolver(attackerCalls))),
  );

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    startCalls.length = 0;
    profileCalls.length = 0;
    attackerCalls.length = 0;
    profiles.clear();
  });
  afterAll(() => server.close());

  return {
    server,
    startCalls,
    profileCalls,
    attackerCalls,
    authorize(profile) {
      const token = freshToken();
      profiles.set(token, profile);
      return token;
    },
    createClient(options = {}) {
      const clock = createClock();
      const tracker = new MemoryTracker({ now: clock.now });
      // retry: 0 keeps failure tests fast; tests about retries set their own.
      const client = new TruecallerClient({ appKey: APP_KEY, tracker, retry: 0, ...options });
      return { client, tracker, clock };
    },
  };
}
