// Issue 6 §1 at the tracker level, on a real redis-server with both clients, offline queue on and off: a call
// that times out may still run, now or later. The tracker's part of the guarantee is that whatever undoes or ends
// it (releaseLock, finish, a repeated claim) still works, in the order the connection sends commands:
// - late replies (a client wrapper delays every reply past timeoutMs: the command has run);
// - CLIENT PAUSE 2000 WRITE (what a failover issues): commands wait inside Redis and run after the pause;
// - an offline queue that replays commands once the network is back (a TCP proxy cuts the connection while
//   redis-server keeps its data and scripts).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisLikeClient, RedisTracker } from '../../src/redis/index.js';
import { ALL_SCRIPTS } from '../../src/redis/scripts.js';
import type { PendingRequest, SignInOutcome } from '../../src/trackers/PendingRequestTracker.js';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { eventually, lateReplies, newId, rejectionOf, sleep } from '../support/redisFaults.js';
import { type RedisProxy, startRedisProxy } from '../support/redisProxy.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: 'token-for-ambiguous-calls' };
const REJECTED: SignInOutcome = { type: 'rejected', reason: 'user_rejected' };
const LONG = 60_000;

interface Variant {
  library: 'ioredis' | 'node-redis';
  offlineQueue: boolean;
}

const variants: [string, Variant][] = [
  ['ioredis, offline queue off', { library: 'ioredis', offlineQueue: false }],
  ['ioredis, offline queue on', { library: 'ioredis', offlineQueue: true }],
  ['node-redis, offline queue off', { library: 'node-redis', offlineQueue: false }],
  ['node-redis, offline queue on', { library: 'node-redis', offlineQueue: true }],
];

function connect(variant: Variant, port: number): Promise<TestClient<RedisLikeClient>> {
  return variant.library === 'ioredis'
    ? ioredisClient(port, { offlineQueue: variant.offlineQueue })
    : nodeRedisClient(`redis://127.0.0.1:${port}`, { offlineQueue: variant.offlineQueue });
}

/** Whether the client currently has a usable connection (ioredis `status`, node-redis `isReady`). */
function isConnected(client: RedisLikeClient): boolean {
  const { status, isReady } = client as { status?: unknown; isReady?: unknown };
  return status === 'ready' || isReady === true;
}

function lockedRequest(owner: string): PendingRequest {
  return {
    requestId: newId('request'),
    phoneNumber: '919876543210',
    state: 'state',
    createdAt: Date.now(),
    lock: { key: `phone:${newId('number')}`, owner },
  };
}

describe.runIf(shouldRunRedisSuites())('RedisTracker when a call is ambiguous', () => {
  let server: RedisServer;
  let admin: TestClient<RedisLikeClient>;
  const opened: TestClient<RedisLikeClient>[] = [];
  const proxies: RedisProxy[] = [];

  async function open(variant: Variant, port = server.port): Promise<TestClient<RedisLikeClient>> {
    const client = await connect(variant, port);
    opened.push(client);
    return client;
  }

  /** Whether the lock `key` exists under `prefix`, read on the admin connection. */
  async function lockExists(prefix: string, key: string): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest('hex');
    return (await admin.command(['EXISTS', `${prefix}lock:${digest}`])) === 1;
  }

  beforeAll(async () => {
    server = await startRedisServer();
    admin = await ioredisClient(server.port);
    // As in production after the first sign-in: Redis has the scripts. (Without them, a timed-out call's
    // NOSCRIPT ends it unrun; see the last test.)
    await loadScripts();
  });

  async function loadScripts(): Promise<void> {
    for (const script of ALL_SCRIPTS) await admin.command(['SCRIPT', 'LOAD', script.source]);
  }

  afterAll(async () => {
    for (const client of opened) client.close();
    for (const proxy of proxies) await proxy.close();
    admin?.close();
    await server?.stop();
  });

  describe.each(variants)('with %s', (_, variant) => {
    /** One tracker whose replies come 300 ms after its 100 ms timeout, one that answers normally. */
    async function trackers() {
      const prefix = `{ambiguous-${newId('p')}}:`;
      const client = await open(variant);
      return {
        prefix,
        late: new RedisTracker({ client: lateReplies(client.client, 300), prefix, timeoutMs: 100 }),
        prompt: new RedisTracker({ client: client.client, prefix }),
      };
    }

    it('undoes an acquireLock whose reply came too late with releaseLock, so the retry gets the number', async () => {
      const { late, prompt } = await trackers();
      const key = `phone:${newId('number')}`;

      await expect(late.acquireLock(key, 'owner-1', LONG)).rejects.toThrow(/did not answer within 100 ms/);
      // It did run: the number is locked, by an owner the caller knows.
      await expect(prompt.acquireLock(key, 'someone-else', LONG)).resolves.toMatchObject({ acquired: false });

      await expect(late.releaseLock(key, 'owner-1')).rejects.toThrow(/did not answer within 100 ms/);

      await expect(prompt.acquireLock(key, 'the-retry', LONG)).resolves.toEqual({ acquired: true });
    });

    it('loses no approved sign-in to a claim whose reply came too late, and frees the number at the end', async () => {
      const { late, prompt } = await trackers();
      const request = lockedRequest('owner-1');
      const lockKey = request.lock?.key ?? '';
      await prompt.acquireLock(lockKey, 'owner-1', LONG);
      await prompt.register(request, LONG);
      await prompt.settle(request.requestId, AUTHORIZED);

      await expect(late.claim(request.requestId, 'claim-lost')).rejects.toThrow(/did not answer/);

      // The next poll claims it over and completes it; the vanished claim can no longer finish it.
      await expect(prompt.claim(request.requestId, 'claim-next')).resolves.toStrictEqual({
        status: 'claimed',
        tracked: { request, outcome: AUTHORIZED },
      });
      await expect(prompt.finish(request.requestId, 'claim-lost')).resolves.toBe(false);
      await expect(late.finish(request.requestId, 'claim-next')).rejects.toThrow(/did not answer/);
      // A finish that ran but whose reply was lost is repeated, and says it is this claim's.
      await expect(prompt.finish(request.requestId, 'claim-next')).resolves.toBe(true);
      await expect(prompt.acquireLock(lockKey, 'next-sign-in', LONG)).resolves.toEqual({ acquired: true });
    });

    it('tells a repeated register and settle apart from somebody else’s after their replies came too late', async () => {
      const { late, prompt } = await trackers();
      const request = lockedRequest('owner-1');
      const lockKey = request.lock?.key ?? '';
      await prompt.acquireLock(lockKey, 'owner-1', LONG);

      await expect(late.register(request, LONG)).rejects.toThrow(/did not answer/);
      await expect(prompt.register(request, LONG)).resolves.toBe(false);
      // ...and the SDK recognizes its own request by the lock owner it chose.
      await expect(prompt.get(request.requestId)).resolves.toStrictEqual({ request });

      await expect(late.settle(request.requestId, REJECTED)).rejects.toThrow(/did not answer/);
      // The decline was recorded and freed the number in the same script.
      await expect(prompt.acquireLock(lockKey, 'next-sign-in', LONG)).resolves.toEqual({ acquired: true });
      await expect(prompt.settle(request.requestId, REJECTED)).resolves.toMatchObject({ status: 'already-settled' });
    });

    it('never runs a timed-out acquire whose NOSCRIPT came late, and runs its release at once', async () => {
      const { prefix, late, prompt } = await trackers();
      const [held, key] = [`phone:${newId('held')}`, `phone:${newId('number')}`];
      await prompt.acquireLock(held, 'owner-held', LONG);
      // As after a failover or restart: Redis has no scripts, so each call first gets NOSCRIPT.
      await admin.command(['SCRIPT', 'FLUSH']);
      try {
        await expect(late.acquireLock(key, 'owner-1', LONG)).rejects.toThrow(/did not answer within 100 ms/);
        await expect(late.releaseLock(held, 'owner-held')).rejects.toThrow(/did not answer within 100 ms/);

        // The release went as EVAL, so it ran at once, without waiting for a NOSCRIPT...
        expect(await lockExists(prefix, held)).toBe(false);
        // ...while the acquire, told it failed, was not sent again once its late NOSCRIPT came.
        await sleep(400);
        expect(await lockExists(prefix, key)).toBe(false);
      } finally {
        await loadScripts();
      }
    });

    it('runs a release issued while the network is down once it is back, behind the acquire it undoes', async () => {
      const proxy = await startRedisProxy(server.port);
      proxies.push(proxy);
      const client = await open(variant, proxy.port);
      const prefix = `{offline-${newId('p')}}:`;
      const tracker = new RedisTracker({ client: client.client, prefix, timeoutMs: 300 });
      const [held, undone, control] = [newId('held'), newId('undone'), newId('control')];
      await tracker.acquireLock(held, 'owner-held', LONG);

      await proxy.cut();
      await eventually(async () => {
        if (isConnected(client.client)) throw new Error('still connected');
      });
      // A sign-in ends (its lock is released) and another starts (acquire, undone at once), both unanswered.
      const failures = await Promise.all([
        rejectionOf(tracker.releaseLock(held, 'owner-held')),
        rejectionOf(tracker.acquireLock(undone, 'owner-undone', LONG)),
        rejectionOf(tracker.acquireLock(control, 'owner-control', LONG)),
      ]);
      failures.push(await rejectionOf(tracker.releaseLock(undone, 'owner-undone')));
      for (const error of failures) {
        expect(error.message).toMatch(
          variant.offlineQueue ? /did not answer within 300 ms/ : /the Redis client failed/,
        );
      }
      await proxy.restore();
      // One answered call on the same connection: everything queued before it has run (FIFO).
      await eventually(() => tracker.get(newId('probe')));

      expect(await lockExists(prefix, undone)).toBe(false);
      // With a queue, the release was queued, not dropped, and freed the lock. Without one it failed at once
      // (the caller knows it did not run) and the lock waits for its TTL.
      expect(await lockExists(prefix, held)).toBe(!variant.offlineQueue);
      // The acquire nobody undid shows what each client does with a command it timed out: ioredis replays it
      // (the reason for the release behind it); node-redis drops it unsent; without a queue it never left.
      expect(await lockExists(prefix, control)).toBe(variant.library === 'ioredis' && variant.offlineQueue);
    });
  });

  it('undoes acquires that wait out CLIENT PAUSE 2000 WRITE with releases queued behind them, on every client', async () => {
    const prefix = `{paused-${newId('p')}}:`;
    const trackers = await Promise.all(
      variants.map(
        async ([, variant]) => new RedisTracker({ client: (await open(variant)).client, prefix, timeoutMs: 300 }),
      ),
    );
    const undone = trackers.map(() => `phone:${newId('undone')}`);
    const control = trackers.map(() => `phone:${newId('control')}`);

    await admin.command(['CLIENT', 'PAUSE', '2000', 'WRITE']);
    await Promise.all(
      trackers.map(async (tracker, i) => {
        const [acquire, controlAcquire] = await Promise.all([
          rejectionOf(tracker.acquireLock(undone[i] ?? '', 'owner', LONG)),
          rejectionOf(tracker.acquireLock(control[i] ?? '', 'owner', LONG)),
        ]);
        expect(acquire.message).toMatch(/did not answer within 300 ms/);
        expect(controlAcquire.message).toMatch(/did not answer within 300 ms/);
        await expect(tracker.releaseLock(undone[i] ?? '', 'owner')).rejects.toThrow(/did not answer/);
      }),
    );
    // Each tracker's own connection answers once the pause is over, after what it queued before.
    for (const tracker of trackers) await eventually(() => tracker.get(newId('probe')));

    for (const [i] of trackers.entries()) {
      // The acquires ran after the pause (the control lock is held), and the releases behind them freed theirs.
      expect(await lockExists(prefix, control[i] ?? '')).toBe(true);
      expect(await lockExists(prefix, undone[i] ?? '')).toBe(false);
    }
  });
});
