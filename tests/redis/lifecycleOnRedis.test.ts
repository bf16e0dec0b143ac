// The whole sign-in across app instances that share one real redis-server: the start on one instance,
// Truecaller's callback on another, the browser's polls on a third. Run with ioredis and node-redis, each with
// its offline queue off and on. msw stands in for Truecaller only; Redis is real. The faults of issue 6 §1 are
// real too: replies that come after the tracker's timeout (a client wrapper: the command runs, its reply is
// late), CLIENT PAUSE 2000 WRITE (what a failover issues), and Redis stopping in the middle of a start.
import { randomBytes } from 'node:crypto';
import { RequestPendingError, TrackerError, TruecallerClient, UnknownRequestError } from 'truecaller-web-login';
import { type RedisLikeClient, RedisTracker } from 'truecaller-web-login/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { eventually, lateReplies, newId, rejectionOf } from '../support/redisFaults.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';
import {
  APP_KEY,
  expectFailsClosed,
  expectSignInAcrossInstances,
  PHONE,
  TOKEN,
  useStoreTruecaller,
} from '../support/storeLifecycle.js';

type Connect = (server: RedisServer) => Promise<TestClient<RedisLikeClient>>;
const flavours: [string, Connect][] = [
  ['ioredis, offline queue off', (server) => ioredisClient(server.port)],
  ['ioredis, offline queue on', (server) => ioredisClient(server.port, { offlineQueue: true })],
  ['node-redis, offline queue off', (server) => nodeRedisClient(server.url)],
  ['node-redis, offline queue on', (server) => nodeRedisClient(server.url, { offlineQueue: true })],
];

interface InstanceOptions {
  /** Replies reach this instance's tracker this many ms late (after its 300 ms timeout). */
  lateBy?: number;
  encryptionKey?: string;
}

describe.runIf(shouldRunRedisSuites())('the sign-in lifecycle on Redis', () => {
  const truecaller = useStoreTruecaller();
  let server: RedisServer;
  let admin: TestClient<RedisLikeClient>;
  const connections: TestClient<RedisLikeClient>[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
    admin = await ioredisClient(server.port);
  });
  afterAll(async () => {
    for (const connection of connections) connection.close();
    admin?.close();
    await server?.stop();
  });

  /** How many number locks are held under `prefix`. */
  async function locksLeft(prefix: string): Promise<number> {
    return ((await admin.command(['KEYS', `${prefix}lock:*`])) as string[]).length;
  }

  describe.each(flavours)('with %s', (_name, connect) => {
    /** One app instance: its own Redis connection, its own client, a shared store. */
    async function instance(prefix: string, options: InstanceOptions = {}): Promise<TruecallerClient> {
      const connection = await connect(server);
      connections.push(connection);
      const client = options.lateBy === undefined ? connection.client : lateReplies(connection.client, options.lateBy);
      const tracker = new RedisTracker({
        client,
        prefix,
        timeout: 300,
        ...(options.encryptionKey === undefined ? {} : { encryptionKey: options.encryptionKey }),
      });
      return new TruecallerClient({ appKey: APP_KEY, tracker });
    }

    function newPrefix(): string {
      return `{t-${crypto.randomUUID()}}:`;
    }

    it.each([
      ['', undefined],
      [' with encryptionKey', randomBytes(32).toString('base64')],
    ])('completes a sign-in started on one instance, called back on another, polled on a third%s', async (_, key) => {
      const prefix = newPrefix();
      const options = key === undefined ? {} : { encryptionKey: key };
      const instances = [
        await instance(prefix, options),
        await instance(prefix, options),
        await instance(prefix, options),
      ] as const;

      await expectSignInAcrossInstances(instances);

      expect(await locksLeft(prefix)).toBe(0);
    });

    it('shares the per-number lock: a second start on another instance sends nothing', async () => {
      const prefix = newPrefix();
      const [a, b] = [await instance(prefix), await instance(prefix)];

      await a.requestAuthorization({ phoneNumber: PHONE });
      const second = b.requestAuthorization({ phoneNumber: PHONE });

      await expect(second).rejects.toBeInstanceOf(RequestPendingError);
      expect(truecaller.startCalls).toBe(1);
    });

    it('delivers a redelivered callback as a duplicate on any instance, and a decline frees the number', async () => {
      const prefix = newPrefix();
      const [a, b, c] = [await instance(prefix), await instance(prefix), await instance(prefix)];
      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE });
      const callback = { requestId, status: 'user_rejected' };

      const receipts = await Promise.all([b.handleCallback(callback), c.handleCallback(callback)]);

      expect(receipts.map((receipt) => receipt.duplicate).sort()).toEqual([false, true]);
      // The decline freed the number at once, before anyone polled.
      await expect(b.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
      expect(await a.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
    });

    it('keeps a callback that comes before the start is recorded, and the start adopts it', async () => {
      const prefix = newPrefix();
      const [a, b, c] = [await instance(prefix), await instance(prefix), await instance(prefix)];
      // Truecaller calls back (the user approved fast) before it answers the start POST.
      let early: unknown;
      truecaller.onStart = async (requestId) => {
        early = await b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-1' }).catch((error) => error);
      };

      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE, state: 'session-1' });

      // The callback's sender heard "unknown" (the request was not recorded yet); the callback was kept anyway.
      expect(early).toBeInstanceOf(UnknownRequestError);
      await expect(c.completeSignIn(requestId, { state: 'session-1' })).resolves.toMatchObject({
        status: 'completed',
        phoneNumber: PHONE,
      });
      expect(await locksLeft(prefix)).toBe(0);
      expect((await admin.command(['KEYS', `${prefix}park*`])) as string[]).toEqual([]);
    });

    it('lets the user retry at once after a start whose acquireLock reply came too late', async () => {
      const prefix = newPrefix();
      const [slow, b] = [await instance(prefix, { lateBy: 500 }), await instance(prefix)];

      const error = await rejectionOf(slow.requestAuthorization({ phoneNumber: PHONE, state: 'session-1' }));

      expect(error).toBeInstanceOf(TrackerError);
      expect(truecaller.startCalls).toBe(0);
      // The acquire ran in Redis, and so did the release that undid it: the retry is not told to wait 5 minutes.
      const { requestId } = await b.requestAuthorization({ phoneNumber: PHONE, state: 'session-1' });
      expect(truecaller.startCalls).toBe(1);
      await b.handleCallback({ requestId, accessToken: TOKEN, state: 'session-1' });
      await expect(b.completeSignIn(requestId, { state: 'session-1' })).resolves.toMatchObject({ status: 'completed' });
      expect(await locksLeft(prefix)).toBe(0);
    });

    it('loses no approved sign-in to a poll whose claim reply came too late, and frees the number', async () => {
      const prefix = newPrefix();
      const [a, slow] = [await instance(prefix), await instance(prefix, { lateBy: 500 })];
      const { requestId } = await a.requestAuthorization({ phoneNumber: PHONE, state: 'session-1' });
      await a.handleCallback({ requestId, accessToken: TOKEN, state: 'session-1' });

      await expect(slow.completeSignIn(requestId, { state: 'session-1' })).rejects.toBeInstanceOf(TrackerError);

      // The claim ran, but a claim deletes nothing: the next poll with the same state completes the sign-in.
      await expect(a.completeSignIn(requestId, { state: 'session-1' })).resolves.toMatchObject({
        status: 'completed',
        phoneNumber: PHONE,
      });
      expect(await locksLeft(prefix)).toBe(0);
      await expect(a.requestAuthorization({ phoneNumber: PHONE })).resolves.toMatchObject({ phoneNumber: PHONE });
    });

    it('does not invite a second prompt when Redis dies while Truecaller answers the start', async () => {
      const prefix = newPrefix();
      const [a, b] = [await instance(prefix), await instance(prefix)];
      // Redis dies while Truecaller is answering the start call: the lock was taken, the record can't be.
      truecaller.onStart = () => server.stop();

      try {
        const error = await rejectionOf(a.requestAuthorization({ phoneNumber: PHONE }));
        // The phone is prompting: the user is told to wait, not that the start failed.
        expect(error).toBeInstanceOf(RequestPendingError);
        expect(error.cause).toBeInstanceOf(TrackerError);
        truecaller.onStart = async () => {};
        // While it is down every step fails closed, and nothing is sent to Truecaller.
        await expectFailsClosed([b, b, b], truecaller, '46761234568');
      } finally {
        await server.start();
      }

      // The server restarted empty (no persistence): once the clients have reconnected, the number signs in again.
      await expect(eventually(() => b.requestAuthorization({ phoneNumber: PHONE }))).resolves.toMatchObject({
        phoneNumber: PHONE,
      });
    });
  });

  it('lets every client retry a start that waited out CLIENT PAUSE 2000 WRITE, and leaves no lock behind', async () => {
    const prefix = `{paused-${newId('p')}}:`;
    const clients = await Promise.all(
      flavours.map(async ([, connect]) => {
        const connection = await connect(server);
        connections.push(connection);
        return new TruecallerClient({
          appKey: APP_KEY,
          tracker: new RedisTracker({ client: connection.client, prefix, timeout: 300 }),
        });
      }),
    );
    const phones = clients.map((_, i) => `4676123450${i}`);

    await admin.command(['CLIENT', 'PAUSE', '2000', 'WRITE']);
    const failures = await Promise.all(
      clients.map((client, i) => rejectionOf(client.requestAuthorization({ phoneNumber: phones[i] ?? '' }))),
    );

    for (const error of failures) expect(error).toBeInstanceOf(TrackerError);
    expect(truecaller.startCalls).toBe(0);
    // Each acquire ran after the pause, followed by its undo, on the same connection: once Redis takes writes
    // again, every user's retry goes through (none is told to wait for the lock's 5 minutes).
    const started = await Promise.all(
      clients.map((client, i) => eventually(() => client.requestAuthorization({ phoneNumber: phones[i] ?? '' }))),
    );
    expect(truecaller.startCalls).toBe(clients.length);
    for (const [i, { requestId }] of started.entries()) {
      const client = clients[i] as TruecallerClient;
      await client.handleCallback({ requestId, status: 'user_rejected' });
      await expect(client.completeSignIn(requestId)).resolves.toMatchObject({ status: 'rejected' });
    }
    expect(await locksLeft(prefix)).toBe(0);
  });
});
