import { Redis } from 'ioredis';
import { createClient, RESP_TYPES } from 'redis';
import type { IoRedisLikeClient, NodeRedisLikeClient } from '../../src/redis/index.js';

/** A connected client, typed as the shape RedisTracker takes, plus a way to close it. */
export interface TestClient<Shape> {
  client: Shape;
  /** Raw command, for tests that inspect or corrupt what is stored. */
  command(args: string[]): Promise<unknown>;
  close(): void;
}

export type IoRedisProtocol = 2 | 3;

/**
 * An ioredis client set up the way the docs recommend: no offline queue (fail at once while disconnected) and
 * quick reconnects, so fault tests see errors instead of waits and the client recovers once Redis is back.
 * `offlineQueue: true` gives ioredis's defaults instead, which queue commands for as long as Redis is away.
 */
export async function ioredisClient(
  port: number,
  options: { protocol?: IoRedisProtocol; offlineQueue?: boolean } = {},
): Promise<TestClient<IoRedisLikeClient>> {
  const queue =
    options.offlineQueue === true
      ? { maxRetriesPerRequest: null }
      : { enableOfflineQueue: false, maxRetriesPerRequest: 1 };
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    protocol: options.protocol ?? 3,
    retryStrategy: () => 50,
    ...queue,
  });
  // Without a listener ioredis logs every reconnect failure of the fault tests as "Unhandled error event".
  client.on('error', () => {});
  await client.connect();
  return {
    client,
    command: ([name = '', ...args]) => client.call(name, ...args),
    close: () => client.disconnect(),
  };
}

/**
 * A node-redis client with the offline queue disabled and quick reconnects; optionally RESP2 or Buffer replies.
 * `offlineQueue: true` keeps node-redis's default queue, which holds commands while disconnected.
 */
export async function nodeRedisClient(
  url: string,
  options: { resp?: 2 | 3; buffers?: boolean; offlineQueue?: boolean } = {},
): Promise<TestClient<NodeRedisLikeClient>> {
  const client = createClient({
    url,
    RESP: options.resp ?? 3,
    disableOfflineQueue: options.offlineQueue !== true,
    socket: { reconnectStrategy: () => 50 },
    ...(options.buffers === true ? { commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } } } : {}),
  });
  // node-redis emits 'error' on every lost connection; unhandled, that would crash the test worker.
  client.on('error', () => {});
  await client.connect();
  // The assignment is the type test: a real node-redis client fits the shape RedisTracker asks for.
  const shape: NodeRedisLikeClient = client;
  return {
    client: shape,
    command: (args) => client.sendCommand(args),
    close: () => client.destroy(),
  };
}
