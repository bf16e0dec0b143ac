import type {
  LockAttempt,
  PendingRequest,
  PendingRequestTracker,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from './PendingRequestTracker.js';

/** Options of {@link MemoryTracker}. */
export interface MemoryTrackerOptions {
  /** Most locks, and separately most requests, kept at once; beyond it the oldest is evicted. Default 10,000. */
  maxEntries?: number | undefined;
  /** Clock in ms since the epoch. Default `Date.now`; tests pass their own. */
  now?: (() => number) | undefined;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

/**
 * The default tracker: in this process's memory. Right for a single process (one server, local development,
 * tests); on several instances or serverless functions use `RedisTracker`, because the callback and the
 * browser's polls land on different processes.
 *
 * Bounded by `maxEntries` (oldest first out), O(1) per operation, and timer-free: expired entries are dropped
 * as later writes pass them, so nothing keeps the process alive and nothing grows after traffic stops.
 * Stored values are copied in and out as JSON, like any other store.
 *
 * @example
 * ```ts
 * const client = new TruecallerClient({ appKey, tracker: new MemoryTracker({ maxEntries: 50_000 }) })
 * ```
 */
export class MemoryTracker implements PendingRequestTracker {
  readonly #locks = new Map<string, Entry<string>>();
  readonly #requests = new Map<string, Entry<string>>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: MemoryTrackerOptions = {}) {
    const maxEntries = options.maxEntries ?? 10_000;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new TypeError('MemoryTracker: `maxEntries` must be a whole number of at least 1.');
    }
    this.#maxEntries = maxEntries;
    this.#now = options.now ?? Date.now;
  }

  async acquireLock(key: string, owner: string, ttlMs: number): Promise<LockAttempt> {
    const now = this.#now();
    const held = this.#live(this.#locks, key, now);
    if (held !== undefined) return { acquired: false, retryAfterMs: held.expiresAt - now };
    this.#insert(this.#locks, key, owner, now + ttlMs, now);
    return { acquired: true };
  }

  async releaseLock(key: string, owner: string): Promise<boolean> {
    const held = this.#live(this.#locks, key, this.#now());
    if (held?.value !== owner) return false;
    this.#locks.delete(key);
    return true;
  }

  async register(request: PendingRequest, ttlMs: number): Promise<boolean> {
    const now = this.#now();
    if (this.#live(this.#requests, request.requestId, now) !== undefined) return false;
    const tracked: TrackedRequest = { request };
    this.#insert(this.#requests, request.requestId, JSON.stringify(tracked), now + ttlMs, now);
    return true;
  }

  async get(requestId: string): Promise<TrackedRequest | undefined> {
    const entry = this.#live(this.#requests, requestId, this.#now());
    return entry === undefined ? undefined : (JSON.parse(entry.value) as TrackedRequest);
  }

  async settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult> {
    const entry = this.#live(this.#requests, requestId, this.#now());
    if (entry === undefined) return { status: 'missing' };
    const tracked = JSON.parse(entry.value) as TrackedRequest;
    if (tracked.outcome !== undefined) return { status: 'already-settled', tracked };
    const settled: TrackedRequest = { ...tracked, outcome };
    // Same entry, same place in the eviction order, same expiry.
    entry.value = JSON.stringify(settled);
    return { status: 'settled', tracked: JSON.parse(entry.value) as TrackedRequest };
  }

  async take(requestId: string): Promise<TrackedRequest | undefined> {
    const entry = this.#live(this.#requests, requestId, this.#now());
    if (entry === undefined) return undefined;
    this.#requests.delete(requestId);
    return JSON.parse(entry.value) as TrackedRequest;
  }

  /** Number of live and not-yet-swept entries (locks plus requests); for tests and metrics. */
  get size(): number {
    return this.#locks.size + this.#requests.size;
  }

  #live(map: Map<string, Entry<string>>, key: string, now: number): Entry<string> | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    map.delete(key);
    return undefined;
  }

  #insert(map: Map<string, Entry<string>>, key: string, value: string, expiresAt: number, now: number): void {
    // Maps iterate in insertion order, and one map's TTLs are normally all equal, so expired entries gather at
    // the front: sweeping from there costs O(1) amortized and keeps expired entries from holding memory.
    for (const [oldKey, oldEntry] of map) {
      if (oldEntry.expiresAt > now) break;
      map.delete(oldKey);
    }
    map.delete(key);
    map.set(key, { value, expiresAt });
    if (map.size > this.#maxEntries) {
      const oldest = map.keys().next();
      if (!oldest.done) map.delete(oldest.value);
    }
  }
}
