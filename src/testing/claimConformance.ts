import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../trackers/PendingRequestTracker.js';
import {
  type ConformanceContext,
  fullRequest,
  isLockFree,
  LONG_TTL_MS,
  minimalRequest,
  registerLocked,
  uniqueId,
  uniqueOwner,
} from './context.js';

const AUTHORIZED: SignInOutcome = { type: 'authorized', accessToken: 'token-"claim"\\/+=' };

/**
 * claim / finish: the two halves of completing a sign-in, and what they guarantee after an ambiguous call
 * (one that ran although its caller saw an error): a claim can be repeated or taken over, a finish repeated.
 *
 * @internal
 */
export function describeClaimConformance(context: ConformanceContext): void {
  const { timeoutMs } = context;

  describe('claim', () => {
    it(
      'claims a settled request and hands over the request and its outcome, deleting nothing',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('claim'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);

        await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toStrictEqual({
          status: 'claimed',
          tracked: { request, outcome: AUTHORIZED },
        });

        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      },
      timeoutMs,
    );

    it(
      'answers pending for a request without an outcome, and records no claim',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('claim-pending'));
        await tracker.register(request, LONG_TTL_MS);

        await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toStrictEqual({
          status: 'pending',
          tracked: { request },
        });

        // The callback comes afterwards: the early claim gives no right to finish.
        await tracker.settle(request.requestId, AUTHORIZED);
        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(false);
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      },
      timeoutMs,
    );

    it(
      'answers missing for a requestId never registered',
      async () => {
        await expect(context.tracker().claim(uniqueId('claim-unknown'), 'claim-1')).resolves.toStrictEqual({
          status: 'missing',
        });
      },
      timeoutMs,
    );

    it(
      'lets the same claimant claim again (a repeat after a lost reply) and still finish',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('claim-repeat'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);

        await tracker.claim(request.requestId, 'claim-1');
        await expect(tracker.claim(request.requestId, 'claim-1')).resolves.toMatchObject({ status: 'claimed' });

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'lets a later claim take over: only the latest claimant can finish',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('claim-takeover'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-lost-reply');

        await expect(tracker.claim(request.requestId, 'claim-next-poll')).resolves.toMatchObject({
          status: 'claimed',
        });

        await expect(tracker.finish(request.requestId, 'claim-lost-reply')).resolves.toBe(false);
        await expect(tracker.finish(request.requestId, 'claim-next-poll')).resolves.toBe(true);
      },
      timeoutMs,
    );
  });

  describe('finish', () => {
    it(
      'ends the request: get, claim, settle and remove see it as missing',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('finish'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);

        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
        await expect(tracker.claim(request.requestId, 'claim-2')).resolves.toStrictEqual({ status: 'missing' });
        await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({ status: 'missing' });
        await expect(tracker.remove(request.requestId)).resolves.toBeUndefined();
      },
      timeoutMs,
    );

    it(
      "frees the request's lock in the same step",
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'finish-lock');
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');

        await tracker.finish(request.requestId, 'claim-1');

        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'frees only the owner it recorded: a lock someone else took after ours expired stays held',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('finish-other-owner'));
        const key = request.lock?.key ?? '';
        const laterOwner = uniqueOwner();
        await tracker.acquireLock(key, laterOwner, LONG_TTL_MS);
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');

        await tracker.finish(request.requestId, 'claim-1');

        await expect(tracker.releaseLock(key, laterOwner)).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'resolves true again when the same claimant repeats it (a retry after an ambiguous finish)',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'finish-repeat');
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');
        await tracker.finish(request.requestId, 'claim-1');

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
        await expect(tracker.finish(request.requestId, 'claim-2')).resolves.toBe(false);
        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
      },
      timeoutMs,
    );

    it(
      'refuses a claimId that never claimed, and changes nothing',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'finish-stranger');
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');

        await expect(tracker.finish(request.requestId, 'claim-stranger')).resolves.toBe(false);

        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(false);
        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'refuses to finish a request nobody claimed, or one never registered',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('finish-unclaimed'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);

        await expect(tracker.finish(request.requestId, 'claim-1')).resolves.toBe(false);
        await expect(tracker.finish(uniqueId('finish-unknown'), 'claim-1')).resolves.toBe(false);
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      },
      timeoutMs,
    );

    it(
      'keeps a finished requestId from being registered again while the request would have lived',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('finish-no-reuse'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, AUTHORIZED);
        await tracker.claim(request.requestId, 'claim-1');
        await tracker.finish(request.requestId, 'claim-1');

        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(false);
        await expect(tracker.get(request.requestId)).resolves.toBeUndefined();
      },
      timeoutMs,
    );
  });
}
