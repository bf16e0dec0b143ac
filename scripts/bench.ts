// `npm run bench`: the figures quoted in docs/, measured on whatever machine runs it. Prints a table; asserts
// nothing (timings belong in benchmarks, not in tests). Redis figures need redis-server on PATH.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { Redis } from 'ioredis';
import { MemoryTracker, parseCallback, TruecallerClient } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import { isRedisServerOnPath, startRedisServer } from '../tests/support/redisServer.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

async function opsPerSecond(run: (index: number) => unknown, iterations: number): Promise<number> {
  for (let index = 0; index < Math.min(iterations, 2_000); index++) await run(index); // warm-up
  const started = performance.now();
  for (let index = 0; index < iterations; index++) await run(index);
  return iterations / ((performance.now() - started) / 1000);
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');

// 1. Parsing an untrusted callback.
const body = JSON.stringify({ requestId: 'vXbyFPwqiCAHZyxAldA9M9DDXKk=', accessToken: 'a'.repeat(64), state: 's1' });
report('parseCallback(JSON string), ops/s', format(await opsPerSecond(() => parseCallback(body), 100_000)));

// 2. MemoryTracker: one sign-in's worth of tracker operations, and memory per pending request.
const tracker = new MemoryTracker({ maxEntries: 1_000_000 });
report(
  'MemoryTracker register+get+settle+claim+finish, cycles/s',
  format(
    await opsPerSecond(async (index) => {
      const requestId = `r${index}`;
      await tracker.register({ requestId, phoneNumber: '46761234567', state: 's', createdAt: Date.now() }, 60_000);
      await tracker.get(requestId);
      await tracker.settle(requestId, { type: 'authorized', accessToken: 'a'.repeat(64) });
      await tracker.claim(requestId, 'c');
      await tracker.finish(requestId, 'c');
    }, 50_000),
  ),
);
{
  const pending = 100_000;
  const memory = new MemoryTracker({ maxEntries: pending });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let index = 0; index < pending; index++) {
    const lock = { key: `phone:${index.toString(16).padStart(64, '0')}`, owner: 'o'.repeat(22) };
    await memory.acquireLock(lock.key, lock.owner, 300_000);
    await memory.register(
      {
        requestId: `request-${index}-${'x'.repeat(20)}`,
        phoneNumber: '46761234567',
        state: 's'.repeat(32),
        createdAt: Date.now(),
        lock,
      },
      600_000,
    );
  }
  gc();
  const perRequest = (process.memoryUsage().heapUsed - before) / pending;
  // Reading `size` after the measurement keeps the tracker alive through the second gc().
  if (memory.size !== pending * 2) throw new Error(`expected ${pending * 2} entries, found ${memory.size}`);
  report('MemoryTracker heap per pending sign-in (lock + request), bytes', format(perRequest));
}

// 3. The SDK's own overhead for a whole sign-in (no network: a fetch that answers at once).
{
  const profile = JSON.stringify({ phoneNumbers: [46761234567], name: { first: 'A', last: 'B' } });
  let counter = 0;
  const client = new TruecallerClient({
    appKey: 'bench',
    tracker: new MemoryTracker({ maxEntries: 1_000_000 }),
    fetch: async (input) =>
      new Request(input).method === 'POST'
        ? Response.json({ requestId: `req-${counter++}` })
        : new Response(profile, { headers: { 'content-type': 'application/json' } }),
  });
  const perSecond = await opsPerSecond(async () => {
    const { requestId } = await client.requestAuthorization({ phoneNumber: '+46761234567', state: 'st' });
    await client.handleCallback({ requestId, accessToken: 'a'.repeat(64), state: 'st' });
    await client.completeSignIn(requestId, { state: 'st' });
  }, 3_000);
  report('whole sign-in through the client (MemoryTracker, instant fetch), /s', format(perSecond));
}

// 4. Bundle size of the root entry as a browserless bundler would ship it, and of its phone-number part alone.
async function gzippedKb(options: { entryPoints: string[] } | { stdin: { contents: string; resolveDir: string } }) {
  const result = await build({
    ...options,
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return (gzipSync(result.outputFiles[0]?.contents ?? new Uint8Array()).length / 1024).toFixed(1);
}
report(
  'root entry bundled + minified, gzip kB (with ky, valibot, phone data)',
  await gzippedKb({ entryPoints: ['src/index.ts'] }),
);
report(
  '  of which libphonenumber-js/mobile as the SDK uses it, gzip kB',
  await gzippedKb({
    stdin: {
      contents: "export { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/mobile';",
      resolveDir: process.cwd(),
    },
  }),
);

// 5. RedisTracker on a local redis-server: latency per operation. Memory per entry: `npm run bench:redis-memory`.
if (isRedisServerOnPath()) {
  const server = await startRedisServer();
  const redis = new Redis(server.url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  try {
    const redisTracker = new RedisTracker({ client: redis });
    const cycles = 2_000;
    const perSecond = await opsPerSecond(async (index) => {
      const requestId = `bench-${index}`;
      await redisTracker.register({ requestId, phoneNumber: '46761234567', state: 's', createdAt: Date.now() }, 60_000);
      await redisTracker.get(requestId);
      await redisTracker.settle(requestId, { type: 'authorized', accessToken: 'a'.repeat(64) });
      await redisTracker.claim(requestId, 'c');
      await redisTracker.finish(requestId, 'c');
    }, cycles);
    report('RedisTracker (ioredis, loopback) mean ms per operation', (1000 / perSecond / 5).toFixed(3));
  } finally {
    redis.disconnect();
    await server.stop();
  }
} else {
  console.log('redis-server not on PATH: Redis figures skipped');
}

console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
