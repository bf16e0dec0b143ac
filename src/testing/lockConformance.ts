import { describe, expect, it } from 'vitest';
import { type ConformanceContext, LONG_TTL_MS, minimalRequest, sleep, uniqueId } from './context.js';

/** acquireLock / releaseLock: set-if-absent with a TTL, compare-and-delete. @internal */
export function describeLockConformance(context: ConformanceContext): void {
  const { timeoutMs } = context;

  describe('locks', () => {
    it(
      'acquires a free lock',
      async () => {
        const tracker = context.tracker();
        await expect(tracker.acquireLock(uniqueId('lock'), 'owner-a', LONG_TTL_MS)).resolves.toEqual({
          acquired: true,
        });
      },
      timeoutMs,
    );

    it(
      'refuses a held lock to another owner, with retryAfterMs in (0, ttl]',
      async () => {
        const tracker = context.tracker();
        const key = uniqueId('lock-held');
        await tracker.acquireLock(key, 'owner-a', LONG_TTL_MS);

        const attempt = await tracker.acquireLock(key, 'owner-b', LONG_TTL_MS);

        expect(attempt.acquired).toBe(false);
        const retryAfterMs = attempt.acquired ? undefined : attempt.retryAfterMs;
        if (retryAfterMs !== undefined || context.retryAfterRequired) {
          expect(retryAfterMs).toBeGreaterThan(0);
          expect(retryAfterMs).toBeLessThanOrEqual(LONG_TTL_MS);
        }
      },
      timeoutMs,
    );

    it(
      'refuses a held lock to its own owner too (set-if-absent, not re-entrant)',
      async () => {
        const tracker = context.tracker();
        const key = uniqueId('lock-reentrant');
        await tracker.acquireLock(key, 'owner-a', LONG_TTL_MS);

        await expect(tracker.acquireLock(key, 'owner-a', LONG_TTL_MS)).resolves.toMatchObject({ acquired: false });
      },
      timeoutMs,
    );

    it(
      'is released only by its owner',
      async () => {
        const tracker = context.tracker();
        const key = uniqueId('lock-release');
        await tracker.acquireLock(key, 'owner-a', LONG_TTL_MS);

        await expect(tracker.releaseLock(key, 'owner-b')).resolves.toBe(false);
        await expect(tracker.acquireLock(key, 'owner-c', LONG_TTL_MS)).resolves.toMatchObject({ acquired: false });

        await expect(tracker.releaseLock(key, 'owner-a')).resolves.toBe(true);
        await expect(tracker.releaseLock(key, 'owner-a')).resolves.toBe(false);
        await expect(tracker.acquireLock(key, 'owner-b', LONG_TTL_MS)).resolves.toEqual({ acquired: true });
      },
      timeoutMs,
    );

    it(
      'resolves false when releasing a lock nobody holds',
      async () => {
        await expect(context.tracker().releaseLock(uniqueId('lock-free'), 'owner-a')).resolves.toBe(false);
      },
      timeoutMs,
    );

    it(
      'frees the lock once its TTL has passed',
      async () => {
        const tracker = context.tracker();
        const key = uniqueId('lock-expiry');
        await tracker.acquireLock(key, 'owner-a', context.ttlMs);

        await sleep(context.ttlMs + context.graceMs);

        await expect(tracker.releaseLock(key, 'owner-a')).resolves.toBe(false);
        await expect(tracker.acquireLock(key, 'owner-b', LONG_TTL_MS)).resolves.toEqual({ acquired: true });
        await expect(tracker.releaseLock(key, 'owner-b')).resolves.toBe(true);
      },
      timeoutMs + context.ttlMs + context.graceMs,
    );

    it(
      'keeps locks apart from requests with the same id',
      async () => {
        const tracker = context.tracker();
        const id = uniqueId('lock-vs-request');
        await tracker.acquireLock(id, 'owner-a', LONG_TTL_MS);

        await expect(tracker.register(minimalRequest(id), LONG_TTL_MS)).resolves.toBe(true);
        await expect(tracker.remove(id)).resolves.toBeDefined();
        await expect(tracker.releaseLock(id, 'owner-a')).resolves.toBe(true);
      },
      timeoutMs,
    );
  });
}
