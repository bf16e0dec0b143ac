import { afterAll, beforeAll } from 'vitest';
import { lateBound } from './lateBound.js';
import { type RedisServer, startRedisServer } from './redisServer.js';
import { startUpstashRestServer, type UpstashRestServer } from './upstashRestServer.js';

/** A real redis-server and the Upstash REST stand-in in front of it. */
export interface UpstashStandIn {
  redis: RedisServer;
  upstash: UpstashRestServer;
}

/**
 * Starts a redis-server and the Upstash REST stand-in in front of it before the calling `describe`'s tests, and
 * stops both after them (by pid, on free loopback ports). Both are usable inside tests and hooks.
 *
 * @example
 * ```ts
 * describe('RedisTracker over Upstash REST', () => {
 *   const { upstash } = useUpstashStandIn();
 *   it('…', async () => { const tracker = new RedisTracker({ client: upstashClient(upstash) }) });
 * });
 * ```
 */
export function useUpstashStandIn(): UpstashStandIn {
  let redis: RedisServer | undefined;
  let upstash: UpstashRestServer | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
    upstash = await startUpstashRestServer({ redisPort: redis.port });
  });
  afterAll(async () => {
    await upstash?.stop();
    await redis?.stop();
  });
  return {
    redis: lateBound('the redis-server', () => redis),
    upstash: lateBound('the Upstash REST stand-in', () => upstash),
  };
}
