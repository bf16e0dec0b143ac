import { describe, expect, it } from 'vitest';
import type { SignInOutcome } from '../trackers/PendingRequestTracker.js';
import { type ConformanceContext, LONG_TTL_MS, minimalRequest, uniqueId } from './context.js';

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
      'gives the request to exactly one of many take calls',
      async () => {
        const tracker = context.tracker();
        const request = minimalRequest(uniqueId('race-take'));
        await tracker.register(request, LONG_TTL_MS);

        const taken = await Promise.all(indexes.map(() => tracker.take(request.requestId)));

        const received = taken.filter((tracked) => tracked !== undefined);
        expect(received).toStrictEqual([{ request }]);
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
