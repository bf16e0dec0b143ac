/**
 * Measures how much Redis memory RedisTracker uses per pending sign-in, for docs/multi-instance.md.
 * Starts a throwaway redis-server, writes N typical entries through RedisTracker, and prints the growth of
 * `used_memory` per entry (which counts the key, the value, the hash and the expiry) and `MEMORY USAGE` of one key.
 *
 *   npx tsx scripts/measure-redis-tracker.ts [count]
 */
import { Redis } from 'ioredis';
import { RedisTracker } from '../src/redis/index.js';
import type { PendingRequest } from '../src/trackers/PendingRequestTracker.js';
import { startRedisServer } from '../tests/support/redisServer.js';

const count = Number(process.argv[2] ?? 10_000);
// Sizes of a typical entry, as TruecallerClient writes it: the lock key is `phone:` and a SHA-256 hex digest, the
// owner 16 random bytes in base64url (22 chars). The requestId, state and token lengths are assumptions (the
// state is the app's, Truecaller does not document the others); change them to match your traffic.
const REQUEST_ID_LENGTH = 36;
const STATE_LENGTH = 43;
const OWNER_LENGTH = 22;
const TOKEN_LENGTHS = [64, 256];

const server = await startRedisServer();
const redis = new Redis({ host: '127.0.0.1', port: server.port, enableOfflineQueue: false, lazyConnect: true });
await redis.connect();
const tracker = new RedisTracker({ client: redis });

function text(length: number, seed: number): string {
  return seed.toString(36).padStart(length, 'x').slice(-length);
}

function request(i: number, run: number): PendingRequest {
  return {
    requestId: text(REQUEST_ID_LENGTH, run * 10_000_000 + i),
    phoneNumber: String(919_800_000_000 + i),
    state: text(STATE_LENGTH, i),
    createdAt: Date.now(),
    lock: { key: `phone:${text(64, i)}`, owner: text(OWNER_LENGTH, i) },
  };
}

async function usedMemory(): Promise<number> {
  const info = String(await redis.call('INFO', 'memory'));
  const match = /used_memory:(\d+)/.exec(info);
  if (match?.[1] === undefined) throw new Error('no used_memory in INFO');
  return Number(match[1]);
}

async function measure(label: string, write: (i: number) => Promise<unknown>, sampleKey: string): Promise<void> {
  await redis.call('FLUSHALL');
  const before = await usedMemory();
  for (let i = 0; i < count; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, j) => write(i + j)));
  }
  const after = await usedMemory();
  const oneKey = await redis.call('MEMORY', 'USAGE', sampleKey);
  console.log(
    `${label.padEnd(52)} ${String(Math.round((after - before) / count)).padStart(5)} B/entry (used_memory), ` +
      `MEMORY USAGE of one key ${oneKey} B`,
  );
}

console.log(
  `redis-server ${String(await redis.call('INFO', 'server')).match(/redis_version:(\S+)/)?.[1]}, ${count} entries each`,
);
const lock = (i: number) => request(i, 0).lock ?? { key: '', owner: '' };
await measure(
  'number lock',
  (i) => tracker.acquireLock(lock(i).key, lock(i).owner, 300_000),
  `truecaller:lock:${lock(0).key}`,
);
await measure(
  'pending request, not yet settled',
  (i) => tracker.register(request(i, 1), 600_000),
  `truecaller:req:{${request(0, 1).requestId}}`,
);
for (const tokenLength of TOKEN_LENGTHS) {
  const run = 2 + tokenLength;
  await measure(
    `pending request, settled, ${tokenLength}-char token, no endpoint`,
    async (i) => {
      await tracker.register(request(i, run), 600_000);
      await tracker.settle(request(i, run).requestId, { type: 'authorized', accessToken: text(tokenLength, i) });
    },
    `truecaller:req:{${request(0, run).requestId}}`,
  );
}

redis.disconnect();
await server.stop();
