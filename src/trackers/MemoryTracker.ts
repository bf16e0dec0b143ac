import { assertInteger, assertOptionalFunction, assertOptions, optionKeys } from '../internal/assert.js';
import { ExpiringMap } from './ExpiringMap.js';
import type {
  ClaimResult,
  LockAttempt,
  ParkedCallback,
  ParkResult,
  PendingRequest,
  PendingRequestTracker,
  SettledRequest,
  SettleResult,
  SignInOutcome,
  TrackedRequest,
} from './PendingRequestTracker.js';
import { decodeStoredRecord, ParkedCallbackSchema, TrackedRequestSchema } from './schema.js';

/** Options of {@link MemoryTracker}. */
export interface MemoryTrackerOptions {
  /**
   * Most locks, and separately most requests, kept at once. At the limit, expired entries and the markers of
   * finished sign-ins are dropped first; if that frees no room, the NEW lock or request is refused (the call
   * rejects, the SDK reports `TrackerError`, the app answers 503). A pending sign-in or a live lock is never
   * dropped. Size it above the sign-ins that can be pending at once (about starts per second × `pendingTtl`
   * in seconds); see `docs/security.md`. Default 10,000.
   */
  maxEntries?: number | undefined;
  /** Clock in ms since the epoch. Default `Date.now`; tests pass their own. */
  now?: (() => number) | undefined;
}

/** A request as held in memory: JSON, so callers never share objects with the store, and its current claim. */
interface StoredRequest {
  json: string;
  claim?: string;
}

/**
 * The default tracker: in this process's memory. Right for a single process (one server, local development,
 * tests); on several instances or serverless functions use `RedisTracker`, because the callback and the
 * browser's polls land on different processes.
 *
 * Bounded, O(1) per operation, and timer-free: expired entries are dropped as later writes pass them, so
 * nothing keeps the process alive and nothing grows after traffic stops. At `maxEntries` it refuses new
 * entries rather than evicting live ones, so a flood of starts or registrations can fail new sign-ins (the
 * app answers 503) but never cancels one already under way. Parked early callbacks are bounded separately, by
 * the count the SDK passes to {@link park}. Lock keys are used as given (nothing is persisted, so nothing
 * needs hashing). Stored values are copied in and out as JSON, like any other store.
 *
 * @example
 * ```ts
 * const client = new TruecallerClient({ appKey, tracker: new MemoryTracker({ maxEntries: 50_000 }) })
 * ```
 */
export class MemoryTracker implements PendingRequestTracker {
  readonly #locks = new ExpiringMap<string>();
  readonly #requests = new ExpiringMap<StoredRequest>();
  /** Markers of finished requests: requestId to the claimId that finished it. Count with the requests. */
  readonly #finished = new ExpiringMap<string>();
  readonly #parked = new ExpiringMap<string>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  /**
   * @throws {TypeError} when `maxEntries` is not a whole number of at least 1, `now` is not a function, or an
   *   option is unknown (the message names the closest valid one).
   */
  constructor(options: MemoryTrackerOptions = {}) {
    assertOptions<MemoryTrackerOptions>('MemoryTracker', options, MEMORY_TRACKER_KEYS);
    this.#maxEntries = assertInteger('MemoryTracker', 'maxEntries', options.maxEntries, 10_000, 1);
    this.#now = assertOptionalFunction<() => number>('MemoryTracker', 'now', options.now) ?? Date.now;
  }

  /** @throws {Error} when `maxEntries` live locks are held (the new one is refused). */
  async acquireLock(key: string, owner: string, ttl: number): Promise<LockAttempt> {
    const now = this.#now();
    const retryAfterMs = this.#locks.remaining(key, now);
    if (retryAfterMs !== undefined) return { acquired: false, retryAfterMs };
    if (!this.#locks.hasRoom(this.#maxEntries, now)) throw full('locks', this.#maxEntries);
    this.#locks.set(key, owner, now + ttl, now);
    return { acquired: true };
  }

  async releaseLock(key: string, owner: string): Promise<boolean> {
    const now = this.#now();
    if (this.#locks.get(key, now) !== owner) return false;
    return this.#locks.delete(key, now);
  }

  /** @throws {Error} when `maxEntries` live requests are held (the new one is refused). */
  async register(request: PendingRequest, ttl: number): Promise<boolean> {
    const now = this.#now();
    const { requestId } = request;
    if (this.#requests.get(requestId, now) !== undefined || this.#finished.get(requestId, now) !== undefined) {
      return false;
    }
    if (!this.#makeRoomForRequest(now)) throw full('requests', this.#maxEntries);
    const tracked: TrackedRequest = { request };
    this.#requests.set(requestId, { json: JSON.stringify(tracked) }, now + ttl, now);
    return true;
  }

  async get(requestId: string): Promise<TrackedRequest | undefined> {
    const stored = this.#requests.get(requestId, this.#now());
    return stored === undefined ? undefined : tracked(stored.json, 'get');
  }

  async settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult> {
    const now = this.#now();
    const stored = this.#requests.get(requestId, now);
    if (stored === undefined) return { status: 'missing' };
    const current = tracked(stored.json, 'settle');
    if (current.outcome !== undefined) return { status: 'already-settled', tracked: current };
    const settled = { ...current, outcome } satisfies TrackedRequest;
    // Same entry, same expiry.
    this.#requests.replace(requestId, { json: JSON.stringify(settled) }, now);
    if (outcome.type === 'rejected') this.#freeLock(current.request, now);
    // Shares nothing with the store (it holds JSON): `current` is a fresh copy, `outcome` the caller's own object.
    return { status: 'settled', tracked: settled };
  }

  async claim(requestId: string, claimId: string): Promise<ClaimResult> {
    const now = this.#now();
    const stored = this.#requests.get(requestId, now);
    if (stored === undefined) return { status: 'missing' };
    const current = tracked(stored.json, 'claim');
    if (current.outcome === undefined) return { status: 'pending', tracked: current };
    this.#requests.replace(requestId, { json: stored.json, claim: claimId }, now);
    return { status: 'claimed', tracked: current as SettledRequest };
  }

  async finish(requestId: string, claimId: string): Promise<boolean> {
    const now = this.#now();
    const stored = this.#requests.get(requestId, now);
    if (stored === undefined) return this.#finished.get(requestId, now) === claimId;
    if (stored.claim !== claimId) return false;
    const remaining = this.#requests.remaining(requestId, now) ?? 0;
    this.#requests.delete(requestId, now);
    this.#freeLock(tracked(stored.json, 'finish').request, now);
    // The marker takes the request's place under the same limit, so this never needs room of its own.
    this.#finished.set(requestId, claimId, now + remaining, now);
    return true;
  }

  async remove(requestId: string): Promise<TrackedRequest | undefined> {
    const now = this.#now();
    const stored = this.#requests.get(requestId, now);
    if (stored === undefined) return undefined;
    this.#requests.delete(requestId, now);
    const removed = tracked(stored.json, 'remove');
    this.#freeLock(removed.request, now);
    return removed;
  }

  async park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number): Promise<ParkResult> {
    const now = this.#now();
    if (this.#parked.get(requestId, now) !== undefined) return 'parked';
    if (!this.#parked.hasRoom(maxParked, now)) return 'full';
    this.#parked.set(requestId, JSON.stringify(callback), now + ttl, now);
    return 'parked';
  }

  async unpark(requestId: string): Promise<ParkedCallback | undefined> {
    const now = this.#now();
    const json = this.#parked.get(requestId, now);
    if (json === undefined) return undefined;
    this.#parked.delete(requestId, now);
    return decodeStoredRecord(ParkedCallbackSchema, json, 'MemoryTracker.unpark');
  }

  /** Entries held of every kind (locks, requests, finished markers, parked callbacks); for tests and metrics. */
  get size(): number {
    return this.#locks.size + this.#requests.size + this.#finished.size + this.#parked.size;
  }

  /** Expired entries go first, then finished markers (oldest first); live requests never. */
  #makeRoomForRequest(now: number): boolean {
    this.#finished.sweep(now);
    while (!this.#requests.hasRoom(this.#maxEntries, now, this.#finished.size)) {
      if (!this.#finished.deleteOldest()) return false;
    }
    return true;
  }

  /** Compare-and-delete of a request's lock, as the contract asks wherever a sign-in ends. */
  #freeLock(request: PendingRequest, now: number): void {
    const lock = request.lock;
    if (lock !== undefined && this.#locks.get(lock.key, now) === lock.owner) this.#locks.delete(lock.key, now);
  }
}

/** A stored request read back through the schema every tracker shares (a fresh copy each time). */
function tracked(json: string, operation: string): TrackedRequest {
  return decodeStoredRecord(TrackedRequestSchema, json, `MemoryTracker.${operation}`);
}

const MEMORY_TRACKER_KEYS = optionKeys<MemoryTrackerOptions>()(['maxEntries', 'now']);

function full(what: 'locks' | 'requests', maxEntries: number): Error {
  const error = new Error(
    `MemoryTracker is full (${maxEntries} live ${what}); the new entry was refused and nothing was evicted. ` +
      'Raise maxEntries or rate-limit the public sign-in routes.',
  );
  error.name = 'TrackerFullError';
  return error;
}
