// The tracker contract (describeTrackerConformance, the suite users run on their own trackers) on RedisTracker
// against a real redis-server: with ioredis and node-redis, with and without encryptionKey.
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { RedisTracker } from '../../src/redis/index.js';
import { describeTrackerConformance } from '../../src/testing/index.js';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { useRedis } from '../support/useRedis.js';

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
  const { io, nodeRedis } = useRedis();
  // Two keys, so values are written under the first while the ring holds another: as during a rotation.
  const encryptionKey = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];

  describeTrackerConformance(
    'RedisTracker with ioredis',
    () => new RedisTracker({ client: io.client, prefix: prefix(), timeout: RACE_TIMEOUT_MS }),
  );
  describeTrackerConformance(
    'RedisTracker with node-redis',
    () => new RedisTracker({ client: nodeRedis.client, prefix: prefix(), timeout: RACE_TIMEOUT_MS }),
  );
  describeTrackerConformance(
    'RedisTracker with ioredis and encryptionKey',
    () => new RedisTracker({ client: io.client, prefix: prefix(), timeout: RACE_TIMEOUT_MS, encryptionKey }),
  );
  describeTrackerConformance(
    'RedisTracker with node-redis and encryptionKey',
    () => new RedisTracker({ client: nodeRedis.client, prefix: prefix(), timeout: RACE_TIMEOUT_MS, encryptionKey }),
  );
});
