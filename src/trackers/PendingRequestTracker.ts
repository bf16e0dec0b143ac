/**
 * A sign-in the app started (or, in the mobile-web flow, registered) and has not finished yet.
 * Stored as plain JSON.
 */
export interface PendingRequest {
  /** Truecaller's requestId (web flow) or the page's requestNonce (mobile-web flow). */
  requestId: string;
  /** E.164 digits without `+`. Absent in the mobile-web flow, where the app never learns the number up front. */
  phoneNumber?: string;
  /**
   * The `state` the sign-in was started with. Status polls must present the same one; so must callbacks,
   * except in the mobile-web flow, whose callbacks carry no state.
   */
  state?: string;
  /** `'mobile-web'` for requests recorded by `registerRequest` (deep-link flow); absent for the web flow. */
  flow?: 'mobile-web';
  /** When the request was recorded, in ms since the epoch. */
  createdAt: number;
  /** The per-number lock this request holds, released when the sign-in ends. */
  lock?: { key: string; owner: string };
}

/** What Truecaller's callback said about a pending request. Holds the access token until the profile is fetched. */
export type SignInOutcome =
  | { type: 'authorized'; accessToken: string; endpoint?: string }
  | { type: 'rejected'; reason: string };

/** A pending request and, once the callback came, its outcome. */
export interface TrackedRequest {
  /** The request as registered. */
  request: PendingRequest;
  /** What the callback said; absent until it came. */
  outcome?: SignInOutcome;
}

/** Result of {@link PendingRequestTracker.acquireLock}. */
export type LockAttempt = { acquired: true } | { acquired: false; retryAfterMs: number | undefined };

/** Result of {@link PendingRequestTracker.settle}. */
export type SettleResult =
  | { status: 'settled'; tracked: TrackedRequest }
  | { status: 'already-settled'; tracked: TrackedRequest }
  | { status: 'missing' };

/**
 * Where the SDK keeps sign-ins between the three steps (start, callback, status poll), which on a
 * multi-instance deployment land on different processes. `MemoryTracker` serves one process;
 * `RedisTracker` (from `truecaller-web-login/redis`) serves many. To write your own (SQL, DynamoDB…), implement
 * these six methods and run `describeTrackerConformance` from `truecaller-web-login/testing` against it.
 *
 * The contract:
 * - **Every method is one atomic operation** against the store (one Redis round trip or Lua script, one SQL
 *   statement): two concurrent calls never both see the state before the other's write.
 * - **TTLs** are milliseconds from the moment of the write. Once a TTL has passed, the entry behaves exactly as
 *   if it had never existed (`get`/`take` return `undefined`, `settle` returns `missing`, the lock is free).
 *   `settle` keeps the request's original expiry; nothing else extends it.
 * - **Values are plain JSON** (strings, numbers, objects): serialize with `JSON.stringify`, return what
 *   `JSON.parse` gives back.
 * - **Keys are namespaced** by the implementation (a prefix option), so several apps can share a store.
 * - **Failures reject.** Any store error (connection lost, timeout, corrupt value) rejects the promise; the
 *   SDK turns it into `TrackerError` and fails closed. Never resolve with a guess, never retry silently.
 */
export interface PendingRequestTracker {
  /**
   * Takes the lock `key` for `owner` for `ttlMs`, unless someone holds it (set-if-absent, `SET NX PX`).
   * When held, resolves `{ acquired: false, retryAfterMs }` with the time the holder still has, if known.
   */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<LockAttempt>;

  /** Frees the lock `key` only if `owner` still holds it (compare-and-delete). Resolves whether it did. */
  releaseLock(key: string, owner: string): Promise<boolean>;

  /**
   * Records a new pending request for `ttlMs`, unless one with this requestId exists (set-if-absent).
   * Resolves `true` when recorded, `false` when the requestId was taken.
   */
  register(request: PendingRequest, ttlMs: number): Promise<boolean>;

  /** Reads a request and its outcome, if any, without changing it. */
  get(requestId: string): Promise<TrackedRequest | undefined>;

  /**
   * Records the callback's outcome exactly once (compare-and-set on "no outcome yet"), keeping the request's
   * expiry. Of many concurrent calls for one requestId, exactly one resolves `settled`; the others resolve
   * `already-settled` with the outcome that won. A missing or expired request resolves `missing`.
   */
  settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult>;

  /**
   * Removes a request and resolves with what it held (get-and-delete, `GETDEL`). Of many concurrent calls for
   * one requestId, exactly one receives the request; the others resolve `undefined`.
   */
  take(requestId: string): Promise<TrackedRequest | undefined>;
}
