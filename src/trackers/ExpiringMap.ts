interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A `Map` whose entries expire, timer-free, with the bookkeeping a bounded store needs: it never evicts a live
 * entry by itself; {@link hasRoom} only discards expired ones, and the caller decides what else may go.
 *
 * Maps iterate in insertion order and one map's TTLs are normally all equal, so expired entries gather at the
 * front: every write sweeps from there in O(1) amortized. When that is not enough (mixed TTLs) and the map is
 * at its limit, a full sweep runs, but only if some entry can have expired since the last one (the earliest
 * expiry seen is kept), so a flood at capacity costs O(1) per refused write, not a scan each.
 *
 * @internal
 */
export class ExpiringMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  /** A lower bound of every live entry's expiry; `Infinity` when there is none. */
  #earliestExpiry = Number.POSITIVE_INFINITY;

  /** The live value under `key`; an expired one is deleted on the way. */
  get(key: string, now: number): V | undefined {
    return this.#live(key, now)?.value;
  }

  /** Milliseconds until `key` expires, or `undefined` when it is not live. */
  remaining(key: string, now: number): number | undefined {
    const entry = this.#live(key, now);
    return entry === undefined ? undefined : entry.expiresAt - now;
  }

  /** Writes `value` under `key` until `expiresAt`, at the back of the order. Checks no limit: see {@link hasRoom}. */
  set(key: string, value: V, expiresAt: number, now: number): void {
    this.#sweepFront(now);
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    if (expiresAt < this.#earliestExpiry) this.#earliestExpiry = expiresAt;
  }

  /** Replaces the value under a live `key`, keeping its expiry and its place. Returns whether it was live. */
  replace(key: string, value: V, now: number): boolean {
    const entry = this.#live(key, now);
    if (entry === undefined) return false;
    entry.value = value;
    return true;
  }

  /** Deletes `key`. Returns whether it was live. */
  delete(key: string, now: number): boolean {
    const live = this.#live(key, now) !== undefined;
    this.#entries.delete(key);
    return live;
  }

  /** Deletes the oldest entry (the first written), live or not. Returns whether there was one. */
  deleteOldest(): boolean {
    const oldest = this.#entries.keys().next();
    if (oldest.done) return false;
    this.#entries.delete(oldest.value);
    return true;
  }

  /**
   * Discards expired entries and tells whether fewer than `limit` remain, counting `others` as well (entries the
   * caller keeps elsewhere under the same limit).
   */
  hasRoom(limit: number, now: number, others = 0): boolean {
    this.#sweepFront(now);
    if (this.#entries.size + others < limit) return true;
    this.sweep(now);
    return this.#entries.size + others < limit;
  }

  /** Discards every expired entry; a no-op when none can have expired since the last full sweep. */
  sweep(now: number): void {
    if (now >= this.#earliestExpiry) this.#sweepAll(now);
  }

  /** Entries held, including expired ones not swept yet. */
  get size(): number {
    return this.#entries.size;
  }

  #live(key: string, now: number): Entry<V> | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > now) return entry;
    this.#entries.delete(key);
    return undefined;
  }

  #sweepFront(now: number): void {
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }

  #sweepAll(now: number): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAt <= now) this.#entries.delete(key);
      else if (entry.expiresAt < earliest) earliest = entry.expiresAt;
    }
    this.#earliestExpiry = earliest;
  }
}
