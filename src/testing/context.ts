import type { ParkedCallback, PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';

/** What every group of conformance tests gets: the tracker under test and the resolved options. @internal */
export interface ConformanceContext {
  /** The tracker the factory made for the running test. */
  tracker(): PendingRequestTracker;
  /** A TTL short enough to wait out, in ms. */
  ttlMs: number;
  /** Extra wait after a TTL before expecting the entry gone, in ms. */
  graceMs: number;
  /** How many calls the race tests start at once. */
  concurrency: number;
  /** Per-test timeout, in ms. */
  timeoutMs: number;
  /** Whether a refused lock must say how long the holder has left. */
  retryAfterRequired: boolean;
}

/** A TTL no test waits out; entries written with it are gone long before anything reuses their random keys. */
export const LONG_TTL_MS = 60_000;

/**
 * A fresh id, so tests never meet each other's entries, even in a store shared by parallel runs. The label says
 * which test wrote it, for whoever inspects the store.
 */
export function uniqueId(label: string): string {
  return `conformance-${label}-${crypto.randomUUID()}`;
}

/** Waits real time: stores expire entries on their own clock, which fake timers do not move. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A pending request with only the required fields. */
export function minimalRequest(requestId: string): PendingRequest {
  return { requestId, createdAt: Date.now() };
}

/** A pending request with every optional field set, and strings that trip naive escaping. */
export function fullRequest(requestId: string): PendingRequest {
  return {
    requestId,
    phoneNumber: '919876543210',
    state: 's-"quoted"\\back\\slash {braces} ünïcødé 🔐\n\t',
    createdAt: Date.now(),
    lock: { key: uniqueLockKey(), owner: uniqueOwner() },
  };
}

/**
 * A lock key in the form the SDK passes (`phone:<E.164 digits>`), with random digits so parallel runs never
 * share one. Persisting trackers derive their storage key from it; the tests only see the effect.
 */
export function uniqueLockKey(): string {
  const digits = Array.from(crypto.getRandomValues(new Uint8Array(11)), (byte) => byte % 10).join('');
  return `phone:9${digits}`;
}

/** An owner as random as the SDK's. */
export function uniqueOwner(): string {
  return `owner-${crypto.randomUUID()}`;
}

/**
 * Takes a fresh number lock and registers a request holding it, as a start does. Returns the request; its
 * `lock` names the key and owner.
 */
export async function registerLocked(
  tracker: PendingRequestTracker,
  label: string,
  ttl: number = LONG_TTL_MS,
): Promise<PendingRequest & { lock: { key: string; owner: string } }> {
  const lock = { key: uniqueLockKey(), owner: uniqueOwner() };
  const acquired = await tracker.acquireLock(lock.key, lock.owner, ttl);
  if (!acquired.acquired) throw new Error('conformance: a fresh random lock key was already held');
  const request = { ...fullRequest(uniqueId(label)), lock };
  if (!(await tracker.register(request, ttl))) throw new Error('conformance: a fresh requestId was already taken');
  return request;
}

/** Whether the lock `key` is free: a probe owner takes it, and gives it back. */
export async function isLockFree(tracker: PendingRequestTracker, key: string): Promise<boolean> {
  const probe = uniqueOwner();
  const attempt = await tracker.acquireLock(key, probe, LONG_TTL_MS);
  if (attempt.acquired) await tracker.releaseLock(key, probe);
  return attempt.acquired;
}

/** A parked callback with a token and a state full of characters that trip naive escaping. */
export function parkedCallback(label: string): ParkedCallback {
  return {
    outcome: { type: 'authorized', accessToken: `token-${label}-"q"\\/${crypto.randomUUID()}` },
    state: `state-${label}-ünï 🔐`,
    receivedAt: Date.now(),
  };
}
