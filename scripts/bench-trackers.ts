// `npm run bench` (trackers): per-operation latency and store round trips per sign-in for every tracker, side by
// side: MemoryTracker, RedisTracker over ioredis, node-redis and Redis over HTTP (@upstash/redis through a
// loopback stand-in for Upstash's REST protocol), PostgresTracker over pg and postgres.js. Every store is a real
// local server started here (redis-server, a throwaway PostgreSQL cluster) on a free loopback port, so the
// figures are loopback latency plus the store's own work: a lower bound for a network hop. Prints tables;
// asserts nothing (timings belong in benchmarks, not in tests). Stores whose server is not installed are
// listed as skipped.
//
//   tsx --tsconfig tests/tsconfig.json scripts/bench-trackers.ts [sign-ins per tracker, default 300]

import { Redis as UpstashRedis } from '@upstash/redis';
import { Redis as IoRedis } from 'ioredis';
import pg from 'pg';
import postgres from 'postgres';
import { createClient } from 'redis';
import {
  MemoryTracker,
  type PendingRequest,
  type PendingRequestTracker,
  type SignInOutcome,
  TruecallerClient,
} from 'truecaller-web-login';
import { PostgresTracker } from 'truecaller-web-login/postgres';
import { type RedisLikeClient, RedisTracker } from 'truecaller-web-login/redis';
import { findPostgresBin, type PostgresServer, startPostgresServer } from '../tests/support/postgresServer.js';
import { isRedisServerOnPath, type RedisServer, startRedisServer } from '../tests/support/redisServer.js';
import { startUpstashRestServer, type UpstashRestServer } from '../tests/support/upstashRestServer.js';

const SIGN_INS = Number(process.argv[2] ?? 300);
const WARM_UP = 30;
const OPERATIONS = ['acquireLock', 'register', 'get', 'settle', 'claim', 'finish', 'park', 'unpark'] as const;
type Operation = (typeof OPERATIONS)[number];

/** A tracker under test, a counter of its store round trips, and how to let go of its connections. */
interface Subject {
  name: string;
  tracker: PendingRequestTracker;
  roundTrips(): number;
  close(): Promise<void>;
}

interface Result {
  name: string;
  /** Per operation: latencies in ms. */
  latency: Map<Operation, number[]>;
  signIn: number[];
  roundTripsPerSignIn: number;
}

const OUTCOME: SignInOutcome = { type: 'authorized', accessToken: 'a'.repeat(64) };

/** The operations one sign-in makes, each timed on its own. */
async function timeOperations(tracker: PendingRequestTracker, index: number, into: Map<Operation, number[]>) {
  const id = `bench-${index}-${crypto.randomUUID()}`;
  const lock = { key: `phone:9198${String(index).padStart(8, '0')}`, owner: crypto.randomUUID() };
  const request: PendingRequest = {
    requestId: id,
    phoneNumber: '919876543210',
    state: 's'.repeat(43),
    createdAt: 1,
    lock,
  };
  const steps: [Operation, () => Promise<unknown>][] = [
    ['acquireLock', () => tracker.acquireLock(lock.key, lock.owner, 300_000)],
    ['register', () => tracker.register(request, 600_000)],
    ['get', () => tracker.get(id)],
    ['settle', () => tracker.settle(id, OUTCOME)],
    ['claim', () => tracker.claim(id, 'claim')],
    ['finish', () => tracker.finish(id, 'claim')],
    ['park', () => tracker.park(`early-${id}`, { outcome: OUTCOME, receivedAt: 1 }, 60_000, 1_000)],
    ['unpark', () => tracker.unpark(`early-${id}`)],
  ];
  for (const [operation, run] of steps) {
    const started = performance.now();
    await run();
    into.get(operation)?.push(performance.now() - started);
  }
}

/** A fake Truecaller behind the client's `fetch` option: accepts every start, returns a profile. */
function fakeTruecaller(): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.method === 'POST') return Response.json({ requestId: `rq-${crypto.randomUUID()}` });
    return Response.json({ phoneNumbers: [919876543210], name: { first: 'Bench', last: 'Mark' } });
  };
}

/**
 * One whole sign-in through the public API: start, a pending poll, the callback, the completing poll. Always the
 * same number (the fake profile's): each sign-in ends, and frees the number, before the next starts.
 */
async function signIn(client: TruecallerClient): Promise<void> {
  const phoneNumber = '+919876543210';
  const { requestId } = await client.requestAuthorization({ phoneNumber, state: 'bench-state' });
  await client.completeSignIn(requestId, { state: 'bench-state' });
  await client.handleCallback({ requestId, accessToken: 'a'.repeat(64), state: 'bench-state' });
  const result = await client.completeSignIn(requestId, { state: 'bench-state' });
  if (result.status !== 'completed') throw new Error(`bench: sign-in ended ${result.status}`);
}

async function measure(subject: Subject): Promise<Result> {
  const latency = new Map<Operation, number[]>(OPERATIONS.map((operation) => [operation, []]));
  const client = new TruecallerClient({ appKey: 'bench-app-key', tracker: subject.tracker, fetch: fakeTruecaller() });
  for (let index = 0; index < WARM_UP; index++) {
    await timeOperations(subject.tracker, 1_000_000 + index, new Map());
    await signIn(client);
  }
  for (let index = 0; index < SIGN_INS; index++) await timeOperations(subject.tracker, index, latency);
  const signInTimes: number[] = [];
  const before = subject.roundTrips();
  for (let index = 0; index < SIGN_INS; index++) {
    const started = performance.now();
    await signIn(client);
    signInTimes.push(performance.now() - started);
  }
  const roundTripsPerSignIn = (subject.roundTrips() - before) / SIGN_INS;
  return { name: subject.name, latency, signIn: signInTimes, roundTripsPerSignIn };
}

// --- The subjects --------------------------------------------------------------------------------------------

function memory(): Subject {
  return {
    name: 'MemoryTracker',
    tracker: new MemoryTracker({ maxEntries: 1_000_000 }),
    roundTrips: () => 0,
    close: async () => {},
  };
}

async function ioredis(server: RedisServer): Promise<Subject> {
  const redis = new IoRedis({ port: server.port, host: '127.0.0.1', enableOfflineQueue: false, lazyConnect: true });
  await redis.connect();
  let calls = 0;
  const client = {
    call: (command: string, ...args: (string | number)[]) => {
      calls++;
      return redis.call(command, ...args);
    },
  };
  return {
    name: 'Redis (ioredis)',
    tracker: new RedisTracker({ client, prefix: `{bench-${crypto.randomUUID()}}:` }),
    roundTrips: () => calls,
    close: async () => redis.disconnect(),
  };
}

async function nodeRedis(server: RedisServer): Promise<Subject> {
  const redis = await createClient({ url: server.url, disableOfflineQueue: true }).connect();
  let calls = 0;
  const client = {
    sendCommand: (args: string[], options?: { abortSignal?: AbortSignal }) => {
      calls++;
      return redis.sendCommand(args, options);
    },
  };
  return {
    name: 'Redis (node-redis)',
    tracker: new RedisTracker({ client, prefix: `{bench-${crypto.randomUUID()}}:` }),
    roundTrips: () => calls,
    close: async () => redis.destroy(),
  };
}

function upstash(server: UpstashRestServer): Subject | string {
  const client = new UpstashRedis({ url: server.url, token: server.token, retry: false });
  let tracker: RedisTracker;
  try {
    // The cast goes once RedisTracker's client type includes @upstash/redis's `eval(script, keys, args)` shape.
    tracker = new RedisTracker({
      client: client as unknown as RedisLikeClient,
      prefix: `{bench-${crypto.randomUUID()}}:`,
    });
  } catch (error) {
    return `RedisTracker refused the @upstash/redis client (${(error as Error).message.slice(0, 60)}…)`;
  }
  return {
    name: 'Redis over HTTP (@upstash/redis)',
    tracker,
    // Every HTTP request the stand-in answered (auto-pipelining may batch several commands into one).
    roundTrips: () => server.requests,
    close: async () => {},
  };
}

async function pgPool(server: PostgresServer): Promise<Subject> {
  const pool = new pg.Pool({ connectionString: server.url, max: 4 });
  let calls = 0;
  const client = {
    query: (text: string, values: (string | null)[]) => {
      calls++;
      return pool.query(text, values);
    },
  };
  const tracker = new PostgresTracker({ client, table: 'bench_pg' });
  await tracker.ensureSchema();
  return { name: 'PostgreSQL (pg)', tracker, roundTrips: () => calls, close: () => pool.end() };
}

async function postgresJs(server: PostgresServer): Promise<Subject> {
  const sql = postgres(server.url, { max: 4, onnotice: () => {} });
  let calls = 0;
  const client = {
    unsafe: (text: string, values: (string | null)[]) => {
      calls++;
      return sql.unsafe(text, values);
    },
  };
  const tracker = new PostgresTracker({ client, table: 'bench_postgres_js' });
  await tracker.ensureSchema();
  return { name: 'PostgreSQL (postgres.js)', tracker, roundTrips: () => calls, close: () => sql.end() };
}

// --- Reporting ---------------------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const ms = (value: number) => (value < 0.1 ? value.toFixed(3) : value < 10 ? value.toFixed(2) : value.toFixed(1));

function table(results: Result[]): string {
  const header = ['', ...results.map((result) => result.name)];
  const rows: string[][] = OPERATIONS.map((operation) => [
    `${operation}, median / p95 ms`,
    ...results.map((result) => {
      const values = result.latency.get(operation) ?? [];
      return `${ms(percentile(values, 50))} / ${ms(percentile(values, 95))}`;
    }),
  ]);
  rows.push([
    'whole sign-in (start, pending poll, callback, poll), median / p95 ms',
    ...results.map((result) => `${ms(percentile(result.signIn, 50))} / ${ms(percentile(result.signIn, 95))}`),
  ]);
  rows.push([
    'store round trips per sign-in',
    ...results.map((result) =>
      result.name === 'MemoryTracker' ? '0 (in process)' : String(result.roundTripsPerSignIn),
    ),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

// --- Main ----------------------------------------------------------------------------------------------------

const skipped: string[] = [];
const results: Result[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function run(make: () => Promise<Subject | string> | Subject | string): Promise<void> {
  const subject = await make();
  if (typeof subject === 'string') {
    skipped.push(subject);
    return;
  }
  try {
    results.push(await measure(subject));
    console.error(`measured ${subject.name}`);
  } finally {
    await subject.close();
  }
}

try {
  await run(memory);
  if (isRedisServerOnPath()) {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    await run(() => ioredis(redis));
    await run(() => nodeRedis(redis));
    const rest = await startUpstashRestServer({ redisPort: redis.port });
    cleanups.push(() => rest.stop());
    await run(() => upstash(rest));
  } else {
    skipped.push('Redis: redis-server is not on PATH');
  }
  if (findPostgresBin() !== undefined) {
    const database = await startPostgresServer();
    cleanups.push(() => database.destroy());
    await run(() => pgPool(database));
    await run(() => postgresJs(database));
  } else {
    skipped.push('PostgreSQL: initdb/pg_ctl not found');
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
}

console.log(
  `\nTracker latency, ${SIGN_INS} sign-ins each, one at a time, stores on loopback (Node ${process.version})\n`,
);
console.log(table(results));
for (const reason of skipped) console.log(`\nskipped: ${reason}`);
