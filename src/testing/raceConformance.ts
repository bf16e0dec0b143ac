import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../trackers/PendingRequestTracker.js';
import {
  type ConformanceContext,
  isLockFree,
  LONG_TTL_MS,
  minimalRequest,
  parkedCallback,
  registerLocked,
  sleep,
  uniqueId,
} from './context.js';

/**
 * Many concurrent calls on one entry: the atomicity the SDK depends on. A store that reads and then writes in
 * two steps passes every other test and fails these.
 *
 * @internal
 */
export function describeRaceConformance(context: ConformanceContext): void {
  const { concurrency, timeoutMs } = context;
  const indexes = Array.from({ length: concurrency }, (_, index) => index);

  describe(`races (${concurrency} concurrent calls)`, () => {
    it(
      'lets exactly one of many acquireLock calls on one key win',
      async () => {
        const tracker = context.tracker();
        const key = uniqueId('race-lock');

        const attempts = await Promise.all(indexes.map((i) => tracker.acquireLock(key, `owner-${i}`, LONG_TTL_MS)));

        const winners = indexes.filter((i) => attempts[i]?.acquired === true);
        expect(winners).toHaveLength(1);
        // The winner really holds it: only its owner can release it.
        await expect(tracker.releaseLock(key, `owner-${winners[0]}`)).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'lets exactly one of many register calls for one requestId record it',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('race-register');
        const requests = indexes.map((i) => ({ ...minimalRequest(requestId), state: `state-${i}` }));

        const results = await Promise.all(requests.map((request) => tracker.register(request, LONG_TTL_MS)));

        const winners = indexes.filter((i) => results[i] === true);
        expect(winners).toHaveLength(1);
        await expect(tracker.get(requestId)).resolves.toStrictEqual({ request: requests[winners[0] ?? -1] });
      },
      timeoutMs,
    );

    it(
      'lets exactly one of many polls that each claim and then finish complete the sign-in, and frees the lock',
      async () => {
        const tracker = context.tracker();
        const request = await registerLocked(tracker, 'race-claim');
        await tracker.settle(request.requestId, { type: 'authorized', accessToken: 'token-race' });

        // Every poll claims and then finishes at once. The polls start over a few milliseconds, so that claims
        // land between other polls' claims and finishes even on an in-process store.
        const finished = await Promise.all(
          indexes.map(async (i) => {
            await sleep(i % 4);
            const claim = await tracker.claim(request.requestId, `claim-${i}`);
            return claim.status === 'claimed' && (await tracker.finish(request.requestId, `claim-${i}`));
          }),
        );

        // Exactly one: the claimant whose claim came last among those made before the request ended.
        expect(finished.filter(Boolean)).toHaveLength(1);
        await expect(tracker.claim(request.requestId, 'claim-late')).resolves.toStrictEqual({ status: 'missing' });
        await expect(isLockFree(tracker, request.lock.key)).resolves.toBe(true);
      },
      timeoutMs,
    );

    it(
      'lets exactly one of many finish calls with different claims through after they all claimed',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('race-finish'));
        await tracker.register(request, LONG_TTL_MS);
        await tracker.settle(request.requestId, { type: 'authorized', accessToken: 'token-race' });
        await Promise.all(indexes.map((i) => tracker.claim(request.requestId, `claim-${i}`)));

        const finished = await Promise.all(indexes.map((i) => tracker.finish(request.requestId, `claim-${i}`)));

        expect(finished.filter(Boolean)).toHaveLength(1);
      },
      timeoutMs,
    );

    it(
      'gives the request to exactly one of many remove calls',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('race-remove'));
        await tracker.register(request, LONG_TTL_MS);

        const removed = await Promise.all(indexes.map(() => tracker.remove(request.requestId)));

        expect(removed.filter((tracked) => tracked !== undefined)).toStrictEqual([{ request }]);
      },
      timeoutMs,
    );

    it(
      'gives a parked callback to exactly one of many unpark calls',
      async () => {
        const tracker = context.tracker();
        const requestId = uniqueId('race-unpark');
        const callback = parkedCallback('race');
        await tracker.park(requestId, callback, LONG_TTL_MS, 1_000);

        const unparked = await Promise.all(indexes.map(() => tracker.unpark(requestId)));

        expect(unparked.filter((parked) => parked !== undefined)).toStrictEqual([callback]);
      },
      timeoutMs,
    );

    it(
      'parks at most maxParked of many concurrent callbacks, and loses none it answered parked',
      async () => {
        const tracker = context.tracker();
        const maxParked = Math.max(1, Math.floor(concurrency / 10));
        const ids = indexes.map((i) => uniqueId(`race-park-${i}`));

        const results = await Promise.all(
          ids.map((id) => tracker.park(id, parkedCallback(id), LONG_TTL_MS, maxParked)),
        );

        const parked = ids.filter((_, i) => results[i] === 'parked');
        expect(parked.length).toBeLessThanOrEqual(maxParked);
        const unparked = await Promise.all(ids.map((id) => tracker.unpark(id)));
        expect(ids.filter((_, i) => unparked[i] !== undefined)).toStrictEqual(parked);
      },
      timeoutMs,
    );

    it(
      'settles exactly once under many settle calls, and shows every loser the winning outcome',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('race-settle'));
        await tracker.register(request, LONG_TTL_MS);
        const outcomes: SignInOutcome[] = indexes.map((i) => ({ type: 'authorized', accessToken: `token-${i}` }));

        const results = await Promise.all(outcomes.map((outcome) => tracker.settle(request.requestId, outcome)));

        const winners = indexes.filter((i) => results[i]?.status === 'settled');
        expect(winners).toHaveLength(1);
        const winning = outcomes[winners[0] ?? -1];
        const expected = { request, outcome: winning };
        for (const [i, result] of results.entries()) {
          if (i === winners[0]) expect(result).toStrictEqual({ status: 'settled', tracked: expected });
          else expect(result).toStrictEqual({ status: 'already-settled', tracked: expected });
        }
        await expect(tracker.get(request.requestId)).resolves.toStrictEqual(expected);
      },
      timeoutMs,
    );
  });
}
