// Fault injection: one method breaks the start call or the profile call the ways a client must survive, and
// every transport (in-process fetch, msw, a real loopback server) honours it.
import { setupServer } from 'msw/node';
import {
  ForbiddenError,
  InvalidCredentialsError,
  InvalidTokenError,
  NetworkError,
  ServerError,
  TimeoutError,
  TruecallerClient,
  type TruecallerClientOptions,
  UnexpectedResponseError,
} from 'truecaller-web-login';
import { type SimulatedFault, TruecallerSimulator } from 'truecaller-web-login/simulator';
import { afterEach, describe, expect, test } from 'vitest';
import { PHONE_NUMBER } from '../fixtures/payloads.js';

const APP_KEY = 'simulator-fault-key';

/** The rejection of a call that must fail; a call that resolves fails the test. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to reject');
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Transport = 'fetch' | 'msw' | 'listen';

/** A simulator and a client that reaches it through `transport`. */
async function setup(transport: Transport, options: Partial<TruecallerClientOptions> = {}) {
  const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: () => ({ decision: 'ignore' }) });
  let reach: Partial<TruecallerClientOptions> = { fetch: simulator.fetch };
  if (transport === 'msw') {
    const server = setupServer(...simulator.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    cleanups.push(() => server.close());
    reach = {};
  } else if (transport === 'listen') {
    const truecaller = await simulator.listen();
    cleanups.push(() => truecaller.close());
    reach = { requestsUrl: truecaller.requestsUrl, profileUrl: truecaller.profileUrl };
  }
  const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, retry: 0, ...reach, ...options });
  return { simulator, client };
}

describe.each<Transport>(['fetch', 'msw', 'listen'])('over %s', (transport) => {
  test('a status: 403 with the documented 1008 body -> ForbiddenError', async () => {
    const { simulator, client } = await setup(transport);
    simulator.inject('requests', { status: 403 });

    const error = await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }));

    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ apiCode: 1008 });
  });

  test('a status: 401 on the profile call -> InvalidTokenError with 40101', async () => {
    const { simulator, client } = await setup(transport);
    const token = simulator.issueToken(PHONE_NUMBER);
    simulator.inject('profile', { status: 401 });

    const error = await rejectionOf(client.fetchProfile(token));

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ apiCode: 40101 });
  });

  test('a slow reply beyond the client timeout -> TimeoutError', async () => {
    const { simulator, client } = await setup(transport, { timeout: 50 });
    simulator.inject('requests', { delay: 2_000 });

    expect(await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }))).toBeInstanceOf(TimeoutError);
  });

  test('a hanging reply -> TimeoutError', async () => {
    const { simulator, client } = await setup(transport, { timeout: 50 });
    simulator.inject('profile', { hang: true });

    expect(await rejectionOf(client.fetchProfile(simulator.issueToken(PHONE_NUMBER)))).toBeInstanceOf(TimeoutError);
  });

  test('a body that never ends -> TimeoutError', async () => {
    const { simulator, client } = await setup(transport, { timeout: 100 });
    simulator.inject('profile', { stall: true });

    expect(await rejectionOf(client.fetchProfile(simulator.issueToken(PHONE_NUMBER)))).toBeInstanceOf(TimeoutError);
  });

  test('a reset connection -> NetworkError', async () => {
    const { simulator, client } = await setup(transport);
    simulator.inject('requests', { reset: true });

    expect(await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }))).toBeInstanceOf(NetworkError);
  });

  test('after the fault is used up, the endpoint answers normally again', async () => {
    const { simulator, client } = await setup(transport, { retry: 1 });
    const token = simulator.issueToken(PHONE_NUMBER);
    const outage = simulator.inject('profile', { status: 503 });

    const profile = await client.fetchProfile(token);

    expect(profile.phoneNumbers).toEqual([PHONE_NUMBER]);
    expect(outage.used).toBe(1);
    expect(simulator.requests.filter((request) => request.endpoint === 'profile')).toHaveLength(2);
  });
});

describe('inject', () => {
  test('a caller abort during an injected delay rejects with exactly the reason', async () => {
    const { simulator, client } = await setup('fetch');
    simulator.inject('requests', { delay: 5_000 });
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    setTimeout(() => controller.abort(reason), 20);

    const error = await rejectionOf(
      client.requestAuthorization({ phoneNumber: PHONE_NUMBER, signal: controller.signal }),
    );

    expect(error).toBe(reason);
  });

  test('`times` repeats a fault; after it, retries succeed', async () => {
    const { simulator, client } = await setup('fetch', { retry: 2 });
    simulator.inject('profile', { status: 502 }, { times: 2 });

    const profile = await client.fetchProfile(simulator.issueToken(PHONE_NUMBER));

    expect(profile.phoneNumbers).toEqual([PHONE_NUMBER]);
  });

  test('`times: Infinity` lasts until removed', async () => {
    const { simulator, client } = await setup('fetch');
    const outage = simulator.inject('profile', { status: 500 }, { times: Number.POSITIVE_INFINITY });
    const token = simulator.issueToken(PHONE_NUMBER);

    expect(await rejectionOf(client.fetchProfile(token))).toBeInstanceOf(ServerError);
    expect(await rejectionOf(client.fetchProfile(token))).toBeInstanceOf(ServerError);
    outage.remove();

    expect((await client.fetchProfile(token)).phoneNumbers).toEqual([PHONE_NUMBER]);
    expect(outage.used).toBe(2);
  });

  test('faults apply in the order injected, one per request', async () => {
    const { simulator, client } = await setup('fetch');
    simulator.inject('requests', { status: 404 });
    simulator.inject('requests', { status: 500 });

    expect(await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }))).toBeInstanceOf(
      InvalidCredentialsError,
    );
    expect(await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }))).toBeInstanceOf(ServerError);
    expect((await client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).requestId).toEqual(expect.any(String));
  });

  test('faults of one endpoint leave the other alone', async () => {
    const { simulator, client } = await setup('fetch');
    simulator.inject('profile', { status: 500 });

    expect((await client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).requestId).toEqual(expect.any(String));
  });

  test('`respond` answers anything, e.g. an HTML page -> UnexpectedResponseError', async () => {
    const { simulator, client } = await setup('fetch');
    simulator.inject('requests', {
      respond: () => new Response('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    });

    expect(await rejectionOf(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }))).toBeInstanceOf(
      UnexpectedResponseError,
    );
  });

  test('a status with its own body and headers', async () => {
    const { simulator } = await setup('fetch');
    simulator.inject('requests', { status: 429, body: { code: 429 }, headers: { 'retry-after': '7' } });

    const response = await simulator.fetch('https://api4.truecaller.com/v1/apps/requests', { method: 'POST' });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toEqual({ code: 429 });
  });

  test('a fault applies before the appKey check, and the request is still recorded', async () => {
    const { simulator } = await setup('fetch');
    simulator.inject('requests', { status: 503 });

    const response = await simulator.fetch('https://api4.truecaller.com/v1/apps/requests', { method: 'POST' });

    expect(response.status).toBe(503);
    expect(simulator.requests).toHaveLength(1);
  });

  test.each<[string, SimulatedFault, object | undefined, RegExp]>([
    ['two actions', { status: 500, reset: true }, undefined, /not status and reset/],
    ['no action and no delay', {}, undefined, /or a `delay`/],
    ['a status out of range', { status: 99 }, undefined, /`status`/],
    ['a negative delay', { delay: -1 }, undefined, /`delay`/],
    ['zero times', { status: 500 }, { times: 0 }, /`times`/],
  ])('%s -> TypeError', async (_name, fault, options, message) => {
    const { simulator } = await setup('fetch');

    expect(() => simulator.inject('profile', fault, options)).toThrow(message);
  });

  test('an unknown endpoint -> TypeError', async () => {
    const { simulator } = await setup('fetch');

    expect(() => simulator.inject('callback' as 'profile', { status: 500 })).toThrow(/'requests' or 'profile'/);
  });
});
