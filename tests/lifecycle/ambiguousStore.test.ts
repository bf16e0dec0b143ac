/**
 * Issue 6 §1: an ambiguous store call (one that failed for the caller but ran in the store, now or later) must
 * not cost the user anything: the user repeats the step as soon as the store answers, and it works; an
 * approved sign-in is never lost; a prompt that went out is never reported as a plain failure.
 */
import { RequestPendingError, type SignInStatus, TrackerError, type TruecallerClient } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { FaultyTracker } from '../support/faultyTracker.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

function faultyClient() {
  const tracker = new FaultyTracker();
  const { client } = lifecycle.createClient({ tracker });
  return { client, tracker };
}

const start = (client: TruecallerClient) => client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

/** A started and approved sign-in. */
async function approvedSignIn(client: TruecallerClient) {
  const { requestId } = await start(client);
  await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE });
  return requestId;
}

describe('start: an ambiguous lock acquisition is undone', () => {
  test('an acquire that ran although its reply was lost leaves the number free: the retry prompts at once', async () => {
    const { client, tracker } = faultyClient();
    tracker.fault('acquireLock', 'lose-reply', 1);

    await expect(start(client)).rejects.toBeInstanceOf(TrackerError);
    expect(lifecycle.startCalls).toHaveLength(0);

    await expect(start(client)).resolves.toMatchObject({ phoneNumber: PHONE_NUMBER });
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('an acquire replayed after the error (offline queue, CLIENT PAUSE) is undone by the release queued behind it', async () => {
    const { client, tracker } = faultyClient();
    tracker.pause();

    await expect(start(client)).rejects.toBeInstanceOf(TrackerError);
    // Both the acquire and its undo wait in the queue; the store comes back and runs them in order.
    await tracker.resume();

    await expect(start(client)).resolves.toMatchObject({ phoneNumber: PHONE_NUMBER });
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('an acquire that never ran costs nothing either', async () => {
    const { client, tracker } = faultyClient();
    tracker.fault('acquireLock', 'refuse', 1);

    await expect(start(client)).rejects.toBeInstanceOf(TrackerError);

    await expect(start(client)).resolves.toMatchObject({ phoneNumber: PHONE_NUMBER });
  });
});

describe('start: a prompt that went out is never reported as a plain failure', () => {
  test('a register that ran although its reply was lost is recognised by its lock owner: the start succeeds', async () => {
    const { client, tracker } = faultyClient();
    tracker.fault('register', 'lose-reply', 1);

    const requestId = await approvedSignIn(client);

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('a register that failed once is retried: the start succeeds and the sign-in completes', async () => {
    const { client, tracker } = faultyClient();
    tracker.fault('register', 'refuse', 1);

    const requestId = await approvedSignIn(client);

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
  });

  test('a register that keeps failing reports the pending prompt (RequestPendingError), keeps the lock, and no second prompt is sent', async () => {
    const { client, tracker } = faultyClient();
    tracker.fault('register', 'refuse');

    const error = await start(client).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RequestPendingError);
    expect((error as RequestPendingError).retryAfterMs).toBeGreaterThan(290_000);
    expect((error as Error).cause).toBeInstanceOf(TrackerError);
    tracker.clear();
    await expect(start(client)).rejects.toBeInstanceOf(RequestPendingError);
    expect(lifecycle.startCalls).toHaveLength(1);
  });
});

describe('status: an ambiguous claim or finish never loses an approved sign-in', () => {
  test('a claim that ran although its reply was lost: the next poll takes the claim over and completes', async () => {
    const { client, tracker } = faultyClient();
    const requestId = await approvedSignIn(client);
    tracker.fault('claim', 'lose-reply', 1);

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);
    expect(lifecycle.profileCalls).toHaveLength(0);

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(lifecycle.profileCalls).toHaveLength(1);
    await expect(start(client)).resolves.toBeDefined();
  });

  test('a finish that ran although its reply was lost is retried within the poll, which completes', async () => {
    const { client, tracker } = faultyClient();
    const requestId = await approvedSignIn(client);
    tracker.fault('finish', 'lose-reply', 1);

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });

    expect(tracker.count('finish')).toBe(2);
    expect(lifecycle.profileCalls).toHaveLength(1);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    await expect(start(client)).resolves.toBeDefined();
  });

  test('a finish that never ran, on every attempt: TrackerError, no token used, and the next poll completes', async () => {
    const { client, tracker } = faultyClient();
    const requestId = await approvedSignIn(client);
    tracker.fault('finish', 'refuse', 3);

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);
    expect(lifecycle.profileCalls).toHaveLength(0);

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(lifecycle.profileCalls).toHaveLength(1);
  });

  test('worst case, a finish that ran while every attempt failed: the sign-in ends, but the number is free at once', async () => {
    const { client, tracker } = faultyClient();
    const requestId = await approvedSignIn(client);
    tracker.fault('finish', 'defer');

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);
    tracker.clear();
    await tracker.resume();

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(0);
    await expect(start(client)).resolves.toBeDefined();
  });

  test('a poll held after its claim loses to a poll that took the claim over: one completion, one profile fetch', async () => {
    const { client, tracker } = faultyClient();
    const requestId = await approvedSignIn(client);
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let finishes = 0;
    // The first poll's finish waits until the second poll has claimed and finished.
    tracker.hook('finish', async () => {
      finishes += 1;
      if (finishes === 1) await firstHeld;
    });

    const first = client.completeSignIn(requestId, { state: STATE });
    await expect.poll(() => finishes).toBe(1);
    const second = await client.completeSignIn(requestId, { state: STATE });
    releaseFirst();

    expect(second).toMatchObject({ status: 'completed' });
    expect(await first).toEqual({ status: 'pending' } satisfies SignInStatus);
    expect(lifecycle.profileCalls).toHaveLength(1);
  });
});

describe('the user repeats a failed step as soon as the store answers, and it works', () => {
  test.each(['refuse', 'lose-reply', 'defer'] as const)(
    'every step, one %s fault each: the sign-in completes and the number is free afterwards',
    async (mode) => {
      const { client, tracker } = faultyClient();
      // What a browser does: on a 503, try the same step again once the store is back.
      const retry = async <T>(step: () => Promise<T>): Promise<T> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await step();
          } catch (error) {
            if (!(error instanceof TrackerError) || attempt === 5) throw error;
            await tracker.resume();
          }
        }
      };
      for (const method of ['acquireLock', 'get', 'settle', 'claim'] as const) tracker.fault(method, mode, 1);

      const { requestId } = await retry(() => start(client));
      const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
      await retry(() => client.handleCallback({ requestId, accessToken, state: STATE }));
      let status: SignInStatus = { status: 'pending' };
      for (let poll = 0; poll < 3 && status.status !== 'completed'; poll++) {
        status = await retry(() => client.completeSignIn(requestId, { state: STATE }));
      }

      expect(status).toMatchObject({ status: 'completed', phoneNumber: PHONE_NUMBER });
      expect(lifecycle.profileCalls).toHaveLength(1);
      await expect(start(client)).resolves.toBeDefined();
      expect(lifecycle.startCalls).toHaveLength(2);
    },
  );
});
