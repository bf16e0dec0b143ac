// The README's Redis setup, against a real redis-server: with the offline queue off (so a store outage fails
// closed at once), the first sign-in after a cold start works only if the app waits for the connection.
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { TruecallerClient } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { redisTracker } from '../../examples/config.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';
import { APP_KEY, browserRequest, read, routesFor, useFakeTruecaller } from './support.js';

useFakeTruecaller();

describe.runIf(shouldRunRedisSuites())('a Redis tracker right after start-up', () => {
  let server: RedisServer;
  const clients: { quit(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.allSettled(clients.map((client) => client.quit()));
    await server.stop();
  });

  // Each test starts on an empty store (the number's lock of the test before would answer 429).
  beforeEach(async () => {
    const admin = new Redis(server.url);
    await admin.flushall();
    await admin.quit();
  });

  const firstStart = (client: TruecallerClient) =>
    routesFor(client).start(browserRequest('/signin/truecaller', { body: { phoneNumber: '+46 76 123 45 67' } }));

  test('ioredis with lazyConnect and an awaited connect(): the first sign-in starts', async () => {
    const redis = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    clients.push(redis);
    await redis.connect();
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: new RedisTracker({ client: redis }) });

    expect((await firstStart(client)).status).toBe(200);
  });

  test('node-redis with an awaited connect(): the first sign-in starts', async () => {
    const redis = await createClient({ url: server.url, disableOfflineQueue: true }).connect();
    clients.push(redis);
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: new RedisTracker({ client: redis }) });

    expect((await firstStart(client)).status).toBe(200);
  });

  test("the examples' redisTracker() is ready when it resolves", async () => {
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: await redisTracker(server.url) });

    expect((await firstStart(client)).status).toBe(200);
  });

  test('without the wait, the first sign-in fails closed with 503 (what the README setup avoids)', async () => {
    // The first command is sent before the connection is ready (here deterministically: connect() was never
    // called, so the command starts the connection and, with the queue off, is refused at once).
    const redis = new Redis(server.url, { enableOfflineQueue: false, lazyConnect: true });
    clients.push(redis);
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: new RedisTracker({ client: redis }) });

    expect(await read(await firstStart(client))).toMatchObject({ status: 503, body: { error: 'tracker_error' } });
  });
});
