/**
 * What the sign-in lifecycle tests on a real store share (`tests/redis`, `tests/postgres`, `tests/upstash`):
 * Truecaller behind msw, and the steps of a whole sign-in across app instances that share one store. Each test
 * file keeps its own store, its own `instance()` and what only that store must show.
 *
 * @example
 * ```ts
 * const truecaller = useStoreTruecaller();
 * it('completes a sign-in across instances', async () => {
 *   const requestId = await expectSignInAcrossInstances([instance(), instance(), instance()]);
 *   expect(truecaller.startCalls).toBe(1);
 * });
 * ```
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { DEFAULT_PROFILE_URL, DEFAULT_REQUESTS_URL, TrackerError, type TruecallerClient } from 'truecaller-web-login';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const APP_KEY = 'store-lifecycle-app-key';
/** The number every sign-in is for (digits only, as the profile lists it). */
export const PHONE = '46761234567';
/** The one access token the profile host accepts. */
export const TOKEN = 'STORE-LIFECYCLE-TOKEN-9f8e7d6c5b4a';

/** Three app instances sharing one store: `a`, `b` and `c` in the steps below. */
export type Instances = readonly [TruecallerClient, TruecallerClient, TruecallerClient];

/** Truecaller's side, for the calling test file; both fields are reset after each test. */
export interface StoreTruecaller {
  /** How many start calls Truecaller received in this test. */
  readonly startCalls: number;
  /** Runs inside Truecaller's start handler, before it answers, with the requestId it is about to return. */
  onStart: (requestId: string) => Promise<void>;
}

const nothing = async () => {};

/**
 * Truecaller behind msw for the calling test file (or `describe`): the start answers a fresh requestId after
 * {@link StoreTruecaller.onStart}; the profile answers {@link TOKEN} with {@link PHONE} and 401 otherwise. Any
 * other request fails the test, except those to the origin `passThrough()` names (a store spoken to over HTTP).
 */
export function useStoreTruecaller(options: { passThrough?: () => string } = {}): StoreTruecaller {
  let startCalls = 0;
  const truecaller: StoreTruecaller = {
    get startCalls() {
      return startCalls;
    },
    onStart: nothing,
  };
  const server = setupServer(
    http.post(DEFAULT_REQUESTS_URL, async () => {
      startCalls++;
      const requestId = `rq-${crypto.randomUUID()}`;
      await truecaller.onStart(requestId);
      return HttpResponse.json({ requestId });
    }),
    http.get(DEFAULT_PROFILE_URL, ({ request }) =>
      request.headers.get('authorization') === `Bearer ${TOKEN}`
        ? HttpResponse.json({ phoneNumbers: [Number(PHONE)], name: { first: 'Ada', last: 'Store' } })
        : HttpResponse.json({ status: 40101, message: 'Unauthorized' }, { status: 401 }),
    ),
  );
  const { passThrough } = options;
  beforeAll(() => {
    server.listen({
      onUnhandledRequest:
        passThrough === undefined
          ? 'error'
          : (request, print) => {
              if (new URL(request.url).origin !== passThrough()) print.error();
            },
    });
  });
  afterEach(() => {
    startCalls = 0;
    truecaller.onStart = nothing;
  });
  afterAll(() => {
    server.close();
  });
  return truecaller;
}

/**
 * A whole sign-in across three instances: started on `a`, pending on `c`, called back on `b` (a first delivery),
 * completed on `c` with the number and the state and never the token, then `expired` on `a`. Resolves the
 * requestId.
 */
export async function expectSignInAcrossInstances([a, b, c]: Instances): Promise<string> {
  const { requestId } = await a.requestAuthorization({ phoneNumber: `+${PHONE}`, state: 'session-1' });
  expect(await c.completeSignIn(requestId, { state: 'session-1' })).toEqual({ status: 'pending' });
  await expect(b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-1' })).resolves.toEqual({
    requestId,
    type: 'authorized',
    duplicate: false,
  });
  const result = await c.completeSignIn(requestId, { state: 'session-1' });

  expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE, state: 'session-1' });
  expect(JSON.stringify(result)).not.toContain(TOKEN);
  expect(await a.completeSignIn(requestId, { state: 'session-1' })).toEqual({ status: 'expired' });
  return requestId;
}

/**
 * While the store is down, every step fails closed with `TrackerError` (a start for `phoneNumber`, a callback, a
 * poll, a cancel) and nothing is sent to Truecaller.
 */
export async function expectFailsClosed(
  [a, b, c]: Instances,
  truecaller: StoreTruecaller,
  phoneNumber = PHONE,
): Promise<void> {
  const startCalls = truecaller.startCalls;
  await expect(a.requestAuthorization({ phoneNumber })).rejects.toBeInstanceOf(TrackerError);
  await expect(b.handleCallback({ requestId: 'rq-any', accessToken: TOKEN })).rejects.toBeInstanceOf(TrackerError);
  await expect(c.completeSignIn('rq-any')).rejects.toBeInstanceOf(TrackerError);
  await expect(c.cancelSignIn('rq-any')).rejects.toBeInstanceOf(TrackerError);
  expect(truecaller.startCalls).toBe(startCalls);
}

/** Once the store is back: a whole sign-in (no state) started on `a`, called back on `b`, completed on `c`. */
export async function expectSignInWorksAgain([a, b, c]: Instances): Promise<void> {
  const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });
  await b.handleCallback({ requestId, accessToken: TOKEN });
  await expect(c.completeSignIn(requestId)).resolves.toMatchObject({ status: 'completed' });
}
