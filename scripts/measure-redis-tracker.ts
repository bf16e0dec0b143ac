/**
 * Measures RedisTracker for docs/multi-instance.md: Redis memory per entry, without and with `encryptionKey`,
 * and the CPU time encryption adds per stored value.
 * Starts a throwaway redis-server, writes N typical entries through RedisTracker, and prints the growth of
 * `used_memory` per entry (which counts the key, the value, the hash and the expiry) and `MEMORY USAGE` of one key.
 *
 *   npx tsx scripts/measure-redis-tracker.ts [count]
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisTracker } from '../src/redis/index.js';
import { createKeyRing } from '../src/redis/keyRing.js';
import { plainCodec } from '../src/redis/valueCodec.js';
import type { ParkedCallback, PendingRequest } from '../src/trackers/PendingRequestTracker.js';
import { startRedisServer } from '../tests/support/redisServer.js';

const count = Number(process.argv[2] ?? 10_000);
// Sizes of a typical entry, as TruecallerClient writes it: the lock key is `phone:` and the E.164 digits, the
// owner 16 random bytes in base64url (22 chars). The requestId, state and token lengths are assumptions (the
// state is the app's, Truecaller does not document the others); change them to match your traffic.
const REQUEST_ID_LENGTH = 36;
const STATE_LENGTH = 43;
const OWNER_LENGTH = 22;
const CLAIM_LENGTH = 22;
const TOKEN_LENGTHS = [64, 256];
const CRYPTO_CALLS = 20_000;

const server = await startRedisServer();
const redis = new Redis({ host: '127.0.0.1', port: server.port, enableOfflineQueue: false, lazyConnect: true });
await redis.connect();
const trackers: [string, RedisTracker][] = [
  ['plain', new RedisTracker({ client: redis })],
  ['encrypted', new RedisTracker({ client: redis, encryptionKey: randomBytes(32).toString('base64') })],
];

function text(length: number, seed: number): string {
  return seed.toString(36).padStart(length, 'x').slice(-length);
}

function request(i: number, run: number): PendingRequest {
  const phoneNumber = String(919_800_000_000 + i);
  return {
    requestId: text(REQUEST_ID_LENGTH, run * 10_000_000 + i),
    phoneNumber,
    state: text(STATE_LENGTH, i),
    createdAt: Date.now(),
    lock: { key: `phone:${phoneNumber}`, owner: text(OWNER_LENGTH, i) },
  };
}

function parked(i: number, tokenLength: number): ParkedCallback {
  return {
    outcome: { type: 'authorized', accessToken: text(tokenLength, i) },
    state: text(STATE_LENGTH, i),
    receivedAt: Date.now(),
  };
}

async function usedMemory(): Promise<number> {
  const info = String(await redis.call('INFO', 'memory'));
  const match = /used_memory:(\d+)/.exec(info);
  if (match?.[1] === undefined) throw new Error('no used_memory in INFO');
  return Number(match[1]);
}

async function firstKey(pattern: string): Promise<string> {
  const [key] = (await redis.call('KEYS', pattern)) as string[];
  if (key === undefined) throw new Error(`no key matches ${pattern}`);
  return key;
}

async function measure(label: string, write: (i: number) => Promise<unknown>, sample: string): Promise<void> {
  await redis.call('FLUSHALL');
  const before = await usedMemory();
  for (let i = 0; i < count; i += 500) {
    await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, j) => write(i + j)));
  }
  const after = await usedMemory();
  const oneKey = await redis.call('MEMORY', 'USAGE', await firstKey(sample));
  console.log(
    `${label.padEnd(64)} ${String(Math.round((after - before) / count)).padStart(5)} B/entry (used_memory), ` +
      `MEMORY USAGE of one key ${oneKey} B`,
  );
}

/**
 * Mean CPU time of `call` over `calls` sequential calls, after a warm-up, in µs: process CPU (every thread, so
 * Web Crypto's worker threads count), which a loaded machine disturbs far less than wall time.
 */
async function cost(label: string, call: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < CRYPTO_CALLS / 10; i++) await call(i);
  const before = process.cpuUsage();
  for (let i = 0; i < CRYPTO_CALLS; i++) await call(i);
  const used = process.cpuUsage(before);
  const micros = (used.user + used.system) / CRYPTO_CALLS;
  console.log(`${label.padEnd(64)} ${micros.toFixed(1).padStart(6)} µs CPU`);
}

console.log(
  `redis-server ${String(await redis.call('INFO', 'server')).match(/redis_version:(\S+)/)?.[1]}, ${count} entries each`,
);
for (const [mode, tracker] of trackers) {
  console.log(`\n${mode}: memory`);
  await measure(
    'number lock',
    (i) => tracker.acquireLock(`phone:${919_800_000_000 + i}`, text(OWNER_LENGTH, i), 300_000),
    '*lock:*',
  );
  await measure(
    'pending request with its lock reference, not yet settled',
    (i) => tracker.register(request(i, 1), 600_000),
    '*req:*',
  );
  for (const tokenLength of TOKEN_LENGTHS) {
    const run = 2 + tokenLength;
    await measure(
      `pending request, settled and claimed, ${tokenLength}-char token`,
      async (i) => {
        const { requestId } = request(i, run);
        await tracker.register(request(i, run), 600_000);
        await tracker.settle(requestId, { type: 'authorized', accessToken: text(tokenLength, i) });
        await tracker.claim(requestId, text(CLAIM_LENGTH, i));
      },
      '*req:*',
    );
  }
  await measure(
    'finished marker (kept until the request would have expired)',
    async (i) => {
      const { requestId } = request(i, 3);
      await tracker.register(request(i, 3), 600_000);
      await tracker.settle(requestId, { type: 'rejected', reason: 'user_rejected' });
      await tracker.claim(requestId, text(CLAIM_LENGTH, i));
      await tracker.finish(requestId, text(CLAIM_LENGTH, i));
    },
    '*req:*',
  );
  await measure(
    'parked callback, 64-char token (key and index entry)',
    (i) => tracker.park(request(i, 4).requestId, parked(i, 64), 30_000, count),
    '*park:*',
  );
}

// What encryption adds to each operation, in CPU time on this machine (the Redis round trip is the same either
// way: one EVALSHA; `npm run bench` measures it). Keys are derived once per tracker, so this is per value.
console.log(`\nencryption cost per value, mean of ${CRYPTO_CALLS} calls`);
const ring = createKeyRing([randomBytes(32)]);
const outcomeJson = JSON.stringify({ type: 'authorized', accessToken: text(64, 1) });
const requestJson = JSON.stringify(request(1, 6));
const sealedOutcome = await ring.seal(outcomeJson, 'outcome', 'rq');
const sealedRequest = await ring.seal(requestJson, 'request', 'rq');
await cost('seal an outcome (64-char token), AES-256-GCM', () => ring.seal(outcomeJson, 'outcome', 'rq'));
await cost('open it', () => ring.open(sealedOutcome, 'outcome', 'rq', 'measure'));
await cost(`seal a request (${requestJson.length} B of JSON)`, () => ring.seal(requestJson, 'request', 'rq'));
await cost('open it', () => ring.open(sealedRequest, 'request', 'rq', 'measure'));
await cost('lock name, HMAC-SHA-256 (SHA-256 without a key: next line)', (i) => ring.lockDigests(`phone:${i}`));
await cost('lock name, SHA-256', (i) => plainCodec.lockDigests(`phone:${i}`));

redis.disconnect();
await server.stop();
