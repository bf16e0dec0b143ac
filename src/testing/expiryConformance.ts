import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../trackers/PendingRequestTracker.js';
import { type ConformanceContext, fullRequest, LONG_TTL_MS, minimalRequest, sleep, uniqueId } from './context.js';

const REJECTED: SignInOutcome = { type: 'rejected', reason: 'user_rejected' };

/**
 * TTLs on requests: an expired request behaves as never registered; settle, claim and finish keep the
 * original expiry (a finished request's marker lasts exactly as long as the request would have).
 *
 * @internal
 */
export function describeExpiryConformance(context: ConformanceContext): void {
  const { ttlMs, graceMs, timeoutMs } = context;

  describe('expiry', () => {
    it(
      'treats an expired request as absent: get, claim, settle, remove and register all see nothing',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('expired'));
        await tracker.register(request, ttlMs);

        await sleep(ttlMs + graceMs);

        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toStrictEqual({ status: 'missing' });
        await expect(tracker.remove(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.settle(request.requestId, REJECTED)).resolves.toStrictEqual({ status: 'missing' });
        await expect(tracker.register(minimalRequest(request.requestId), ttlMs)).resolves.toBe(true);
      },
      timeoutMs + ttlMs + graceMs,
    );

    it(
      'expires a settled request at its original time (settle keeps the expiry)',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('settle-keeps-ttl'));
        // Registered for 3 TTLs and settled after 1, the request must be gone after 3 TTLs plus grace; a store
        // that rewrote the expiry on settle would keep it until 4 TTLs (or forever). The 2 TTLs of slack before
        // the settle keep a slow machine from oversleeping past the expiry.
        await tracker.register(request, 3 * ttlMs);
        await sleep(ttlMs);
        await expect(tracker.settle(request.requestId, REJECTED)).resolves.toMatchObject({ status: 'settled' });

        await sleep(2 * ttlMs + graceMs);

        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.settle(request.requestId, REJECTED)).resolves.toStrictEqual({ status: 'missing' });
      },
      timeoutMs + 3 * ttlMs + graceMs,
    );

    it(
      'does not extend the expiry when a request is read',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('get-keeps-ttl'));
        // Same timing as above: a sliding expiry (reset on every read) would keep the request past 3 TTLs.
        await tracker.register(request, 3 * ttlMs);
        await sleep(ttlMs);
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });

        await sleep(2 * ttlMs + graceMs);

        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
      },
      timeoutMs + 3 * ttlMs + graceMs,
    );

    it(
      'keeps a request until its TTL has passed',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('not-yet-expired'));
        await tracker.register(request, 4 * ttlMs);

        await sleep(ttlMs);

        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
      },
      timeoutMs + ttlMs,
    );

    it(
      'expires a claimed request at its original time (claim keeps the expiry)',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('claim-keeps-ttl'));
        await tracker.register(request, 3 * ttlMs);
        await tracker.settle(request.requestId, REJECTED);
        await sleep(ttlMs);
        await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toMatchObject({ status: 'claimed' });

        await sleep(2 * ttlMs + graceMs);

        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(false);
      },
      timeoutMs + 3 * ttlMs + graceMs,
    );

    it(
      "drops a finished request's marker at the request's original expiry: the requestId is free again",
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('marker-ttl'));
        await tracker.register(request, 3 * ttlMs);
        await tracker.settle(request.requestId, REJECTED);
        await tracker.claim(request.requestId, 'claim-1');
        await sleep(ttlMs);
        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(false);

        await sleep(2 * ttlMs + graceMs);

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(false);
        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(true);
        await tracker.remove(request.requestId);
      },
      timeoutMs + 3 * ttlMs + graceMs,
    );
  });
}
