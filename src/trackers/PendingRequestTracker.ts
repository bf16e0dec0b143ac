/**
 * A sign-in the app started (or, in the mobile-web flow, registered) and has not finished yet.
 * Stored as plain JSON.
 *
 * @example
 * ```ts
 * const request: PendingRequest = {
 *   requestId: 'a1b2c3d4',
 *   phoneNumber: '919876543210',
 *   state: session.id,
 *   createdAt: Date.now(),
 *   lock: { key: 'phone:919876543210', owner: 'r4nd0m' },
 * }
 * ```
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
  /**
   * The per-number lock this request holds. `key` is the lifecycle's lock key (`phone:<E.164 digits>`) exactly
   * as it was passed to {@link PendingRequestTracker.acquireLock}; `owner` is the random owner it was taken
   * with. The tracker frees this lock itself when the sign-in ends ({@link PendingRequestTracker.finish},
   * {@link PendingRequestTracker.remove}, a rejected {@link PendingRequestTracker.settle}), always as a
   * compare-and-delete on `owner`, so it never frees a lock a later sign-in took after this one's expired.
   */
  lock?: { key: string; owner: string };
}

/**
 * What Truecaller's callback said about a pending request. Holds the access token until the profile is fetched.
 *
 * @example
 * ```ts
 * const approved: SignInOutcome = { type: 'authorized', accessToken: callback.accessToken }
 * const declined: SignInOutcome = { type: 'rejected', reason: 'user_rejected' }
 * ```
 */
export type SignInOutcome =
  | { type: 'authorized'; accessToken: string; endpoint?: string }
  | { type: 'rejected'; reason: string };

/**
 * A pending request and, once the callback came, its outcome.
 *
 * @example
 * ```ts
 * const tracked = await tracker.get(requestId)
 * if (tracked?.outcome?.type === 'authorized') console.log('approved, not yet completed')
 * ```
 */
export interface TrackedRequest {
  /** The request as registered. */
  request: PendingRequest;
  /** What the callback said; absent until it came. */
  outcome?: SignInOutcome;
}

/**
 * A {@link TrackedRequest} whose callback has come: what {@link PendingRequestTracker.claim} hands to the
 * claimant.
 *
 * @example
 * ```ts
 * const result = await tracker.claim(requestId, claimId)
 * if (result.status === 'claimed') console.log(result.tracked.outcome.type)
 * ```
 */
export interface SettledRequest extends TrackedRequest {
  /** What the callback said. */
  outcome: SignInOutcome;
}

/**
 * Result of {@link PendingRequestTracker.acquireLock}.
 *
 * @example
 * ```ts
 * const attempt: LockAttempt = await tracker.acquireLock('phone:919876543210', owner, 300_000)
 * if (!attempt.acquired) console.log(`held for ${attempt.retryAfterMs} ms more`)
 * ```
 */
export type LockAttempt = { acquired: true } | { acquired: false; retryAfterMs: number | undefined };

/**
 * Result of {@link PendingRequestTracker.settle}.
 *
 * - `settled`: this call recorded the outcome; `tracked` holds it.
 * - `already-settled`: an earlier call recorded an outcome (possibly another one); `tracked` holds that one.
 * - `missing`: no such request (never registered, expired, finished or removed).
 *
 * @example
 * ```ts
 * const result: SettleResult = await tracker.settle(requestId, { type: 'rejected', reason: 'user_rejected' })
 * if (result.status === 'missing') throw new Error('unknown request')
 * ```
 */
export type SettleResult =
  | { status: 'settled'; tracked: TrackedRequest }
  | { status: 'already-settled'; tracked: TrackedRequest }
  | { status: 'missing' };

/**
 * Result of {@link PendingRequestTracker.claim}.
 *
 * - `claimed`: the request has an outcome and `claimId` is now its current claim; `tracked` holds both.
 * - `pending`: the request exists but its callback has not come; nothing changed.
 * - `missing`: no such request (never registered, expired, finished or removed).
 *
 * @example
 * ```ts
 * const result: ClaimResult = await tracker.claim(requestId, claimId)
 * if (result.status === 'claimed' && (await tracker.finish(requestId, claimId))) {
 *   // this caller, and no other, completes the sign-in with result.tracked.outcome
 * }
 * ```
 */
export type ClaimResult =
  | { status: 'claimed'; tracked: SettledRequest }
  | { status: 'pending'; tracked: TrackedRequest }
  | { status: 'missing' };

/**
 * A callback that arrived for a requestId not (yet) registered: Truecaller can call back before the start
 * call's answer has been recorded. It is kept by {@link PendingRequestTracker.park} for a short time and checked
 * (state, then number) like any other callback when the request is registered. Stored as plain JSON.
 *
 * @example
 * ```ts
 * const parked: ParkedCallback = {
 *   outcome: { type: 'authorized', accessToken: callback.accessToken },
 *   state: callback.state,
 *   receivedAt: Date.now(),
 * }
 * ```
 */
export interface ParkedCallback {
  /** What the callback said. Holds the access token, like a settled request. */
  outcome: SignInOutcome;
  /** The callback's `state`, when it carried one (mobile-web callbacks carry none). Untrusted until adopted. */
  state?: string;
  /** When the callback arrived, in ms since the epoch. */
  receivedAt: number;
}

/**
 * Result of {@link PendingRequestTracker.park}: `parked` when the callback is kept (or one is already kept
 * under this requestId), `full` when `maxParked` callbacks are already kept and this one was not.
 *
 * @example
 * ```ts
 * const result: ParkResult = await tracker.park(requestId, parked, 30_000, 1_000)
 * ```
 */
export type ParkResult = 'parked' | 'full';

/**
 * Where the SDK keeps sign-ins between the three steps (start, callback, status poll), which on a
 * multi-instance deployment land on different processes. `MemoryTracker` serves one process;
 * `RedisTracker` (from `truecaller-web-login/redis`) serves many. To write your own (SQL, DynamoDB…), implement
 * these methods and run `describeTrackerConformance` from `truecaller-web-login/testing` against it.
 *
 * This is version 2 of the contract. From version 1, `take` was replaced by {@link claim} + {@link finish}
 * (idempotent per claimId, so it leaves a marker), {@link remove}, {@link park} and {@link unpark} were added,
 * and a rejected {@link settle} now frees the number's lock. Lock keys are passed as `phone:<digits>`.
 *
 * ## The rules every method follows
 * - **One atomic operation.** Every method is one operation against the store (one Redis script, one SQL
 *   statement or transaction): two concurrent calls never both see the state before the other's write, and no
 *   reader ever sees half of one. Where a method "also frees the lock", that happens in the same operation.
 * - **Fail closed.** Any store error (connection lost, timeout, corrupt value) rejects the promise; the SDK
 *   turns it into `TrackerError`. Never resolve with a guess, never swallow an error.
 * - **Ambiguous calls are expected.** A call that rejects (a timeout, a dropped connection, a command an
 *   offline queue replays later) may still have run, now or later. The SDK is built for that, and relies on
 *   exactly these properties, which your implementation must keep:
 *   - every write is conditional (set-if-absent, compare-and-set, compare-and-delete on a value the SDK chose),
 *     so running a call late, or twice, never overwrites somebody else's data;
 *   - {@link releaseLock} is a compare-and-delete on the random owner, so the SDK undoes a failed or ambiguous
 *     {@link acquireLock} by releasing it; if the store runs commands in the order they were sent (Redis does,
 *     also from a client's offline queue), the release runs after the late acquire and frees it;
 *   - {@link claim} only records who may finish; it deletes nothing, so a claim whose reply was lost costs
 *     nothing: the next poll claims again (taking the claim over) and completes the sign-in;
 *   - {@link finish} is idempotent for one `claimId`: repeated after an ambiguous run, it resolves `true` again,
 *     so the claimant can retry it and knows for sure whether the sign-in is its own to complete.
 * - **TTLs** are milliseconds from the moment of the write. Once a TTL has passed, the entry behaves exactly as
 *   if it had never existed. Only {@link register}, {@link acquireLock} and {@link park} set an expiry; every
 *   other write keeps the entry's original one.
 * - **Values are plain JSON** (strings, numbers, objects): serialize with `JSON.stringify`, return what
 *   `JSON.parse` gives back, field for field as written (the SDK compares `request.lock.owner`).
 * - **Keys are namespaced** by the implementation (a prefix option), so several apps can share a store.
 * - **Lock keys** arrive as `phone:<E.164 digits>`. A tracker that persists keys must not store that as is: it
 *   derives its storage key (RedisTracker: SHA-256 hex of it, or HMAC-SHA-256 under its `encryptionKey`), and
 *   frees the lock under the same derived key wherever it frees one (store the derived key next to the request
 *   when your atomic operation cannot compute it). An in-process tracker may use the key as is.
 * - **Bounded.** A tracker that refuses new entries at capacity rejects the call (the SDK reports
 *   `TrackerError`, the app answers 503); it never makes room by dropping a pending request, a live lock or a
 *   claim. Parked callbacks are bounded on their own ({@link park}) and never push anything else out.
 *
 * @example
 * ```ts
 * import { TruecallerClient } from 'truecaller-web-login'
 * import type { PendingRequestTracker } from 'truecaller-web-login'
 *
 * class PostgresTracker implements PendingRequestTracker {
 *   // acquireLock, releaseLock, register, get, settle, claim, finish, remove, park, unpark
 * }
 * const client = new TruecallerClient({ appKey, tracker: new PostgresTracker(pool) })
 * ```
 */
export interface PendingRequestTracker {
  /**
   * Takes the lock `key` for `owner` for `ttl` ms, unless someone holds it (set-if-absent, `SET NX PX`).
   * When held, resolves `{ acquired: false, retryAfterMs }` with the time the holder still has, if known.
   *
   * After an ambiguous call the SDK calls {@link releaseLock} with the same key and owner.
   */
  acquireLock(key: string, owner: string, ttl: number): Promise<LockAttempt>;

  /** Frees the lock `key` only if `owner` still holds it (compare-and-delete). Resolves whether it did. */
  releaseLock(key: string, owner: string): Promise<boolean>;

  /**
   * Records a new pending request for `ttl` ms, unless one with this requestId exists (set-if-absent; a
   * finished request's marker counts as existing until it expires, so a finished requestId cannot be
   * registered again). Resolves `true` when recorded, `false` when the requestId was taken.
   *
   * After an ambiguous call the SDK repeats it; a repeat that resolves `false` is told apart from somebody
   * else's request by {@link get} and `request.lock.owner`.
   */
  register(request: PendingRequest, ttl: number): Promise<boolean>;

  /**
   * Reads a request and its outcome, if any, without changing it. `undefined` when missing, expired, finished
   * or removed.
   */
  get(requestId: string): Promise<TrackedRequest | undefined>;

  /**
   * Records the callback's outcome exactly once (compare-and-set on "no outcome yet"), keeping the request's
   * expiry. Of many concurrent calls for one requestId, exactly one resolves `settled`; the others resolve
   * `already-settled` with the outcome that won. A missing, expired, finished or removed request resolves
   * `missing`.
   *
   * When it settles an outcome of type `'rejected'` (the user declined), it also frees the request's lock in the
   * same operation (compare-and-delete on `request.lock.owner`): a decline frees the number at once, even if
   * nobody ever polls. The request itself stays until it is finished or expires, so the poll can still report
   * the decline.
   */
  settle(requestId: string, outcome: SignInOutcome): Promise<SettleResult>;

  /**
   * First half of completing a sign-in. If the request has an outcome, records `claimId` as its current claim,
   * overwriting any earlier claim (a later poll that passed the state check takes over a claim whose owner
   * vanished, e.g. because the reply to its claim was lost), and resolves `claimed` with the request and its
   * outcome. Resolves `pending` (changing nothing) while there is no outcome, and `missing` when the request is
   * missing, expired, finished or removed. Keeps the request's expiry. Deletes nothing.
   */
  claim(requestId: string, claimId: string): Promise<ClaimResult>;

  /**
   * Second half of completing a sign-in: only if `claimId` is the request's current claim, ends the request in
   * one operation: removes it (so {@link get}, {@link claim}, {@link settle} and {@link remove} see it as
   * missing), frees its lock (compare-and-delete on `request.lock.owner`), and leaves a marker "finished by
   * `claimId`" until the request's original expiry. The marker holds no outcome and no token.
   *
   * Resolves `true` when the request is finished under `claimId`, by this call or by an earlier call with the
   * same `claimId` (a retry after an ambiguous call). Resolves `false` when another claim holds it or finished
   * it, or it is missing, expired or removed. Of concurrent `finish` calls with different claimIds, at most one
   * resolves `true`, and only a caller that got `true` may act on the outcome.
   *
   * A tracker at capacity may discard markers before anything else (they hold no sign-in); the only cost is
   * that a late retry of `finish` then resolves `false`.
   */
  finish(requestId: string, claimId: string): Promise<boolean>;

  /**
   * Removes a request, whatever its state (pending, settled, claimed), and frees its lock (compare-and-delete on
   * `request.lock.owner`) in the same operation, resolving with what it held (get-and-delete). Used when the
   * browser gives up (`cancelSignIn`). Of many concurrent calls for one requestId, exactly one receives the
   * request; the others resolve `undefined`, as do calls for a missing, expired or finished request. A removed
   * requestId leaves no marker.
   */
  remove(requestId: string): Promise<TrackedRequest | undefined>;

  /**
   * Keeps a callback for a requestId that is not registered (yet), for `ttl` ms, apart from pending requests:
   * set-if-absent per requestId (a callback already parked under it stays, and the call resolves `parked`), and
   * at most `maxParked` parked callbacks at once across all requestIds. At capacity, after discarding expired
   * ones, it resolves `full` and keeps nothing: a flood of unknown ids never evicts a parked callback, a pending
   * request or a lock, and never grows the store beyond `maxParked` callbacks.
   */
  park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number): Promise<ParkResult>;

  /**
   * Removes and returns the callback parked under `requestId` (get-and-delete), or `undefined` when none is
   * (never parked, expired, or already unparked). Of concurrent calls, exactly one receives it.
   */
  unpark(requestId: string): Promise<ParkedCallback | undefined>;
}
