/**
 * pollSignIn's schedule and outcomes, on a fake clock with a scripted fetch. The same behaviour is checked in
 * real Chromium against a real server in `chromium.test.ts`; here every millisecond is under the test's control.
 */
import { isTruecallerRouteError, type PollResult, pollSignIn } from 'truecaller-web-login/browser';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { json, networkError, pending, scriptedFetch } from './support/scriptedFetch.js';

const STATUS_URL = '/truecaller/status';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts a poll and records how it settled, without awaiting it. */
function startPoll(options: Parameters<typeof pollSignIn>[1]) {
  const outcome: { result?: PollResult; error?: unknown; settled: boolean } = { settled: false };
  const promise = pollSignIn(STATUS_URL, options).then(
    (result) => Object.assign(outcome, { result, settled: true }),
    (error: unknown) => Object.assign(outcome, { error, settled: true }),
  );
  return { outcome, promise };
}

describe('cadence', () => {
  test('the first poll comes after one interval, then one interval after each answer', async () => {
    const fake = scriptedFetch(pending, pending, json({ status: 'completed' }));

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch });
    await vi.advanceTimersByTimeAsync(2999);
    expect(fake.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(6001);

    expect(fake.requests.map((request) => request.at)).toEqual([3000, 6000, 9000]);
    expect(outcome.result).toEqual({ status: 'completed' });
  });

  test('asks for the requestId with a GET, encoded, keeping an existing query', async () => {
    const fake = scriptedFetch(json({ status: 'expired' }));

    const { promise } = startPoll({ requestId: 'a+b/c=', fetch: fake.fetch, interval: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await promise;
    const again = scriptedFetch(json({ status: 'expired' }));
    const second = pollSignIn('/status?tenant=acme', { requestId: 'x', fetch: again.fetch, interval: 10 });
    await vi.advanceTimersByTimeAsync(10);
    await second;

    expect(fake.requests[0]).toMatchObject({ method: 'GET', url: '/truecaller/status?requestId=a%2Bb%2Fc%3D' });
    expect(again.requests[0]?.url).toBe('/status?tenant=acme&requestId=x');
  });

  test('never has two polls in flight, even when answers are slow', async () => {
    let answered = 0;
    const slow = () => {
      answered++;
      return answered < 4 ? 'hang' : Response.json({ status: 'completed' });
    };
    const fake = scriptedFetch(slow);

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 100, timeout: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);

    expect(fake.requests).toHaveLength(1);
    expect(fake.maxInFlight).toBe(1);
  });

  test('onPending hears every pending answer with the attempt count', async () => {
    const fake = scriptedFetch(pending, pending, json({ status: 'expired' }));
    const onPending = vi.fn();

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 500, onPending });
    await vi.advanceTimersByTimeAsync(1500);

    expect(onPending.mock.calls).toEqual([[{ attempt: 1, elapsedMs: 500 }], [{ attempt: 2, elapsedMs: 1000 }]]);
  });
});

describe('final answers', () => {
  test.each([
    [{ status: 'completed', user: { id: 7 } }],
    [{ status: 'rejected', reason: 'use_another_number' }],
    [{ status: 'expired' }],
  ])('%j ends the poll with that answer and no further request', async (answer) => {
    const fake = scriptedFetch(pending, json(answer));

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch });
    await vi.advanceTimersByTimeAsync(60_000);

    expect(outcome.result).toEqual(answer);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('timeout', () => {
  test('still pending after 30 s by default: resolves timeout, after polls every 3 s, and stops', async () => {
    const fake = scriptedFetch(pending);

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(outcome.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(60_000);

    expect(outcome.result).toEqual({ status: 'timeout' });
    expect(fake.requests.map((request) => request.at)).toEqual([
      3000, 6000, 9000, 12_000, 15_000, 18_000, 21_000, 24_000, 27_000,
    ]);
  });

  test('interrupts a request still in flight at the deadline and aborts it', async () => {
    const fake = scriptedFetch('hang');

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000, timeout: 5000 });
    await vi.advanceTimersByTimeAsync(5000);

    expect(outcome.result).toEqual({ status: 'timeout' });
    expect(fake.requests[0]?.signal?.aborted).toBe(true);
  });

  test('leaves no timer behind once settled', async () => {
    const fake = scriptedFetch(pending, json({ status: 'completed' }));

    const { promise } = startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 100, timeout: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    await promise;

    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('Retry-After and back-off', () => {
  test('503 with Retry-After: the next poll waits that long', async () => {
    const fake = scriptedFetch(
      json({ error: 'tracker_error' }, 503, { 'retry-after': '7' }),
      json({ status: 'completed' }),
    );

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000 });
    await vi.advanceTimersByTimeAsync(20_000);

    expect(fake.requests.map((request) => request.at)).toEqual([1000, 8000]);
  });

  test('429 with retryAfterMs in the body: honoured, and preferred to the header', async () => {
    const fake = scriptedFetch(
      json({ error: 'rate_limited', retryAfterMs: 4500 }, 429, { 'retry-after': '60' }),
      json({ status: 'completed' }),
    );

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000 });
    await vi.advanceTimersByTimeAsync(20_000);

    expect(fake.requests.map((request) => request.at)).toEqual([1000, 5500]);
  });

  test('a Retry-After shorter than the interval does not speed polling up', async () => {
    const fake = scriptedFetch(json({}, 503, { 'retry-after': '0' }), json({ status: 'completed' }));

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000 });
    await vi.advanceTimersByTimeAsync(5000);

    expect(fake.requests.map((request) => request.at)).toEqual([1000, 2000]);
  });

  test('a Retry-After past the deadline: no poll is made, the poll times out at the deadline', async () => {
    const fake = scriptedFetch(json({}, 503, { 'retry-after': '120' }));

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000, timeout: 30_000 });
    await vi.advanceTimersByTimeAsync(30_000);

    expect(outcome.result).toEqual({ status: 'timeout' });
    expect(fake.requests).toHaveLength(1);
  });

  test('network errors and 502/504 back off 2x, 4x, 8x the interval; an answer resets it', async () => {
    const fake = scriptedFetch(
      networkError,
      networkError,
      json({}, 502),
      pending,
      networkError,
      json({ status: 'completed' }),
    );

    startPoll({ requestId: 'req-1', fetch: fake.fetch, interval: 1000, timeout: 60_000 });
    await vi.advanceTimersByTimeAsync(60_000);

    const gaps = fake.requests.slice(1).map((request, i) => request.at - (fake.requests[i]?.at ?? 0));
    expect(gaps).toEqual([2000, 4000, 8000, 1000, 2000]);
  });
});

describe('errors', () => {
  test("an error answer rejects with the route's code, status and message", async () => {
    const fake = scriptedFetch(json({ error: 'state_mismatch', message: 'Not your sign-in.' }, 403));

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch });
    await vi.advanceTimersByTimeAsync(3000);

    expect(isTruecallerRouteError(outcome.error)).toBe(true);
    expect(outcome.error).toMatchObject({
      name: 'TruecallerRouteError',
      code: 'state_mismatch',
      status: 403,
      message: 'Not your sign-in.',
    });
  });

  test.each([
    ['an HTML page', () => new Response('<html>login</html>', { headers: { 'content-type': 'text/html' } })],
    ['an unknown status', json({ status: 'approved' })],
    ['a 500 without a JSON body', () => new Response('oops', { status: 500 })],
  ])('%s rejects with unexpected_response', async (_, reply) => {
    const fake = scriptedFetch(reply);

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch });
    await vi.advanceTimersByTimeAsync(3000);

    expect(outcome.error).toMatchObject({ code: 'unexpected_response' });
  });

  test.each([
    [{ requestId: '' }],
    [{ requestId: 'req-1', interval: 0 }],
    [{ requestId: 'req-1', timeout: Number.NaN }],
  ])('bad options %j are a TypeError and nothing is fetched', async (options) => {
    const fake = scriptedFetch(pending);

    await expect(pollSignIn(STATUS_URL, { ...options, fetch: fake.fetch })).rejects.toBeInstanceOf(TypeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('abort', () => {
  test('during a wait: rejects at once with the reason, and no poll follows', async () => {
    const fake = scriptedFetch(pending);
    const controller = new AbortController();
    const reason = new Error('user left');

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(4000);
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);

    expect(outcome.error).toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('during a request: aborts the request and rejects with the reason', async () => {
    const fake = scriptedFetch('hang');
    const controller = new AbortController();

    const { outcome } = startPoll({ requestId: 'req-1', fetch: fake.fetch, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(3000);
    controller.abort('cancelled');
    await vi.advanceTimersByTimeAsync(0);

    expect(outcome.error).toBe('cancelled');
    expect(fake.requests[0]?.signal?.aborted).toBe(true);
  });

  test('already aborted: rejects with the reason and never fetches', async () => {
    const fake = scriptedFetch(pending);

    await expect(
      pollSignIn(STATUS_URL, { requestId: 'req-1', fetch: fake.fetch, signal: AbortSignal.abort('gone') }),
    ).rejects.toBe('gone');
    expect(fake.requests).toHaveLength(0);
  });
});
