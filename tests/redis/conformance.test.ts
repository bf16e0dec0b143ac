// The tracker contract (describeTrackerConformance, the suite users run on their own trackers) on RedisTracker
// against a real redis-server: with ioredis and node-redis, with and without encryptionKey.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { type IoRedisLikeClient, type NodeRedisLikeClient, RedisTracker } from '../../src/redis/index.js';
import { describeTrackerConformance } from '../../src/testing/index.js';
import { ioredisClient, nodeRedisClient, type TestClient } from '../support/redisClients.js';
import { type RedisServer, shouldRunRedisSuites, startRedisServer } from '../support/redisServer.js';

/**
 * The races start 1,000 calls at once on one connection; on a loaded 2-core CI machine the last of them can wait
 * longer than the default 1 s for its reply, and a timeout is not what those tests are about.
 */
const RACE_TIMEOUT_MS = 10_000;

/** A prefix per test, as the suite asks: the bound on parked callbacks counts everything under one prefix. */
function prefix(): string {
  return `{conformance-${crypto.randomUUID()}}:`;
}

describe.runIf(shouldRunRedisSuites())('RedisTracker conformance', () => {
  let server: RedisServer;
  let io: TestClient<IoRedisLikeClient>;
  let nodeRedis: TestClient<NodeRedisLikeClient>;
  // Two keys, so values are written under the first while the ring holds another: as during a rotation.
  const encryptionKey = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];

  beforeAll(async () => {
    server = await startRedisServer();
    io = await ioredisClient(server.port);
    nodeRedis = await nodeRedisClient(server.url);
  });

  afterAll(async () => {
    io?.close();
    nodeRedis?.close();
    await server?.stop();
  });

  describeTrackerConformance(
    'RedisTracker with ioredis',
    () => new RedisTracker({ client: io.client, prefix: prefix(), timeoutMs: RACE_TIMEOUT_MS }),
  );
  describeTrackerConformance(
    'RedisTracker with node-redis',
    () => new RedisTracker({ client: nodeRedis.client, prefix: prefix(), timeoutMs: RACE_TIMEOUT_MS }),
  );
  describeTrackerConformance(
    'RedisTracker with ioredis and encryptionKey',
    () => new RedisTracker({ client: io.client, prefix: prefix(), timeoutMs: RACE_TIMEOUT_MS, encryptionKey }),
  );
  describeTrackerConformance(
    'RedisTracker with node-redis and encryptionKey',
    () => new RedisTracker({ client: nodeRedis.client, prefix: prefix(), timeoutMs: RACE_TIMEOUT_MS, encryptionKey }),
  );
});
