// The tracker contract, checked by the shipped conformance suite against RedisTracker driven through
// `@upstash/redis` (Redis over HTTP). The only stand-in is the HTTP layer: a loopback server speaking Upstash's
// documented REST protocol (tests/support/upstashRestServer.ts) in front of a REAL redis-server, which runs
// every script, expiry and race. The client keeps its defaults, automatic JSON deserialization included.
import { RedisTracker } from 'truecaller-web-login/redis';
import { describeTrackerConformance } from 'truecaller-web-login/testing';
import { describe } from 'vitest';
import { shouldRunRedisSuites } from '../support/redisServer.js';
import { upstashClient } from '../support/upstashClients.js';
import { useUpstashStandIn } from '../support/upstashStandIn.js';

const KEY = 'q3JpQ0x7vY8b2Wm1Zr5tNc9Ls4Hd6Kf0Pa8Xe2Gu7Bo=';

describe.runIf(shouldRunRedisSuites())('RedisTracker over Upstash REST', () => {
  const { upstash } = useUpstashStandIn();

  for (const [name, encryptionKey] of [
    ['@upstash/redis', undefined],
    ['@upstash/redis with encryptionKey', KEY],
  ] as const) {
    describeTrackerConformance(
      `RedisTracker (${name})`,
      // A prefix per test: the parked-callback tests count everything parked in the tracker's namespace.
      () =>
        new RedisTracker({
          client: upstashClient(upstash),
          prefix: `{conformance-${crypto.randomUUID()}}:`,
          // Every concurrent call is an HTTP request queued on one loopback server: a generous deadline, so a
          // loaded 2-core CI machine measures atomicity, not its own speed.
          timeout: 30_000,
          encryptionKey,
        }),
      // 250 simultaneous calls on one key still race every script; 1000 HTTP requests mostly measure queueing.
      { ttl: 300, grace: 200, concurrency: 250, timeout: 60_000 },
    );
  }
});
