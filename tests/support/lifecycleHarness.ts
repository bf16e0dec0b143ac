/**
 * Truecaller for the lifecycle tests (`tests/lifecycle/*`): the simulator (`truecaller-web-login/simulator`)
 * behind msw, plus a client wired to a {@link MemoryTracker} on a clock the test controls.
 *
 * - the start call is the simulator's: `{ requestId }` with a fresh opaque id per call, 404 for another appKey;
 *   every number is a Truecaller user who never answers on their own (the tests deliver callbacks themselves);
 * - the profile call is the simulator's, at the default and the regional hosts: it answers the tokens issued
 *   with {@link LifecycleServer.authorize} (single use, as Truecaller's), and 401 for any other token;
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
  MemoryTracker,
  type PendingRequestTracker,
  TruecallerClient,
  type TruecallerClientOptions,
} from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { UNAUTHORIZED_JSON } from '../fixtures/payloads.js';

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
  /** This test's simulator. */
  readonly simulator: TruecallerSimulator;
  /** Issues a fresh token whose profile is `profile`; the profile hosts answer it with that body. */
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
 * with a fresh simulator per test; handlers, recordings and tokens are reset after each test.
 */
export function useLifecycleServer(): LifecycleServer {
  const attackerCalls: ProfileCall[] = [];
  /** Profiles of the tokens this test authorized, for the attacker hosts to answer like a profile host. */
  const profiles = new Map<string, Record<string, unknown>>();
  let simulator: TruecallerSimulator | undefined;
  const current = () => {
    if (simulator === undefined) throw new Error('use the lifecycle server inside a test');
    return simulator;
  };

  const attackerHandlers = ATTACKER_ENDPOINTS.map((url) =>
    http.all(url, ({ request }) => {
      const authorization = request.headers.get('authorization');
      attackerCalls.push({ url: request.url, authorization });
      const profile = profiles.get(authorization?.replace(/^Bearer /, '') ?? '');
      if (profile === undefined) {
        return new HttpResponse(UNAUTHORIZED_JSON, { status: 401, headers: { 'content-type': 'application/json' } });
      }
      return HttpResponse.json(profile);
    }),
  );
  const server = setupServer(...attackerHandlers);

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    // Every number is a user; nobody answers on their own (the tests post callbacks themselves); a token works
    // at every profile host (the tests choose the callback's endpoint after issuing the token).
    simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: () => ({ decision: 'ignore' }),
      strictRegions: false,
    });
    // The test's baseline: its own `server.use(…)` overrides come first, and `resetHandlers()` mid-test brings
    // this back.
    server.resetHandlers(...simulator.handlers, ...attackerHandlers);
  });
  afterEach(() => {
    server.resetHandlers();
    simulator = undefined;
    attackerCalls.length = 0;
    profiles.clear();
  });
  afterAll(() => server.close());

  return {
    server,
    get startCalls() {
      return current()
        .requests.filter((request) => request.endpoint === 'requests')
        .map((request) => ({ appKey: request.headers.appkey ?? null, body: request.body as StartCall['body'] }));
    },
    get profileCalls() {
      return current()
        .requests.filter((request) => request.endpoint === 'profile')
        .map((request) => ({ url: request.url, authorization: request.headers.authorization ?? null }));
    },
    attackerCalls,
    get simulator() {
      return current();
    },
    authorize(profile) {
      const token = current().issueToken({ profile });
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
