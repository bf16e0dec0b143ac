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

const AUTHORIZED: SignInOutcome = {
  type: 'authorized',
  accessToken: 'a1b2c3-"token"\\with/odd+chars=',
  endpoint: 'https://profile4-noneu.truecaller.com/v1/default',
};

/**
 * register / get / settle on live entries: set-if-absent, JSON round trips, settle once, a decline frees the lock.
 *
 * @internal
 */
export function describeRequestConformance(context: ConformanceContext): void {
  const { timeoutMs } = context;

  describe('register and get', () => {
    it(
      'records a new request and reads it back without an outcome',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('register'));

        await expect(tracker.register(request, LONG_TTL_MS)).resolves.toBe(true);

        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request });
      },
      timeoutMs,
    );

    it(
      'refuses a requestId that is already registered and keeps the first request',
      async () => {
        const tracker = context.tracker();
        const first = fullRequest(uniqueId('register-twice'));
        await tracker.register(first, LONG_TTL_MS);

        await expect(tracker.register(minimalRequest(first.requestId), LONG_TTL_MS)).resolves.toBe(false);

        await expect(tracker.get(first.requestId)).resolves.toStrictEqual({ request: first });
      },
      timeoutMs,
    );

    it(
      'round-trips every field of a request as JSON, odd characters included',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('round-trip'));
        await tracker.register(request, LONG_TTL_MS);

        const tracked = await tracker.get(request.requestId);

        expect(tracked).toStrictEqual({ request });
      },
      timeoutMs,
    );

    it(
      'leaves absent optional fields absent (not present-and-undefined)',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('optional'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, { type: 'authorized', accessToken: 'token-without-endpoint' });

        const tracked = await tracker.get(request.requestId);

        expect(Object.keys(tracked ?? {}).sort()).toEqual(['outcome', 'request']);
        expect(Object.keys(tracked?.request ?? {}).sort()).toEqual(['createdAt', 'requestId']);
        expect(Object.keys(tracked?.outcome ?? {}).sort()).toEqual(['accessToken', 'type']);
      },
      timeoutMs,
    );

    it(
      'resolves undefined for a requestId never registered',
      async () => {
        await expect(context.tracker().get(uniqueId('unknown'))).resolves.toBeUndefined();
      },
      timeoutMs,
    );

    it(
      'does not change the request when reading it',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('get-twice'));
        await tracker.register(request, LONG_TTL_MS);

        await tracker.get(request.requestId);
        await tracker.get(request.requestId);

        await expect(tracker.remove(request.requestId)).resolves.toStrictEqual({ request });
      },
      timeoutMs,
    );
  });

  describe('settle', () => {
    it(
      'records the first outcome and reports it settled',
      async () => {
        const tracker = context.tracker();
        const request = fullRequest(uniqueId('settle'));
        await tracker.register(request, LONG_TTL_MS);

        await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({
          status: 'settled',
          tracked: { request, outcome: AUTHORIZED },
        });
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: AUTHORIZED });
      },
      timeoutMs,
    );

    it(
      'refuses a second outcome and answers with the first one',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('settle-twice'));
        await tracker.register(request, LONG_TTL_MS);
        const first: SignInOutcome = { type: 'rejected', reason: 'user_rejected' };
        await tracker.settle(request.requestId, first);

        await expect(tracker.settle(request.requestId, AUTHORIZED)).resolves.toStrictEqual({
          status: 'already-settled',
          tracked: { request, outcome: first },
        });
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: first });
      },
      timeoutMs,
    );

    it(
      'resolves missing for a requestId never registered, and records nothing',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('settle-unknown');

        await expect(tracker.settle(requestId, AUTHORIZED)).resolves.toStrictEqual({ status: 'missing' });
        await expect(tracker.get(requestId)).resolves.toBeUndefined();
        await expect(tracker.register(minimalRequest(requestId), LONG_TTL_MS)).resolves.toBe(true);
      },
      timeoutMs,
    );
    it(
      "frees the request's lock when it settles a rejection (a decline frees the number), and keeps the request",
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'settle-rejected');
        const declined: SignInOutcome = { type: 'rejected', reason: 'user_rejected' };

        await expect(tracker.settle(request.requestId, declined)).resolves.toMatchObject({ status: 'settled' });

        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(true);
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual({ request, outcome: declined });
      },
      timeoutMs,
    );

    it(
      "keeps the request's lock when it settles an approval (the poll frees it)",
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'settle-authorized');

        await tracker.settle(request.requestId, AUTHORIZED);

        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(false);
      },
      timeoutMs,
    );

    it(
      'does not free the lock on a rejection it did not settle (already settled)',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'settle-late-rejection');
        await tracker.settle(request.requestId, AUTHORIZED);

        await expect(
          tracker.settle(request.requestId, { type: 'rejected', reason: 'use_another_number' }),
        ).resolves.toMatchObject({ status: 'already-settled' });

        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(false);
      },
      timeoutMs,
    );

    it(
      'frees only the owner it recorded: a lock someone else holds under the same key stays held',
      async () => {
        const tracker = context.tracker();
        // The request remembers an owner whose lock expired; another sign-in now holds the key.
        const request = { ...fullRequest(uniqueId('settle-other-owner')) };
        const laterOwner = uniqueOwner();
        await tracker.acquireLock(request.lock?.key ?? '', laterOwner, LONG_TTL_MS);
        await tracker.register(request, LONG_TTL_MS);

        await tracker.settle(request.requestId, { type: 'rejected', reason: 'user_rejected' });

        await expect(isLockFree(tracker, request.lock?.key ?? '')).resolves.toBe(false);
        await expect(tracker.releaseLock(request.lock?.key ?? '', laterOwner)).resolves.toBe(true);
      },
      timeoutMs,
    );
  });
}
