/**
 * `truecaller-web-login/redis`: a pending-request tracker in Redis, for apps on several instances: over TCP
 * (ioredis, node-redis) or over HTTP (`@upstash/redis`, for serverless and edge runtimes).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * import { RedisTracker } from 'truecaller-web-login/redis'
 *
 * const tracker = new RedisTracker({ client: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }) })
 * ```
 *
 * @packageDocumentation
 */

// The script runner, Lua scripts, reply decoders and the key ring (src/internal/keyRing.ts, shared with
// PostgresTracker) stay internal: the contract is the tracker's methods and its options.
export { RedisTracker, type RedisTrackerOptions } from './RedisTracker.js';
export type {
  IoRedisLikeClient,
  NodeRedisCommandOptions,
  NodeRedisLikeClient,
  RedisLikeClient,
  UpstashRedisLikeClient,
} from './redisClient.js';
