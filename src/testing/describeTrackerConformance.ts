import { afterEach, beforeEach, describe } from 'vitest';
import { assertDuration, assertInteger, assertOptions, optionKeys } from '../internal/assert.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { describeClaimConformance } from './claimConformance.js';
import type { ConformanceContext } from './context.js';
import { describeExpiryConformance } from './expiryConformance.js';
import { describeLockConformance } from './lockConformance.js';
import { describeParkConformance } from './parkConformance.js';
import { describeRaceConformance } from './raceConformance.js';
import { describeRemoveConformance } from './removeConformance.js';
import { describeRequestConformance } from './requestConformance.js';

/**
 * Options of {@link describeTrackerConformance}.
 *
 * @example
 * ```ts
 * // A store with one-second expiry granularity and a small connection pool:
 * describeTrackerConformance('MyTracker', () => new MyTracker(db), { ttl: 1_000, grace: 1_000, concurrency: 200 })
 * ```
 */
export interface TrackerConformanceOptions {
  /**
   * The short TTL the expiry tests write and then wait out, in ms. Raise it for a store whose expiry is coarse.
   * Default 200.
   */
  ttl?: number;
  /** How much longer than a TTL to wait before expecting the entry gone, in ms. Default 100. */
  grace?: number;
  /** How many calls the race tests start at once on one key. Default 1000. */
  concurrency?: number;
  /** Timeout of each test, in ms, on top of the time it sleeps. Default 20,000. */
  timeout?: number;
  /**
   * Whether a refused `acquireLock` must report `retryAfterMs`. The contract allows `undefined` when the store
   * cannot tell; set `false` for such a store. Default `true`.
   */
  requireRetryAfter?: boolean;
  /** Called after each test with the tracker the factory made for it, e.g. to close its connection. */
  teardown?: (tracker: PendingRequestTracker) => void | Promise<void>;
}

/**
 * Registers a vitest `describe` block that checks a {@link PendingRequestTracker} against the contract in its
 * TSDoc (version 2): locks, set-if-absent registration, JSON round trips, settle-once, a decline freeing the
 * lock, claim-then-finish (a repeated or taken-over claim, an idempotent finish that frees the lock), remove,
 * parked callbacks (set-if-absent, bounded by count and TTL, never evicting anything), real TTL expiry (no fake
 * timers: a store expires entries on its own clock), and races of `concurrency` simultaneous calls on one key.
 *
 * The parked-callback tests count every callback parked in the tracker's namespace: give the tracker the
 * factory makes a key prefix no other test run uses at the same time.
 *
 * `factory` runs before every test; every test uses fresh random keys, so a store shared with other tests or
 * parallel runs works, and nothing needs cleaning between tests. Entries expire by themselves within a minute.
 *
 * @param name - Shown as the `describe` title, e.g. `'PostgresTracker'`.
 * @param factory - Makes the tracker for one test (may be async).
 * @param options - TTLs, concurrency and timeouts; see {@link TrackerConformanceOptions}.
 * @throws {TypeError} when an option is not a whole number of at least 1, or is passed under its name from
 *   before 1.0 (`ttlMs`, `graceMs`, `timeoutMs`; now `ttl`, `grace`, `timeout`).
 *
 * @example
 * ```ts
 * // tests/postgresTracker.test.ts, run by vitest
 * import { describeTrackerConformance } from 'truecaller-web-login/testing'
 * import { PostgresTracker } from '../src/PostgresTracker.js'
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 * afterAll(() => pool.end())
 *
 * describeTrackerConformance('PostgresTracker', () => new PostgresTracker(pool), { ttl: 300 })
 * ```
 */
export function describeTrackerConformance(
  name: string,
  factory: () => PendingRequestTracker | Promise<PendingRequestTracker>,
  options: TrackerConformanceOptions = {},
): void {
  assertOptions<TrackerConformanceOptions>(OWNER, options, CONFORMANCE_OPTION_KEYS, {
    renamed: { ttlMs: 'ttl', graceMs: 'grace', timeoutMs: 'timeout' },
  });
  const ttlMs = assertDuration(OWNER, 'ttl', options.ttl, 200);
  const graceMs = assertDuration(OWNER, 'grace', options.grace, 100);
  const concurrency = assertInteger(OWNER, 'concurrency', options.concurrency, 1000, 1);
  const timeoutMs = assertDuration(OWNER, 'timeout', options.timeout, 20_000);
  let current: PendingRequestTracker | undefined;

  const context: ConformanceContext = {
    tracker() {
      if (current === undefined) throw new Error('describeTrackerConformance: the factory has not made a tracker');
      return current;
    },
    ttlMs,
    graceMs,
    concurrency,
    timeoutMs,
    retryAfterRequired: options.requireRetryAfter ?? true,
  };

  describe(`${name} conforms to PendingRequestTracker`, () => {
    beforeEach(async () => {
      current = await factory();
    });

    afterEach(async () => {
      const tracker = current;
      current = undefined;
      if (tracker !== undefined) await options.teardown?.(tracker);
    });

    describeLockConformance(context);
    describeRequestConformance(context);
    describeClaimConformance(context);
    describeRemoveConformance(context);
    describeParkConformance(context);
    describeExpiryConformance(context);
    describeRaceConformance(context);
  });
}

const OWNER = 'describeTrackerConformance';

/** Every option; the names from before 1.0 (`ttlMs`, `graceMs`, `timeoutMs`) are refused, naming the new one. */
const CONFORMANCE_OPTION_KEYS = optionKeys<TrackerConformanceOptions>()([
  'ttl',
  'grace',
  'concurrency',
  'timeout',
  'requireRetryAfter',
  'teardown',
]);
