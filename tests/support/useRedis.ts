import { afterAll, beforeAll } from 'vitest';
import type { IoRedisLikeClient, NodeRedisLikeClient } from '../../src/redis/index.js';
import { lateBound } from './lateBound.js';
import { ioredisClient, nodeRedisClient, type TestClient } from './redisClients.js';
import { type RedisServer, startRedisServer } from './redisServer.js';

/** A real redis-server and one connection of each client library to it. */
export interface RedisWithClients {
  server: RedisServer;
  /** ioredis, set up as the docs recommend (see {@link ioredisClient}). */
  io: TestClient<IoRedisLikeClient>;
  /** node-redis, set up as the docs recommend (see {@link nodeRedisClient}). */
  nodeRedis: TestClient<NodeRedisLikeClient>;
}

/**
 * Starts a redis-server (free loopback port) and connects ioredis and node-redis to it before the calling
 * `describe`'s tests; closes both and stops the server (by pid) after them. All three are usable inside tests.
 *
 * @example
 * ```ts
 * describe('RedisTracker', () => {
 *   const { io } = useRedis();
 *   it('…', async () => { const tracker = new RedisTracker({ client: io.client }) });
 * });
 * ```
 */
export function useRedis(): RedisWithClients {
  let server: RedisServer | undefined;
  let io: TestClient<IoRedisLikeClient> | undefined;
  let nodeRedis: TestClient<NodeRedisLikeClient> | undefined;
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
  return {
    server: lateBound('the redis-server', () => server),
    io: lateBound('the ioredis connection', () => io),
    nodeRedis: lateBound('the node-redis connection', () => nodeRedis),
  };
}
