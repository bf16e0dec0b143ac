import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IoRedisLikeClient,
  type NodeRedisLikeClient,
  type RedisLikeClient,
  RedisTracker,
} from '../../src/redis/index.js';
import { describeTrackerConformance } from '../../src/testing/index.js';
import type { PendingRequest, SignInOutcome } from '../../src/trackers/PendingRequestTracker.js';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const TOKEN = 'SECRET-ACCESS-TOKEN-a1b2c3d4e5';
const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: TOKEN };

function newId(label: string): string {
  return `${label}-${crypto.randomUUID()}`;
}

function pending(requestId: string): PendingRequest {
  return { requestId, phoneNumber: '919876543210', state: 'state-1', createdAt: Date.now() };
}

/** Everything an error could show in a log: message, stack, own properties, causes. */
function everythingIn(error: unknown): string {
  return inspect(error, { depth: 10, showHidden: true });
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error('rejected with a non-Error');
  }
  throw new Error('resolved, expected a rejection');
}

/** Retries `attempt` until it resolves (clients reconnect on their own after Redis comes back). */
async function eventually<T>(attempt: () => Promise<T>, withinMs = 5_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe.runIf(shouldRunRedisSuites())('RedisTracker', () => {
  let server: RedisServer;
  let io: TestClient<IoRedisLikeClient>;
  let nodeRedis: TestClient<NodeRedisLikeClient>;
  const extraClients: TestClient<RedisLikeClient>[] = [];

  /** One more connection, closed in afterAll. */
  async function connect<Shape extends RedisLikeClient>(
    client: Promise<TestClient<Shape>>,
  ): Promise<TestClient<Shape>> {
    const connected = await client;
    extraClients.push(connected);
    return connected;
  }

  beforeAll(async () => {
    server = await startRedisServer();
    io = await ioredisClient(server.port);
    nodeRedis = await nodeRedisClient(server.url);
  });

  afterAll(async () => {
    for (const client of [io, nodeRedis, ...extraClients]) client?.close();
    await server?.stop();
  });

  describeTrackerConformance('RedisTracker with ioredis (RESP3)', () => new RedisTracker({ client: io.client }));
  describeTrackerConformance(
    'RedisTracker with node-redis (RESP3)',
    () => new RedisTracker({ client: nodeRedis.client }),
  );

  describe('client shapes and protocols', () => {
    it.each([
      ['ioredis, RESP2', () => ioredisClient(server.port, { protocol: 2 })],
      ['node-redis, RESP2', () => nodeRedisClient(server.url, { resp: 2 })],
      ['node-redis returning Buffers', () => nodeRedisClient(server.url, { buffers: true })],
    ])('runs every operation with %s', async (_, makeClient) => {
      const { client } = await connect<RedisLikeClient>(makeClient());
      const tracker = new RedisTracker({ client });
      const request = pending(newId('protocol'));
      const lock = newId('lock');

      await expect(tracker.acquireLock(lock, 'a', 60_000)).resolves.toEqual({ acquired: true });
      const held = await tracker.acquireLock(lock, 'b', 60_000);
      expect(held.acquired === false && held.retryAfterMs).toBeGreaterThan(59_000);
      await expect(tracker.releaseLock(lock, 'a')).resolves.toBe(true);
      await expect(tracker.register(request, 60_000)).resolves.toBe(true);
      await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
      await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({
        status: 'settled',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(tracker.settle(request.requestId, { type: 'rejected', reason: 'x' })).resolves.toStrictEqual({
        status: 'already-settled',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(tracker.take(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      await expect(tracker.take(request.requestId)).resolves.toBeUndefined();
    });

    it.each([
      ['no client', {}],
      ['a URL string', 'redis://127.0.0.1:6379'],
      ['an object without call or sendCommand', { get: async () => null }],
    ])('refuses %s with a TypeError naming `client`', (_, client) => {
      expect(() => new RedisTracker({ client } as never)).toThrow(TypeError);
      expect(() => new RedisTracker({ client } as never)).toThrow(/`client` must be an ioredis client/);
    });

    it.each([0, -5, 1.5, Number.NaN, 2 ** 31])('refuses timeoutMs %s', (timeoutMs) => {
      expect(() => new RedisTracker({ client: io.client, timeoutMs })).toThrow(/`timeoutMs` must be a whole number/);
    });

    it('refuses a prefix that is not a string', () => {
      expect(() => new RedisTracker({ client: io.client, prefix: 42 as never })).toThrow(/`prefix` must be a string/);
    });

    it('rejects a TTL Redis cannot take, without sending anything', async () => {
      const tracker = new RedisTracker({ client: io.client });
      await expect(tracker.acquireLock(newId('k'), 'a', 1.5)).rejects.toThrow(RangeError);
      await expect(tracker.register(pending(newId('r')), 0)).rejects.toThrow(/`ttlMs` must be a whole number/);
    });
  });

  describe('several app instances on one Redis', () => {
    it('see each other’s locks, requests and outcomes', async () => {
      // Two connections, two trackers, two client libraries: as two deployed instances would be.
      const instanceA = new RedisTracker({ client: (await connect(ioredisClient(server.port))).client });
      const instanceB = new RedisTracker({ client: (await connect(nodeRedisClient(server.url))).client });
      const lock = newId('phone');
      const request = pending(newId('shared'));

      await expect(instanceA.acquireLock(lock, 'instance-a', 60_000)).resolves.toEqual({ acquired: true });
      await expect(instanceB.acquireLock(lock, 'instance-b', 60_000)).resolves.toMatchObject({ acquired: false });
      await expect(instanceB.releaseLock(lock, 'instance-b')).resolves.toBe(false);

      await instanceA.register(request, 60_000);
      await expect(instanceB.get(request.requestId)).resolves.toStrictEqual({ request });
      await expect(instanceB.register(request, 60_000)).resolves.toBe(false);

      await expect(instanceB.settle(request.requestId, AUTHORIZED)).resolves.toMatchObject({ status: 'settled' });
      await expect(instanceA.settle(request.requestId, { type: 'rejected', reason: 'late' })).resolves.toStrictEqual({
        status: 'already-settled',
        tracked: { request, outcome: AUTHORIZED },
      });

      await expect(instanceA.take(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      await expect(instanceB.take(request.requestId)).resolves.toBeUndefined();
      await expect(instanceA.releaseLock(lock, 'instance-a')).resolves.toBe(true);
      await expect(instanceB.acquireLock(lock, 'instance-b', 60_000)).resolves.toEqual({ acquired: true });
    });
  });

  describe('key layout and prefix', () => {
    it('stores the JSON exactly as JSON.stringify wrote it, under the documented keys, with their TTLs', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const request: PendingRequest = { ...pending(newId('layout')), lock: { key: 'phone-lock', owner: 'o-1' } };
      const lock = newId('lock');
      await tracker.acquireLock(lock, 'owner-1', 30_000);
      await tracker.register(request, 60_000);
      await tracker.settle(request.requestId, AUTHORIZED);

      const requestKey = `truecaller:req:{${request.requestId}}`;
      await expect(io.command(['GET', `truecaller:lock:${lock}`])).resolves.toBe('owner-1');
      await expect(io.command(['HGET', requestKey, 'request'])).resolves.toBe(JSON.stringify(request));
      await expect(io.command(['HGET', requestKey, 'outcome'])).resolves.toBe(JSON.stringify(AUTHORIZED));
      await expect(io.command(['HLEN', requestKey])).resolves.toBe(2);
      const lockTtl = Number(await io.command(['PTTL', `truecaller:lock:${lock}`]));
      expect(lockTtl).toBeGreaterThan(29_000);
      expect(lockTtl).toBeLessThanOrEqual(30_000);
      const requestTtl = Number(await io.command(['PTTL', requestKey]));
      expect(requestTtl).toBeGreaterThan(59_000);
      expect(requestTtl).toBeLessThanOrEqual(60_000);
    });

    it('keeps apps with different prefixes apart', async () => {
      const app1 = new RedisTracker({ client: io.client, prefix: 'app1:' });
      const app2 = new RedisTracker({ client: io.client, prefix: 'app2:' });
      const lock = newId('lock');
      const request = pending(newId('prefixed'));

      await app1.acquireLock(lock, 'owner-1', 60_000);
      await expect(app2.acquireLock(lock, 'owner-2', 60_000)).resolves.toEqual({ acquired: true });
      await expect(app2.releaseLock(lock, 'owner-1')).resolves.toBe(false);

      await expect(app1.register(request, 60_000)).resolves.toBe(true);
      await expect(app2.get(request.requestId)).resolves.toBeUndefined();
      await expect(app2.register(request, 60_000)).resolves.toBe(true);
      await app1.settle(request.requestId, AUTHORIZED);
      await expect(app2.get(request.requestId)).resolves.toStrictEqual({ request });

      await expect(io.command(['EXISTS', `app1:req:{${request.requestId}}`])).resolves.toBe(1);
      await expect(io.command(['EXISTS', `truecaller:req:{${request.requestId}}`])).resolves.toBe(0);
    });
  });

  describe('stored data it did not write', () => {
    const corruptions: [string, (key: string, requestId: string) => string[]][] = [
      ['a request that is not JSON', (key) => ['HSET', key, 'request', `{"requestId": "${TOKEN}`]],
      ['a request that is JSON but not a request', (key) => ['HSET', key, 'request', '"42"']],
      ['a request for another requestId', (key) => ['HSET', key, 'request', JSON.stringify(pending('other'))]],
      [
        'an outcome that is not JSON',
        (key, requestId) => ['HSET', key, 'request', JSON.stringify(pending(requestId)), 'outcome', `{${TOKEN}`],
      ],
      ['an outcome without a request', (key) => ['HSET', key, 'outcome', JSON.stringify(AUTHORIZED)]],
      ['a string where the hash should be', (key) => ['SET', key, TOKEN]],
    ];

    it.each(corruptions)('rejects get, settle and take on %s, quoting none of it', async (_, corrupt) => {
      const tracker = new RedisTracker({ client: io.client });
      const requestId = newId('corrupt');
      await io.command(corrupt(`truecaller:req:{${requestId}}`, requestId));

      for (const operation of [
        tracker.get(requestId),
        tracker.settle(requestId, { type: 'authorized', accessToken: `${TOKEN}-2` }),
        tracker.take(requestId),
      ]) {
        const error = await rejectionOf(operation);
        expect(error.message).toMatch(/^RedisTracker\.(get|settle|take): /);
        expect(everythingIn(error)).not.toContain(TOKEN);
        expect(everythingIn(error)).not.toContain('requestId');
      }
    });

    it('rejects on a lock key of another type instead of guessing', async () => {
      const tracker = new RedisTracker({ client: nodeRedis.client });
      const lock = newId('lock');
      await nodeRedis.command(['HSET', `truecaller:lock:${lock}`, 'owner', TOKEN]);

      const error = await rejectionOf(tracker.releaseLock(lock, TOKEN));

      expect(error.message).toContain('WRONGTYPE');
      expect(everythingIn(error)).not.toContain(TOKEN);
    });
  });

  // Last in the file: these stop, freeze and restart the server the tests above share.
  describe('when Redis is unreachable', () => {
    it('rejects within about timeoutMs while Redis is frozen, with no token in the error', async () => {
      const tracker = new RedisTracker({ client: nodeRedis.client, timeoutMs: 200 });
      const request = pending(newId('frozen'));
      await tracker.register(request, 60_000);
      await io.command(['CLIENT', 'PAUSE', '700', 'ALL']);

      const started = Date.now();
      const error = await rejectionOf(tracker.settle(request.requestId, AUTHORIZED));
      const elapsed = Date.now() - started;

      expect(error.message).toMatch(/did not answer within 200 ms/);
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(600);
      expect(everythingIn(error)).not.toContain(TOKEN);
      // Once Redis answers again, so does the tracker.
      await expect(eventually(() => tracker.get(request.requestId))).resolves.toBeDefined();
    });

    it('rejects every operation while Redis is down, then works again once it is back', async () => {
      const queued = await connect(ioredisClient(server.port, { offlineQueue: true }));
      const trackers = {
        'ioredis, no offline queue': new RedisTracker({ client: io.client, timeoutMs: 300 }),
        'node-redis, no offline queue': new RedisTracker({ client: nodeRedis.client, timeoutMs: 300 }),
        'ioredis with its default offline queue': new RedisTracker({ client: queued.client, timeoutMs: 300 }),
      };
      const request = pending(newId('down'));
      await trackers['ioredis, no offline queue'].register(request, 60_000);

      await server.stop();
      try {
        for (const [label, tracker] of Object.entries(trackers)) {
          const operations: [string, () => Promise<unknown>][] = [
            ['acquireLock', () => tracker.acquireLock(newId('lock'), 'owner', 60_000)],
            ['releaseLock', () => tracker.releaseLock(newId('lock'), 'owner')],
            ['register', () => tracker.register({ ...request, state: TOKEN }, 60_000)],
            ['get', () => tracker.get(request.requestId)],
            ['settle', () => tracker.settle(request.requestId, AUTHORIZED)],
            ['take', () => tracker.take(request.requestId)],
          ];
          for (const [operation, run] of operations) {
            const started = Date.now();
            const error = await rejectionOf(run());
            const elapsed = Date.now() - started;

            expect(error.message, `${label} ${operation}`).toMatch(new RegExp(`^RedisTracker\\.${operation}: `));
            // Without an offline queue the client fails at once; with one, our timeout ends the wait.
            expect(elapsed, `${label} ${operation}`).toBeLessThan(800);
            expect(everythingIn(error), `${label} ${operation}`).not.toContain(TOKEN);
          }
        }
      } finally {
        await server.start();
      }

      // The server restarted empty (no persistence); every client reconnects by itself.
      for (const tracker of Object.values(trackers)) {
        const fresh = pending(newId('back'));
        await expect(eventually(() => tracker.register(fresh, 60_000))).resolves.toBe(true);
        await expect(tracker.take(fresh.requestId)).resolves.toStrictEqual({ request: fresh });
      }
    });
  });
});
