// `npm run bench`: every figure quoted in docs/benchmarks.md, in one run, in sections. Prints a table; asserts
// nothing (timings belong in benchmarks, never in tests). Each figure is a median with its spread (p10, p90);
// ratios are taken within one interleaved round, never across runs. Run a subset by naming sections:
//
//   npm run bench                          # all sections
//   npm run bench -- overhead hot          # only these
//
// Sections: overhead (vs ky and fetch over loopback), transport (in-process CPU), hot (poll and callback CPU),
// callback (parseCallback rate), profile (profile parse), parts (the phone check and the random ids on the
// start's path), tracker (MemoryTracker memory and scaling),
// import (cold import of dist/), size (bundle budgets), redis (RedisTracker; needs redis-server on PATH),
// stores (every tracker side by side: per-operation latency and round trips per sign-in; scripts/bench-trackers.ts).

import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { parseCallback } from 'truecaller-web-login';
import { RedisTracker } from 'truecaller-web-login/redis';
import * as v from 'valibot';
import { randomId, randomToken } from '../src/internal/random.js';
import { normalizePhoneNumber } from '../src/phone/normalizePhoneNumber.js';
import { ProfileSchema } from '../src/profile/schema.js';
import { isRedisServerOnPath, startRedisServer } from '../tests/support/redisServer.js';
import { benchColdImport } from './bench/coldImport.js';
import { benchMemoryTracker } from './bench/memoryTracker.js';
import { benchHotPaths, benchOverhead } from './bench/overhead.js';
import { checkBudgets, describeParts, kb } from './bench/size.js';
import { formatValue } from './bench/stats.js';
import { benchTransport } from './bench/transport.js';

const SECTIONS = [
  'overhead',
  'transport',
  'hot',
  'callback',
  'profile',
  'parts',
  'tracker',
  'import',
  'size',
  'redis',
  'stores',
];
const asked = process.argv.slice(2);
const unknown = asked.filter((section) => !SECTIONS.includes(section));
if (unknown.length > 0) {
  console.error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const wanted = (section: string) => asked.length === 0 || asked.includes(section);

const report = (name: string, value: string) => console.log(`${name.padEnd(72)} ${value}`);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const heading = (title: string) => console.log(`\n## ${title}  (load average ${load()})`);

console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(`load average at start (1, 5, 15 min): ${load()}`);

/**
 * Rate of `run` over `rounds` rounds, in ops per second of this process's CPU time (user + system): on a shared
 * machine, wall time mostly measures the other processes.
 */
function rates(run: () => unknown, perRound: number, rounds: number): number[] {
  for (let index = 0; index < perRound; index++) run(); // warm-up
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = process.cpuUsage();
    for (let index = 0; index < perRound; index++) run();
    const used = process.cpuUsage(started);
    samples.push(perRound / ((used.user + used.system) / 1e6));
  }
  return samples;
}

if (wanted('overhead')) {
  heading('Nothing added over ky: loopback Truecaller stand-in in another process, interleaved rounds');
  await benchOverhead(report);
}

if (wanted('transport')) {
  heading('HTTP path, in-process fetch that answers at once (CPU, interleaved)');
  await benchTransport();
}

if (wanted('hot')) {
  heading('Hot paths, CPU per call (MemoryTracker, no network)');
  await benchHotPaths(report);
}

if (wanted('callback')) {
  heading('parseCallback');
  const body = JSON.stringify({ requestId: 'vXbyFPwqiCAHZyxAldA9M9DDXKk=', accessToken: 'a'.repeat(64), state: 's1' });
  const object = JSON.parse(body) as unknown;
  report(
    'parseCallback(JSON string), ops per CPU second',
    formatValue(
      rates(() => parseCallback(body), 50_000, 9),
      0,
    ),
  );
  report(
    'parseCallback(parsed object), ops per CPU second',
    formatValue(
      rates(() => parseCallback(object), 50_000, 9),
      0,
    ),
  );
}

if (wanted('profile')) {
  heading('Profile parse (ProfileSchema, valibot, built once)');
  const profile = {
    phoneNumbers: [46761234567],
    name: { first: 'Rajat', last: 'Kapoor' },
    onlineIdentities: { email: 'rajat@example.invalid' },
    addresses: [{ countryCode: 'se', city: 'Stockholm' }],
    gender: 'Male',
    isActive: 'true',
    createdTime: '1379314068000',
  };
  const samples = rates(() => v.safeParse(ProfileSchema, profile), 50_000, 9).map((perSecond) => 1e6 / perSecond);
  report('profile parse, CPU µs per call', formatValue(samples, 2));
}

if (wanted('parts')) {
  heading('Parts of the start call, CPU µs per call in a tight loop');
  // Distinct numbers, as real starts have: libphonenumber-js keeps no cache between calls anyway.
  let next = 0;
  const number = () => `+4676${String(1_000_000 + (next++ % 8_000_000)).padStart(7, '0')}`;
  const perCall = (run: () => unknown) => rates(run, 50_000, 9).map((perSecond) => 1e6 / perSecond);
  report(
    'phone check (normalizePhoneNumber, E.164 input)',
    formatValue(
      perCall(() => normalizePhoneNumber(number())),
      2,
    ),
  );
  report('lock owner id: randomId() (crypto.randomUUID)', formatValue(perCall(randomId), 2));
  report(
    'lock owner id before: randomToken(16) (getRandomValues)',
    formatValue(
      perCall(() => randomToken(16)),
      2,
    ),
  );
}

if (wanted('tracker')) {
  heading('MemoryTracker');
  await benchMemoryTracker(report);
}

if (wanted('import')) {
  heading('Cold import of the built root entry (fresh processes)');
  benchColdImport(report);
}

if (wanted('size')) {
  heading('Bundle budgets (esbuild, minified, gzip; `npm run check:size` enforces them)');
  const { results, leaked } = await checkBudgets();
  for (const { budget, measured, ok } of results) {
    const goal = budget.target === undefined ? '' : ` (goal ${kb(budget.target)})`;
    report(`${budget.name}`, `${kb(measured.gzip)} of ${kb(budget.limit)}${goal}${ok ? '' : '  OVER'}`);
    report('  minified share', describeParts(measured, 5));
  }
  report('optional entries pulled into the root entry', leaked.length === 0 ? 'none' : leaked.join(', '));
}

if (wanted('redis')) {
  heading('RedisTracker on a local redis-server (memory per entry: `npm run bench:redis-memory`)');
  if (isRedisServerOnPath()) {
    const server = await startRedisServer();
    const redis = new Redis(server.url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
    try {
      const redisTracker = new RedisTracker({ client: redis });
      const samples: number[] = [];
      for (let round = 0; round < 5; round++) {
        const cycles = 400;
        const started = performance.now();
        for (let index = 0; index < cycles; index++) {
          const requestId = `bench-${round}-${index}`;
          await redisTracker.register(
            { requestId, phoneNumber: '46761234567', state: 's', createdAt: Date.now() },
            60_000,
          );
          await redisTracker.get(requestId);
          await redisTracker.settle(requestId, { type: 'authorized', accessToken: 'a'.repeat(64) });
          await redisTracker.claim(requestId, 'c');
          await redisTracker.finish(requestId, 'c');
        }
        samples.push((performance.now() - started) / cycles / 5);
      }
      report('RedisTracker (ioredis, loopback), ms per operation', formatValue(samples, 3));
    } finally {
      redis.disconnect();
      await server.stop();
    }
  } else {
    console.log('redis-server not on PATH: skipped');
  }
}

if (wanted('stores')) {
  heading(
    'Every tracker side by side: MemoryTracker, Redis (ioredis, node-redis, over HTTP), PostgreSQL (pg, postgres.js)',
  );
  // Its own process: it starts redis-server, PostgreSQL and the Upstash stand-in, and stops them by pid.
  execFileSync(process.execPath, ['--import', 'tsx', '--no-warnings', 'scripts/bench-trackers.ts', '300'], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: 'tests/tsconfig.json' },
  });
}

console.log(`\nload average at end (1, 5, 15 min): ${load()}`);
