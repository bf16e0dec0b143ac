// For the workerd run of scripts/runtime-matrix.mjs: starts a throwaway redis-server and the Upstash REST
// stand-in in front of it (tests/support/upstashRestServer.ts, the only stand-in: Redis itself is real), both on
// free loopback ports, prints `{"url":…,"token":…}` as one line, and stops both once its stdin closes or it is
// sent SIGTERM. Needs redis-server on PATH, like the Redis test suites.
import { startRedisServer } from '../../tests/support/redisServer.js';
import { startUpstashRestServer } from '../../tests/support/upstashRestServer.js';

const redis = await startRedisServer();
const upstash = await startUpstashRestServer({ redisPort: redis.port });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await upstash.stop();
  await redis.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
console.log(JSON.stringify({ url: upstash.url, token: upstash.token }));
