import { describe, expect, it } from 'vitest';
import type { ParkedCallback } from '../trackers/PendingRequestTracker.js';
import { type ConformanceContext, LONG_TTL_MS, minimalRequest, parkedCallback, sleep, uniqueId } from './context.js';

/**
 * park / unpark: early callbacks kept apart from pending requests, set-if-absent, bounded by count and TTL.
 *
 * The count bound is shared by every parked callback in the tracker's namespace, so each test unparks what it
 * parked, and the tests expect no one else to park callbacks in that namespace while they run: the factory
 * should give its tracker a key prefix of its own.
 *
 * @internal
 */
export function describeParkConformance(context: ConformanceContext): void {
  const { ttlMs, graceMs, timeoutMs } = context;

  describe('park and unpark', () => {
    it(
      'keeps a callback and hands it back once, as JSON, odd characters included',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('park');
        const callback = parkedCallback('park');

        await expect(tracker.park(requestId, callback, LONG_TTL_MS, 1_000)).resolves.toBe('parked');

        await expect(tracker.unpark(requestId)).resolves.toStrictEqual(callback);
        await expect(tracker.unpark(requestId)).resolves.toBeUndefined();
      },
      timeoutMs,
    );

    it(
      'leaves absent optional fields absent',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('park-minimal');
        const callback: ParkedCallback = { outcome: { type: 'rejected', reason: 'user_rejected' }, receivedAt: 1 };
        await tracker.park(requestId, callback, LONG_TTL_MS, 1_000);

        const unparked = await tracker.unpark(requestId);

        expect(unparked).toStrictEqual(callback);
        expect(Object.keys(unparked ?? {}).sort()).toEqual(['outcome', 'receivedAt']);
      },
      timeoutMs,
    );

    it(
      'keeps the first callback parked under a requestId (set-if-absent)',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('park-twice');
        const first = parkedCallback('first');
        await tracker.park(requestId, first, LONG_TTL_MS, 1_000);

        await expect(tracker.park(requestId, parkedCallback('second'), LONG_TTL_MS, 1_000)).resolves.toBe('parked');

        await expect(tracker.unpark(requestId)).resolves.toStrictEqual(first);
      },
      timeoutMs,
    );

    it(
      'resolves undefined for a requestId with nothing parked',
      async () => {
        await expect(context.tracker().unpark(uniqueId('park-unknown'))).resolves.toBeUndefined();
      },
      timeoutMs,
    );

    it(
      'keeps parked callbacks apart from requests: parking settles nothing, registering unparks nothing',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('park-apart');
        const callback = parkedCallback('apart');
        await tracker.park(requestId, callback, LONG_TTL_MS, 1_000);
        const request = minimalRequest(requestId);

        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(true);

        await expect(tracker.get(requestId)).resolves.toStrictEqual({ request });
        await expect(tracker.unpark(requestId)).resolves.toStrictEqual(callback);
        await tracker.remove(requestId);
      },
      timeoutMs,
    );

    it(
      'refuses a new callback at maxParked, keeping every one already parked (a flood pushes nothing out)',
      async () => {
        const tracker = context.tracker();
        const maxParked = 3;
        const ids = Array.from({ length: maxParked + 3 }, (_, index) => uniqueId(`park-bound-${index}`));
        const results: string[] = [];
        for (const id of ids) results.push(await tracker.park(id, parkedCallback(id), LONG_TTL_MS, maxParked));

        const parked = ids.filter((_, index) => results[index] === 'parked');
        expect(parked.length).toBeGreaterThan(0);
        expect(parked.length).toBeLessThanOrEqual(maxParked);
        expect(results.slice(parked.length).every((result) => result === 'full')).toBe(true);
        for (const [index, id] of ids.entries()) {
          const unparked = await tracker.unpark(id);
          if (results[index] === 'parked') expect(unparked).toBeDefined();
          else expect(unparked).toBeUndefined();
        }
        // Unparked ones no longer count.
        const again = uniqueId('park-bound-again');
        await expect(tracker.park(again, parkedCallback(again), LONG_TTL_MS, maxParked)).resolves.toBe('parked');
        await tracker.unpark(again);
      },
      timeoutMs,
    );

    it(
      'refuses parking rather than evicting a pending request or a lock',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('park-no-evict'));
        await tracker.register(request, LONG_TTL_MS);
        const lockKey = uniqueId('park-no-evict-lock');
        await tracker.acquireLock(lockKey, 'owner-a', LONG_TTL_MS);
        const ids = Array.from({ length: 20 }, (_, index) => uniqueId(`park-flood-${index}`));

        for (const id of ids) await tracker.park(id, parkedCallback(id), LONG_TTL_MS, 2);

        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
        await expect(tracker.releaseLock(lockKey, 'owner-a')).resolves.toBe(true);
        for (const id of ids) await tracker.unpark(id);
        await tracker.remove(request.requestId);
      },
      timeoutMs,
    );

    it(
      'forgets a parked callback once its TTL has passed, and stops counting it',
      async () => {
        const tracker = context.tracker();
        const ids = [uniqueId('park-expiry-a'), uniqueId('park-expiry-b')];
        for (const id of ids) await tracker.park(id, parkedCallback(id), ttlMs, 1_000);

        await sleep(ttlMs + graceMs);

        for (const id of ids) await expect(tracker.unpark(id)).resolves.toBeUndefined();
        // With maxParked 1, a fresh callback fits only if the expired ones are not counted (nor anything else).
        const fresh = uniqueId('park-after-expiry');
        const expiredId = uniqueId('park-expiry-c');
        await tracker.park(expiredId, parkedCallback(expiredId), ttlMs, 1);
        await sleep(ttlMs + graceMs);
        await expect(tracker.park(fresh, parkedCallback(fresh), LONG_TTL_MS, 1)).resolves.toBe('parked');
        await tracker.unpark(fresh);
      },
      timeoutMs + 2 * (ttlMs + graceMs),
    );
  });
}
