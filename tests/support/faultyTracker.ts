/**
 * A test-only tracker wrapper that simulates what a real store does to calls under faults, around a real
 * {@link MemoryTracker}:
 *
 * - `refuse`: the call rejects and never runs (connection refused, offline queue off);
 * - `lose-reply`: the call runs, then rejects (a reply that arrived after the client's timeout);
 * - `defer`: the call rejects now and runs later, at {@link FaultyTracker.resume}, in the order calls were
 *   made (a command waiting in an offline queue, or behind `CLIENT PAUSE … WRITE`, replayed when the store is
 *   back). Like one connection, it keeps order: while a call is deferred, every later call is deferred behind
 *   it, and while {@link FaultyTracker.pause}d, every call is.
 *
 * Faults are set per method, for the next `times` calls (default: until cleared). Hooks run before a method's
 * inner call, so a test can hold one caller at a chosen point while others go ahead.
 *
 * @example
 * ```ts
 * const tracker = new FaultyTracker()
 * tracker.fault('claim', 'lose-reply', 1)
 * await expect(client.completeSignIn(requestId, { state })).rejects.toThrow(TrackerError)
 * await expect(client.completeSignIn(requestId, { state })).resolves.toMatchObject({ status: 'completed' })
 * ```
 */
import {
  MemoryTracker,
  type MemoryTrackerOptions,
  type ParkedCallback,
  type PendingRequest,
  type PendingRequestTracker,
  type SignInOutcome,
} from 'truecaller-web-login';

export type TrackerMethod = keyof PendingRequestTracker;
export type FaultMode = 'refuse' | 'lose-reply' | 'defer';

interface Fault {
  mode: FaultMode;
  remaining: number;
}

/** The error a store client would throw; its message quotes nothing secret. */
export class SimulatedStoreError extends Error {
  override name = 'SimulatedStoreError';
}

export class FaultyTracker implements PendingRequestTracker {
  /** The real tracker underneath, for reading the state directly. */
  readonly inner: MemoryTracker;
  /** Every call made, in order, with the outcome the caller saw. */
  readonly calls: { method: TrackerMethod; result: 'ok' | FaultMode }[] = [];
  readonly #faults = new Map<TrackerMethod, Fault>();
  readonly #hooks = new Map<TrackerMethod, () => Promise<void>>();
  readonly #deferred: (() => Promise<unknown>)[] = [];
  #paused = false;

  constructor(options: MemoryTrackerOptions = {}) {
    this.inner = new MemoryTracker(options);
  }

  /** Makes the next `times` calls of `method` fail in `mode` (default: every call until {@link clear}). */
  fault(method: TrackerMethod, mode: FaultMode, times = Number.POSITIVE_INFINITY): this {
    this.#faults.set(method, { mode, remaining: times });
    return this;
  }

  /** Runs `hook` before every call of `method` reaches the store (until {@link clear}). */
  hook(method: TrackerMethod, hook: () => Promise<void>): this {
    this.#hooks.set(method, hook);
    return this;
  }

  /** Removes every fault and hook (deferred calls stay queued until {@link resume}). */
  clear(): void {
    this.#faults.clear();
    this.#hooks.clear();
  }

  /** From now on every call is deferred: it rejects at once and runs at {@link resume}. */
  pause(): void {
    this.#paused = true;
  }

  /** Ends a pause and runs every deferred call, in the order they were made. */
  async resume(): Promise<void> {
    this.#paused = false;
    while (this.#deferred.length > 0)
      await this.#deferred
        .shift()?.()
        .catch(() => undefined);
  }

  /** How many calls of `method` were made. */
  count(method: TrackerMethod): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  async #run<T>(method: TrackerMethod, call: () => Promise<T>): Promise<T> {
    await this.#hooks.get(method)?.();
    // One connection keeps order: behind a queued call, every later call waits in the queue too.
    const mode = this.#paused || this.#deferred.length > 0 ? 'defer' : this.#take(method);
    this.calls.push({ method, result: mode ?? 'ok' });
    if (mode === undefined) return call();
    if (mode === 'refuse') throw new SimulatedStoreError(`${method}: connection refused`);
    if (mode === 'lose-reply') {
      await call();
      throw new SimulatedStoreError(`${method}: command timed out`);
    }
    this.#deferred.push(call);
    throw new SimulatedStoreError(`${method}: command timed out (still queued)`);
  }

  #take(method: TrackerMethod): FaultMode | undefined {
    const fault = this.#faults.get(method);
    if (fault === undefined || fault.remaining <= 0) return undefined;
    fault.remaining -= 1;
    return fault.mode;
  }

  acquireLock(key: string, owner: string, ttl: number) {
    return this.#run('acquireLock', () => this.inner.acquireLock(key, owner, ttl));
  }
  releaseLock(key: string, owner: string) {
    return this.#run('releaseLock', () => this.inner.releaseLock(key, owner));
  }
  register(request: PendingRequest, ttl: number) {
    return this.#run('register', () => this.inner.register(request, ttl));
  }
  get(requestId: string) {
    return this.#run('get', () => this.inner.get(requestId));
  }
  settle(requestId: string, outcome: SignInOutcome) {
    return this.#run('settle', () => this.inner.settle(requestId, outcome));
  }
  claim(requestId: string, claimId: string) {
    return this.#run('claim', () => this.inner.claim(requestId, claimId));
  }
  finish(requestId: string, claimId: string) {
    return this.#run('finish', () => this.inner.finish(requestId, claimId));
  }
  remove(requestId: string) {
    return this.#run('remove', () => this.inner.remove(requestId));
  }
  park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number) {
    return this.#run('park', () => this.inner.park(requestId, callback, ttl, maxParked));
  }
  unpark(requestId: string) {
    return this.#run('unpark', () => this.inner.unpark(requestId));
  }
}
