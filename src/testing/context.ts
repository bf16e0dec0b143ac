import type { PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';

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
    lock: { key: `lock-for-${requestId}`, owner: `owner-${crypto.randomUUID()}` },
  };
}
