// The trackers `npm run test:load` runs on, each with its client's DEFAULT options (as an app that copied the
// quick start would have them): MemoryTracker, RedisTracker over ioredis, RedisTracker over node-redis.
import { Redis as IoRedis } from 'ioredis';
import { createClient } from 'redis';
import { MemoryTracker, type PendingRequestTracker } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';

/** The trackers by name. */
export const TRACKER_NAMES = ['memory', 'ioredis', 'node-redis'] as const;
export type TrackerName = (typeof TRACKER_NAMES)[number];

/** A tracker for one run, how to count the lock keys in its store, and how to let go of its connection. */
export interface LoadTracker {
  readonly name: TrackerName;
  readonly tracker: PendingRequestTracker;
  /** Lock keys in the store (Redis: `SCAN` of the default prefix); `undefined` where the store cannot list them. */
  countLockKeys(): Promise<number | undefined>;
  close(): Promise<void>;
}

const LOCK_PATTERN = '{truecaller}:lock:*';

/**
 * A fresh tracker. For Redis, the database is emptied first, so each run starts from nothing.
 *
 * @param redisUrl `redis://127.0.0.1:<port>` of the run's redis-server (loopback only).
 */
export async function createLoadTracker(name: TrackerName, redisUrl: string | undefined): Promise<LoadTracker> {
  if (name === 'memory') {
    return { name, tracker: new MemoryTracker(), countLockKeys: async () => undefined, close: async () => {} };
  }
  if (redisUrl === undefined || !redisUrl.startsWith('redis://127.0.0.1:')) {
    throw new Error(`the ${name} run needs a loopback redis-server`);
  }
  if (name === 'ioredis') {
    const client = new IoRedis(redisUrl);
    await client.flushdb();
    return {
      name,
      tracker: new RedisTracker({ client }),
      countLockKeys: async () => await scanAll((cursor) => client.scan(cursor, 'MATCH', LOCK_PATTERN, 'COUNT', 1000)),
      close: async () => {
        await client.quit().catch(() => client.disconnect());
      },
    };
  }
  const client = await createClient({ url: redisUrl }).connect();
  await client.flushDb();
  return {
    name,
    tracker: new RedisTracker({ client }),
    countLockKeys: async () => {
      let count = 0;
      for await (const keys of client.scanIterator({ MATCH: LOCK_PATTERN, COUNT: 1000 })) count += keys.length;
      return count;
    },
    close: async () => {
      await client.close().catch(() => client.destroy());
    },
  };
}

async function scanAll(scan: (cursor: string) => Promise<[string, string[]]>): Promise<number> {
  let cursor = '0';
  let count = 0;
  for (let round = 0; round < 100_000; round++) {
    const [next, keys] = await scan(cursor);
    count += keys.length;
    cursor = next;
    if (cursor === '0') return count;
  }
  throw new Error('SCAN did not finish');
}
