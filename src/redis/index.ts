/**
 * `truecaller-web-login/redis`: a pending-request tracker in Redis, for apps on several instances.
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

// The script runner, Lua scripts, key ring and reply decoders stay internal: the contract is the tracker's methods
// and its options.
export { RedisTracker, type RedisTrackerOptions } from './RedisTracker.js';
export type {
  IoRedisLikeClient,
  NodeRedisCommandOptions,
  NodeRedisLikeClient,
  RedisLikeClient,
} from './redisClient.js';
