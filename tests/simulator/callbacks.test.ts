// The phone's decisions and the callback: bodies as documented, delivered asynchronously as JSON to a URL or a
// function, with Truecaller's 3-second deadline and (optional) retries.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { TruecallerClient } from 'truecaller-web-login';
import { TruecallerSimulator } from 'truecaller-web-login/simulator';
import { afterEach, describe, expect, test } from 'vitest';
import { NONEU_PROFILE_ENDPOINT, PHONE_NUMBER, STATE } from '../fixtures/payloads.js';

const APP_KEY = 'simulator-callback-key';

/** Starts a sign-in through the real client (no tracker) and returns its requestId. */
async function start(
  simulator: TruecallerSimulator,
  { state = STATE as string | null, phoneNumber = PHONE_NUMBER } = {},
) {
  const client = new TruecallerClient({ appKey: APP_KEY, fetch: simulator.fetch, tracker: false });
  const { requestId } = await client.requestAuthorization({ phoneNumber, ...(state === null ? {} : { state }) });
  return requestId;
}

/** A loopback callback endpoint answering `statuses` in turn (the last repeats), recording what it received. */
interface CallbackServer {
  url: string;
  received: { method: string; contentType: string | undefined; body: unknown }[];
  close(): Promise<void>;
}
const servers: Server[] = [];
async function callbackServer(...statuses: number[]): Promise<CallbackServer> {
  const received: CallbackServer['received'] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    received.push({
      method: request.method ?? '',
      contentType: request.headers['content-type'],
      body: JSON.parse(text),
    });
    response.writeHead(statuses[Math.min(received.length, statuses.length) - 1] ?? 204).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/truecaller/callback/s3cret`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('callback bodies', () => {
  test('approve: {requestId, accessToken, state} (state only when the start call had one)', async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: (body) => bodies.push(body) });

    const withState = await start(simulator);
    const without = await start(simulator, { state: null, phoneNumber: '46701234567' });
    await simulator.settled();

    expect(bodies).toContainEqual({
      requestId: withState,
      accessToken: expect.stringMatching(/^[\w-]{64}$/),
      state: STATE,
    });
    expect(bodies).toContainEqual({ requestId: without, accessToken: expect.stringMatching(/^[\w-]{64}$/) });
  });

  test.each(['user_rejected', 'use_another_number'] as const)(
    '%s: {requestId, status, state}, and no token',
    async (decision) => {
      const bodies: Record<string, unknown>[] = [];
      const simulator = new TruecallerSimulator({
        appKey: APP_KEY,
        users: [{ phoneNumber: PHONE_NUMBER, decision }],
        onCallback: (body) => bodies.push(body),
      });

      const requestId = await start(simulator);
      await simulator.settled();

      expect(bodies).toEqual([{ requestId, status: decision, state: STATE }]);
    },
  );

  test("a user's `endpoint` goes into the approving callback, as mobile-web callbacks carry it", async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, endpoint: NONEU_PROFILE_ENDPOINT }],
      onCallback: (body) => bodies.push(body),
    });

    await start(simulator);
    await simulator.settled();

    expect(bodies[0]).toMatchObject({ endpoint: NONEU_PROFILE_ENDPOINT });
  });

  test('the callback is the one the SDK parses: the client settles the sign-in with it', async () => {
    const client: TruecallerClient = new TruecallerClient({
      appKey: APP_KEY,
      fetch: (input, init) => simulator.fetch(input, init),
    });
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: (body) => client.handleCallback(body) });

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    await simulator.settled();

    expect(simulator.callbacks[0]).toMatchObject({ requestId, delivered: true, target: 'function' });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({
      status: 'completed',
      phoneNumber: PHONE_NUMBER,
    });
  });
});

describe('delivery', () => {
  test('POSTs JSON to `callbackUrl` over HTTP and records the status the app answered', async () => {
    const app = await callbackServer(204);
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, callbackUrl: app.url });

    const requestId = await start(simulator);
    await simulator.settled();

    expect(app.received).toEqual([
      {
        method: 'POST',
        contentType: 'application/json',
        body: { requestId, accessToken: expect.any(String), state: STATE },
      },
    ]);
    expect(simulator.callbacks).toMatchObject([
      { requestId, target: 'url', delivered: true, attempts: [{ status: 204 }] },
    ]);
  });

  test('`callbackUrl` can be set after construction', async () => {
    const app = await callbackServer(200);
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    simulator.callbackUrl = app.url;

    await start(simulator);
    await simulator.settled();

    expect(simulator.callbackUrl).toBe(app.url);
    expect(app.received).toHaveLength(1);
  });

  test('setting `callbackUrl` on a simulator with onCallback -> TypeError', () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: () => undefined });

    expect(() => {
      simulator.callbackUrl = 'http://127.0.0.1:1/cb';
    }).toThrow(/onCallback/);
  });

  test('is asynchronous: the start call is answered before the callback is sent', async () => {
    const order: string[] = [];
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, onCallback: () => order.push('callback') });

    await start(simulator);
    order.push('start answered');
    await simulator.settled();

    expect(order).toEqual(['start answered', 'callback']);
  });

  test('a 5xx is not retried by default (Truecaller documents no retries)', async () => {
    const app = await callbackServer(500, 204);
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, callbackUrl: app.url });

    await start(simulator);
    await simulator.settled();

    expect(app.received).toHaveLength(1);
    expect(simulator.callbacks[0]).toMatchObject({ delivered: false, attempts: [{ status: 500 }] });
  });

  test('`callbackRetries` sends the same body again after a 5xx, until a 2xx', async () => {
    const app = await callbackServer(503, 500, 204);
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      callbackUrl: app.url,
      callbackRetries: 5,
      callbackRetryDelay: 10,
    });

    await start(simulator);
    await simulator.settled();

    expect(app.received.map((each) => each.body)).toEqual([
      app.received[0]?.body,
      app.received[0]?.body,
      app.received[0]?.body,
    ]);
    expect(simulator.callbacks[0]?.attempts.map((attempt) => attempt.status)).toEqual([503, 500, 204]);
    expect(simulator.callbacks[0]?.delivered).toBe(true);
  });

  test('a 4xx is a refusal, never retried', async () => {
    const app = await callbackServer(404);
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      callbackUrl: app.url,
      callbackRetries: 3,
      callbackRetryDelay: 1,
    });

    await start(simulator);
    await simulator.settled();

    expect(app.received).toHaveLength(1);
  });

  test('an app slower than `callbackTimeout` (3 s by default) is a failed delivery', async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      callbackTimeout: 50,
      onCallback: () => new Promise(() => undefined), // never answers
    });

    await start(simulator);
    await simulator.settled();

    expect(simulator.callbacks[0]?.delivered).toBe(false);
    expect(String(simulator.callbacks[0]?.attempts[0]?.error)).toMatch(/did not answer the callback within 50 ms/);
  });

  test('a throwing onCallback is recorded as a failed delivery, and settled() still resolves', async () => {
    const failure = new Error('the app refused it');
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      onCallback: () => {
        throw failure;
      },
    });

    await start(simulator);
    await simulator.settled();

    expect(simulator.callbacks[0]).toMatchObject({ delivered: false, attempts: [{ error: failure }] });
  });

  test("a Response returned by onCallback counts as the app's answer", async () => {
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      onCallback: () => new Response(null, { status: 403 }),
    });

    await start(simulator);
    await simulator.settled();

    expect(simulator.callbacks[0]).toMatchObject({ delivered: false, attempts: [{ status: 403 }] });
  });

  test('without callbackUrl or onCallback, callbacks are only recorded', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });

    const requestId = await start(simulator);
    await simulator.settled();

    expect(simulator.callbacks).toMatchObject([{ requestId, target: 'none', delivered: false, attempts: [] }]);
  });
});

describe('decide', () => {
  test("answers an 'ignore' user's prompt; nothing is sent before", async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      users: [{ phoneNumber: PHONE_NUMBER, decision: 'ignore' }],
      onCallback: (body) => bodies.push(body),
    });

    const requestId = await start(simulator);
    await simulator.settled();
    expect(bodies).toEqual([]);

    simulator.decide(requestId, 'use_another_number');
    await simulator.settled();

    expect(bodies).toEqual([{ requestId, status: 'use_another_number', state: STATE }]);
  });

  test('replaces a scheduled decision that has not happened yet', async () => {
    const bodies: Record<string, unknown>[] = [];
    const simulator = new TruecallerSimulator({
      appKey: APP_KEY,
      decisionDelay: 10_000,
      onCallback: (body) => bodies.push(body),
    });

    const requestId = await start(simulator);
    simulator.decide(requestId, 'user_rejected');
    await simulator.settled();

    expect(bodies).toEqual([{ requestId, status: 'user_rejected', state: STATE }]);
  });

  test('a second decision for the same sign-in -> Error', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY });
    const requestId = await start(simulator);
    await simulator.settled();

    expect(() => simulator.decide(requestId, 'approve')).toThrow(/already answered/);
  });

  test('an unknown requestId -> Error; an unknown answer -> TypeError', async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: () => ({ decision: 'ignore' }) });
    const requestId = await start(simulator);

    expect(() => simulator.decide('never-started', 'approve')).toThrow(/no sign-in with this requestId/);
    expect(() => simulator.decide(requestId, 'ignore' as 'approve')).toThrow(TypeError);
  });

  test("settled() does not wait for 'ignore' users", async () => {
    const simulator = new TruecallerSimulator({ appKey: APP_KEY, users: () => ({ decision: 'ignore' }) });
    await start(simulator);

    await simulator.settled();

    expect(simulator.callbacks).toEqual([]);
  });
});
