// RedisTracker against a real redis-server: client shapes and protocols, options, the documented key layout,
// locks that end with the sign-in, bounded parked callbacks, script loading, data it did not write, and Redis
// going away. The contract itself is checked by describeTrackerConformance (conformance.test.ts); the faults
// of issue 6 §1 (late replies, paused writes, queued releases) by ambiguousCalls.test.ts.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type IoRedisLikeClient,
  type NodeRedisLikeClient,
  type RedisLikeClient,
  RedisTracker,
} from '../../src/redis/index.js';
import { GET } from '../../src/redis/scripts.js';
import type { ParkedCallback, PendingRequest, SignInOutcome } from '../../src/trackers/PendingRequestTracker.js';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { eventually, everythingIn, newId, rejectionOf } from '../support/redisFaults.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const TOKEN = 'SECRET-ACCESS-TOKEN-a1b2c3d4e5';
const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: TOKEN };
const REJECTED: SignInOutcome = { type: 'rejected', reason: 'user_rejected' };

function pending(requestId: string, lock?: PendingRequest['lock']): PendingRequest {
  return {
    requestId,
    phoneNumber: '919876543210',
    state: 'state-1',
    createdAt: Date.now(),
    ...(lock === undefined ? {} : { lock }),
  };
}

function parked(): ParkedCallback {
  return { outcome: AUTHORIZED, state: 'state-1', receivedAt: Date.now() };
}

/** HGETALL as an object, whatever shape the client returns it in (RESP3 maps, flat RESP2 arrays). */
async function hashAt(client: TestClient<RedisLikeClient>, key: string): Promise<Record<string, string>> {
  const reply = await client.command(['HGETALL', key]);
  if (!Array.isArray(reply)) return { ...(reply as Record<string, string>) };
  const hash: Record<string, string> = {};
  for (let i = 0; i < reply.length; i += 2) hash[String(reply[i])] = String(reply[i + 1]);
  return hash;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
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

  describe('client shapes and protocols', () => {
    it.each([
      ['ioredis, RESP3', () => ioredisClient(server.port)],
      ['ioredis, RESP2', () => ioredisClient(server.port, { protocol: 2 })],
      ['node-redis, RESP3', () => nodeRedisClient(server.url)],
      ['node-redis, RESP2', () => nodeRedisClient(server.url, { resp: 2 })],
      ['node-redis returning Buffers', () => nodeRedisClient(server.url, { buffers: true })],
    ])('runs every operation with %s', async (_, makeClient) => {
      const { client } = await connect<RedisLikeClient>(makeClient());
      const tracker = new RedisTracker({ client });
      const lock = { key: `phone:${newId('n')}`, owner: 'owner-a' };
      const request = pending(newId('protocol'), lock);

      await expect(tracker.acquireLock(lock.key, lock.owner, 60_000)).resolves.toEqual({ acquired: true });
      const held = await tracker.acquireLock(lock.key, 'b', 60_000);
      expect(held.acquired === false && held.retryAfterMs).toBeGreaterThan(59_000);
      await expect(tracker.register(request, 60_000)).resolves.toBe(true);
      await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
      await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toStrictEqual({
        status: 'pending',
        tracked: { request },
      });
      await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({
        status: 'settled',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(tracker.settle(request.requestId, REJECTED)).resolves.toStrictEqual({
        status: 'already-settled',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toStrictEqual({
        status: 'claimed',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(tracker.finish(request.requestId, 'claim-2')).resolves.toBe(false);
      await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
      await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
      await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
      await expect(tracker.acquireLock(lock.key, 'c', 60_000)).resolves.toEqual({ acquired: true });
      await expect(tracker.releaseLock(lock.key, 'c')).resolves.toBe(true);

      const removed = pending(newId('removed'));
      await tracker.register(removed, 60_000);
      await expect(tracker.remove(removed.requestId)).resolves.toStrictEqual({ request: removed });
      await expect(tracker.remove(removed.requestId)).resolves.toBeUndefined();

      const early = newId('early');
      const callback = parked();
      await expect(tracker.park(early, callback, 60_000, 1_000)).resolves.toBe('parked');
      await expect(tracker.unpark(early)).resolves.toStrictEqual(callback);
      await expect(tracker.unpark(early)).resolves.toBeUndefined();
    });
  });

  describe('options', () => {
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

    it('refuses, for an ioredis Cluster, a prefix without a hash tag, and takes one with a tag', () => {
      // Cluster clients are told apart by `isCluster`; nothing is sent at construction.
      const cluster = { isCluster: true, call: async () => null };
      expect(() => new RedisTracker({ client: cluster, prefix: 'myapp:' })).toThrow(/must contain a hash tag/);
      expect(() => new RedisTracker({ client: cluster, prefix: 'myapp:{}:' })).toThrow(/must contain a hash tag/);
      expect(() => new RedisTracker({ client: cluster, prefix: 'myapp:{tc}:' })).not.toThrow();
      expect(() => new RedisTracker({ client: cluster })).not.toThrow();
    });

    it('rejects a TTL or bound Redis cannot take, without sending anything', async () => {
      const tracker = new RedisTracker({ client: io.client });
      await expect(tracker.acquireLock(newId('k'), 'a', 1.5)).rejects.toThrow(RangeError);
      await expect(tracker.register(pending(newId('r')), 0)).rejects.toThrow(/`ttl` must be a whole number/);
      await expect(tracker.park(newId('p'), parked(), 1_000, 0)).rejects.toThrow(/`maxParked` must be a whole/);
    });
  });

  describe('key layout and prefix', () => {
    it('stores the JSON as JSON.stringify wrote it, under the documented keys, with their TTLs', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const lock = { key: `phone:${newId('n')}`, owner: 'o-1' };
      const request = pending(newId('layout'), lock);
      await tracker.acquireLock(lock.key, lock.owner, 30_000);
      await tracker.register(request, 60_000);
      await tracker.settle(request.requestId, AUTHORIZED);

      const lockKey = `{truecaller}:lock:${sha256Hex(lock.key)}`;
      const requestKey = `{truecaller}:req:${request.requestId}`;
      await expect(io.command(['GET', lockKey])).resolves.toBe('o-1');
      await expect(hashAt(io, requestKey)).resolves.toStrictEqual({
        request: JSON.stringify(request),
        outcome: JSON.stringify(AUTHORIZED),
        lock: sha256Hex(lock.key),
        owner: 'o-1',
      });
      const lockTtl = Number(await io.command(['PTTL', lockKey]));
      expect(lockTtl).toBeGreaterThan(29_000);
      expect(lockTtl).toBeLessThanOrEqual(30_000);
      const requestTtl = Number(await io.command(['PTTL', requestKey]));
      expect(requestTtl).toBeGreaterThan(59_000);
      expect(requestTtl).toBeLessThanOrEqual(60_000);
    });

    it('leaves only a marker with the claimId after finish, until the original expiry', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const request = pending(newId('marker'), { key: `phone:${newId('n')}`, owner: 'o-1' });
      await tracker.register(request, 60_000);
      await tracker.settle(request.requestId, AUTHORIZED);
      await tracker.claim(request.requestId, 'claim-9');

      await expect(tracker.finish(request.requestId, 'claim-9')).resolves.toBe(true);

      const requestKey = `{truecaller}:req:${request.requestId}`;
      await expect(hashAt(io, requestKey)).resolves.toStrictEqual({ finished: 'claim-9' });
      expect(Number(await io.command(['PTTL', requestKey]))).toBeGreaterThan(50_000);
      await expect(tracker.register(request, 60_000)).resolves.toBe(false);
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
      await app1.park(request.requestId, parked(), 60_000, 10);
      await expect(app2.unpark(request.requestId)).resolves.toBeUndefined();

      await expect(io.command(['EXISTS', `app1:req:${request.requestId}`])).resolves.toBe(1);
      await expect(io.command(['EXISTS', `{truecaller}:req:${request.requestId}`])).resolves.toBe(0);
    });

    it('frees locks under an ioredis keyPrefix too (the scripts derive the lock key from the request key)', async () => {
      const prefixed = new Redis({ host: '127.0.0.1', port: server.port, keyPrefix: 'shop:', lazyConnect: true });
      await prefixed.connect();
      try {
        const tracker = new RedisTracker({ client: prefixed });
        const lock = { key: `phone:${newId('n')}`, owner: 'o-1' };
        const request = pending(newId('key-prefix'), lock);
        await tracker.acquireLock(lock.key, lock.owner, 60_000);
        await tracker.register(request, 60_000);
        await expect(io.command(['EXISTS', `shop:{truecaller}:lock:${sha256Hex(lock.key)}`])).resolves.toBe(1);

        await expect(tracker.remove(request.requestId)).resolves.toStrictEqual({ request });

        await expect(io.command(['EXISTS', `shop:{truecaller}:lock:${sha256Hex(lock.key)}`])).resolves.toBe(0);
        await expect(tracker.acquireLock(lock.key, 'o-2', 60_000)).resolves.toEqual({ acquired: true });
      } finally {
        prefixed.disconnect();
      }
    });
  });

  describe('the lock ends with the sign-in, in the same script', () => {
    async function lockedRequest(tracker: RedisTracker, label: string) {
      const lock = { key: `phone:${newId(label)}`, owner: `owner-${newId('o')}` };
      await tracker.acquireLock(lock.key, lock.owner, 60_000);
      const request = pending(newId(label), lock);
      await tracker.register(request, 60_000);
      return { lock, request };
    }

    it('frees it on finish, on remove and on a rejection, and keeps it on an approval', async () => {
      const tracker = new RedisTracker({ client: nodeRedis.client });
      const finished = await lockedRequest(tracker, 'finish');
      const removed = await lockedRequest(tracker, 'remove');
      const declined = await lockedRequest(tracker, 'decline');
      const approved = await lockedRequest(tracker, 'approve');

      await tracker.settle(finished.request.requestId, AUTHORIZED);
      await tracker.claim(finished.request.requestId, 'c');
      await tracker.finish(finished.request.requestId, 'c');
      await tracker.remove(removed.request.requestId);
      await tracker.settle(declined.request.requestId, REJECTED);
      await tracker.settle(approved.request.requestId, AUTHORIZED);

      for (const { lock } of [finished, removed, declined]) {
        await expect(tracker.acquireLock(lock.key, 'next', 60_000)).resolves.toEqual({ acquired: true });
      }
      await expect(tracker.acquireLock(approved.lock.key, 'next', 60_000)).resolves.toMatchObject({ acquired: false });
    });

    it('never frees a lock somebody else took after this one expired (compare-and-delete on the owner)', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const { lock, request } = await lockedRequest(tracker, 'retaken');
      await tracker.releaseLock(lock.key, lock.owner); // as if its TTL had passed
      await tracker.acquireLock(lock.key, 'the-next-sign-in', 60_000);

      await tracker.settle(request.requestId, REJECTED);

      await expect(tracker.releaseLock(lock.key, 'the-next-sign-in')).resolves.toBe(true);
    });
  });

  describe('parked callbacks', () => {
    it('answers full at maxParked, keeping every callback already parked and growing nothing', async () => {
      const prefix = `{park-${newId('flood')}}:`;
      // 500 calls at once: a generous timeout, so a loaded machine does not turn this into a timeout test.
      const tracker = new RedisTracker({ client: io.client, prefix, timeoutMs: 10_000 });
      const victims = [newId('victim-1'), newId('victim-2')];
      for (const id of victims) await expect(tracker.park(id, parked(), 60_000, 50)).resolves.toBe('parked');

      const flood = await Promise.all(
        Array.from({ length: 500 }, (_, i) => tracker.park(`unknown-${i}`, parked(), 60_000, 50)),
      );

      expect(flood.filter((result) => result === 'parked')).toHaveLength(48);
      expect(flood.filter((result) => result === 'full')).toHaveLength(452);
      await expect(io.command(['ZCARD', `${prefix}parked`])).resolves.toBe(50);
      const keys = (await io.command(['KEYS', `${prefix}park:*`])) as string[];
      expect(keys).toHaveLength(50);
      for (const id of victims) await expect(tracker.unpark(id)).resolves.toMatchObject({ outcome: AUTHORIZED });
    });

    it('keeps the first callback parked under an id; a second one changes nothing', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const id = newId('twice');
      const first = parked();

      await tracker.park(id, first, 60_000, 10);
      await expect(tracker.park(id, { ...first, state: 'other' }, 60_000, 10)).resolves.toBe('parked');

      await expect(tracker.unpark(id)).resolves.toStrictEqual(first);
    });

    it('makes room again once parked callbacks expire, and the index expires with them', async () => {
      const prefix = `{park-${newId('expiry')}}:`;
      const tracker = new RedisTracker({ client: nodeRedis.client, prefix });
      await tracker.park(newId('a'), parked(), 150, 1);
      await expect(tracker.park(newId('b'), parked(), 150, 1)).resolves.toBe('full');

      await new Promise((resolve) => setTimeout(resolve, 300));

      await expect(io.command(['EXISTS', `${prefix}parked`])).resolves.toBe(0);
      await expect(tracker.park(newId('c'), parked(), 60_000, 1)).resolves.toBe('parked');
    });
  });

  describe('scripts', () => {
    it.each([
      ['ioredis', () => io.client],
      ['node-redis', () => nodeRedis.client],
    ])('reloads them with EVAL when Redis has forgotten them (NOSCRIPT), with %s', async (_, client) => {
      const tracker = new RedisTracker({ client: client() });
      const request = pending(newId('noscript'));
      await tracker.register(request, 60_000);

      await io.command(['SCRIPT', 'FLUSH']);

      await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
      // The fallback loaded it: the next call runs by SHA-1 alone.
      await expect(io.command(['SCRIPT', 'EXISTS', GET.sha1])).resolves.toStrictEqual([1]);
    });
  });

  describe('stored data it did not write', () => {
    const corruptions: [string, (key: string, requestId: string) => string[]][] = [
      ['a request that is not JSON', (key) => ['HSET', key, 'request', `{"requestId": "${TOKEN}`]],
      ['a request that is JSON but not a request', (key) => ['HSET', key, 'request', '"42"']],
      ['a request for another requestId', (key) => ['HSET', key, 'request', JSON.stringify(pending('other'))]],
      ['an encrypted request', (key) => ['HSET', key, 'request', `tcenc1.00000000.${TOKEN}`]],
      [
        'an outcome that is not JSON',
        (key, requestId) => ['HSET', key, 'request', JSON.stringify(pending(requestId)), 'outcome', `{${TOKEN}`],
      ],
      ['an outcome without a request', (key) => ['HSET', key, 'outcome', JSON.stringify(AUTHORIZED)]],
    ];

    it.each(corruptions)('rejects get, settle, claim and remove on %s, quoting none of it', async (_, corrupt) => {
      const tracker = new RedisTracker({ client: io.client });
      const requestId = newId('corrupt');
      const key = `{truecaller}:req:${requestId}`;

      for (const operation of [
        () => tracker.get(requestId),
        () => tracker.settle(requestId, { type: 'authorized', accessToken: `${TOKEN}-2` }),
        () => tracker.claim(requestId, 'claim'),
        () => tracker.remove(requestId),
      ]) {
        await io.command(['DEL', key]);
        await io.command(corrupt(key, requestId));
        const error = await rejectionOf(operation());
        expect(error.message).toMatch(/^RedisTracker\.(get|settle|claim|remove): /);
        expect(everythingIn(error)).not.toContain(TOKEN);
        expect(everythingIn(error)).not.toContain('requestId');
      }
    });

    it('rejects on keys of another type instead of guessing', async () => {
      const tracker = new RedisTracker({ client: nodeRedis.client });
      const lock = newId('lock');
      const requestId = newId('string');
      await nodeRedis.command(['HSET', `{truecaller}:lock:${sha256Hex(lock)}`, 'owner', TOKEN]);
      await nodeRedis.command(['SET', `{truecaller}:req:${requestId}`, TOKEN]);

      for (const operation of [
        () => tracker.releaseLock(lock, TOKEN),
        () => tracker.get(requestId),
        () => tracker.finish(requestId, 'c'),
      ]) {
        const error = await rejectionOf(operation());
        expect(error.message).toContain('WRONGTYPE');
        expect(everythingIn(error)).not.toContain(TOKEN);
      }
    });

    it('rejects a parked callback it did not write', async () => {
      const tracker = new RedisTracker({ client: io.client });
      const id = newId('bad-park');
      await io.command(['SET', `{truecaller}:park:${id}`, JSON.stringify({ outcome: { type: 'x' }, token: TOKEN })]);

      const error = await rejectionOf(tracker.unpark(id));

      expect(error.message).toMatch(/^RedisTracker\.unpark: the stored parked callback is not/);
      expect(everythingIn(error)).not.toContain(TOKEN);
    });
  });

  // Last in the file: these stop, freeze and restart the server the tests above share.
  describe('when Redis is unreachable', () => {
    it('rejects once timeoutMs passes while Redis is frozen, with no token in the error', async () => {
      const tracker = new RedisTracker({ client: nodeRedis.client, timeoutMs: 200 });
      const request = pending(newId('frozen'));
      await tracker.register(request, 60_000);
      await io.command(['CLIENT', 'PAUSE', '700', 'ALL']);

      const error = await rejectionOf(tracker.settle(request.requestId, AUTHORIZED));

      expect(error.message).toMatch(/^RedisTracker\.settle: Redis did not answer within 200 ms/);
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
            ['claim', () => tracker.claim(request.requestId, 'claim')],
            ['finish', () => tracker.finish(request.requestId, 'claim')],
            ['remove', () => tracker.remove(request.requestId)],
            ['park', () => tracker.park(request.requestId, parked(), 1_000, 10)],
            ['unpark', () => tracker.unpark(request.requestId)],
          ];
          for (const [operation, run] of operations) {
            const error = await rejectionOf(run());

            expect(error.message, `${label} ${operation}`).toMatch(new RegExp(`^RedisTracker\\.${operation}: `));
            // Without an offline queue the client itself fails; with one, our timeout ends the wait.
            expect(error.message, `${label} ${operation}`).toMatch(
              label.includes('offline queue') && !label.includes('no offline')
                ? /did not answer within 300 ms/
                : /the Redis client failed/,
            );
            expect(everythingIn(error), `${label} ${operation}`).not.toContain(TOKEN);
          }
        }
      } finally {
        await server.start();
      }

      // The server restarted empty (no persistence, no scripts); every client reconnects by itself.
      for (const tracker of Object.values(trackers)) {
        const fresh = pending(newId('back'));
        await expect(eventually(() => tracker.register(fresh, 60_000))).resolves.toBe(true);
        await expect(tracker.remove(fresh.requestId)).resolves.toStrictEqual({ request: fresh });
      }
    });
  });
});
