// The whole sign-in across two app instances that share one real redis-server: the start on one instance,
// Truecaller's callback on the other, the browser's polls on either. Run with an ioredis client and with a
// node-redis client. msw stands in for Truecaller only; Redis is real.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  DEFAULT_PROFILE_URL,
  DEFAULT_REQUESTS_URL,
  RequestPendingError,
  TrackerError,
  TruecallerClient,
} from 'truecaller-web-login';
import { type RedisLikeClient, RedisTracker } from 'truecaller-web-login/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const APP_KEY = 'redis-lifecycle-app-key';
const PHONE = '46761234567';
const TOKEN = 'REDIS-LIFECYCLE-TOKEN-9f8e7d6c5b4a';

let startCalls = 0;
let onStart: () => Promise<void> = async () => {};
const mswServer = setupServer(
  http.post(DEFAULT_REQUESTS_URL, async () => {
    startCalls++;
    await onStart();
    return HttpResponse.json({ requestId: `rq-${crypto.randomUUID()}` });
  }),
  http.get(DEFAULT_PROFILE_URL, ({ request }) =>
    request.headers.get('authorization') === `Bearer ${TOKEN}`
      ? HttpResponse.json({ phoneNumbers: [Number(PHONE)], name: { first: 'Ada', last: 'Redis' } })
      : HttpResponse.json({ status: 40101, message: 'Unauthorized' }, { status: 401 }),
  ),
);

type Connect = (server: RedisServer) => Promise<TestClient<RedisLikeClient>>;
const flavours: [string, Connect][] = [
  ['ioredis', (server) => ioredisClient(server.port)],
  ['node-redis', (server) => nodeRedisClient(server.url)],
];

describe.runIf(shouldRunRedisSuites())('the sign-in lifecycle on Redis', () => {
  let server: RedisServer;

  beforeAll(async () => {
    server = await startRedisServer();
    mswServer.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    startCalls = 0;
    onStart = async () => {};
  });
  afterAll(async () => {
    mswServer.close();
    await server?.stop();
  });

  describe.each(flavours)('with %s', (_name, connect) => {
    const connections: TestClient<RedisLikeClient>[] = [];
    /** One app instance: its own Redis connection, its own client, a shared store. */
    async function instance(prefix: string): Promise<TruecallerClient> {
      const connection = await connect(server);
      connections.push(connection);
      return new TruecallerClient({
        appKey: APP_KEY,
        tracker: new RedisTracker({ client: connection.client, prefix, timeoutMs: 300 }),
      });
    }
    afterAll(() => {
      for (const connection of connections) connection.close();
    });

    it('completes a sign-in started on one instance, called back on another, polled on a third', async () => {
      const prefix = `t-${crypto.randomUUID()}:`;
      const [a, b, c] = [await instance(prefix), await instance(prefix), await instance(prefix)];

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
    });

    it('shares the per-number lock: a second start on another instance sends nothing', async () => {
      const prefix = `t-${crypto.randomUUID()}:`;
      const [a, b] = [await instance(prefix), await instance(prefix)];

      await a.requestAuthorization({ phoneNumber: PHONE });
      const second = b.requestAuthorization({ phoneNumber: PHONE });

      await expect(second).rejects.toBeInstanceOf(RequestPendingError);
      expect(startCalls).toBe(1);
    });

    it('delivers a redelivered callback as a duplicate on any instance, and one outcome only', async () => {
      const prefix = `t-${crypto.randomUUID()}:`;
      const [a, b, c] = [await instance(prefix), await instance(prefix), await instance(prefix)];
      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });
      const callback = { requestId, status: 'user_rejected' };

      const receipts = await Promise.all([b.handleCallback(callback), c.handleCallback(callback)]);

      expect(receipts.map((receipt) => receipt.duplicate).sort()).toEqual([false, true]);
      expect(await a.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
      // The rejection released the lock for every instance.
      await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
    });

    it('fails closed while Redis is down, and leaves no lock behind once it is back', async () => {
      const prefix = `t-${crypto.randomUUID()}:`;
      const [a, b] = [await instance(prefix), await instance(prefix)];
      // Redis dies while Truecaller is answering the start call: the lock was taken, the record can't be.
      onStart = () => server.stop();

      await expect(a.requestAuthorization({ phoneNumber: PHONE })).rejects.toBeInstanceOf(TrackerError);
      onStart = async () => {};
      // While it is down every step fails closed, and nothing is sent to Truecaller.
      const callsBefore = startCalls;
      await expect(b.requestAuthorization({ phoneNumber: '46761234568' })).rejects.toBeInstanceOf(TrackerError);
      await expect(b.handleCallback({ requestId: 'rq-any', accessToken: TOKEN })).rejects.toBeInstanceOf(TrackerError);
      await expect(b.completeSignIn('rq-any')).rejects.toBeInstanceOf(TrackerError);
      expect(startCalls).toBe(callsBefore);

      await server.start();

      // Once the clients have reconnected, the same number can sign in again: no lock survived the failure.
      await expect
        .poll(async () => (await b.requestAuthorization({ phoneNumber: PHONE }).catch((error) => error)).phoneNumber, {
          timeout: 5_000,
          interval: 100,
        })
        .toBe(PHONE);
    });
  });
});
