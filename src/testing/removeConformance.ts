import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../trackers/PendingRequestTracker.js';
import { type ConformanceContext, isLockFree, LONG_TTL_MS, registerLocked, uniqueId } from './context.js';

const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: 'token-remove' };

/** remove: get-and-delete in any state, freeing the lock in the same step (what a cancelled sign-in needs). @internal */
export function describeRemoveConformance(context: ConformanceContext): void {
  const { timeoutMs } = context;

  describe('remove', () => {
    it(
      'removes a pending request, frees its lock and resolves with what it held, once',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'remove');

        await expect(tracker.remove(request.requestId)).resolves.toStrictEqual({ request });

        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(true);
        await expect(tracker.remove(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({ status: 'missing' });
      },
      timeoutMs,
    );

    it(
      'removes a settled and claimed request: the claimant can no longer finish it',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'remove-claimed');
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');

        await expect(tracker.remove(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(false);
        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'leaves no marker: the requestId can be registered again',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'remove-reuse');
        await tracker.remove(request.requestId);

        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(true);
        await tracker.remove(request.requestId);
      },
      timeoutMs,
    );

    it(
      'resolves undefined for a requestId never registered',
      async () => {
        await expect(context.tracker().remove(uniqueId('remove-unknown'))).resolves.toBeUndefined();
      },
      timeoutMs,
    );
  });
}
