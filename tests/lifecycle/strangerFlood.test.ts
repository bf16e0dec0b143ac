/**
 * Issue 6 §2: strangers cannot evict anyone. A full MemoryTracker refuses the NEW entry (the start or
 * registration fails with TrackerError, the app answers 503); it never drops a pending sign-in or a live lock.
 */
import { createRequestNonce, MemoryTracker, RequestPendingError, TrackerError } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

/** A distinct valid Swedish mobile number per index. */
const otherNumber = (index: number) => `4670${String(1_000_000 + index).padStart(7, '0')}`;

describe('a flood at maxEntries', () => {
  test("starts for other numbers never evict a victim's lock: no second prompt reaches the victim's phone", async () => {
    const { client } = lifecycle.createClient({ tracker: new MemoryTracker({ maxEntries: 20 }) });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    const flood = await Promise.allSettled(
      Array.from({ length: 200 }, (_, index) => client.requestAuthorization({ phoneNumber: otherNumber(index) })),
    );

    const refused = flood.filter((result) => result.status === 'rejected');
    expect(refused.length).toBe(200 - 19);
    for (const result of refused) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TrackerError);
    // Refused starts took no lock, so they sent nothing to Truecaller.
    expect(lifecycle.startCalls).toHaveLength(1 + 19);
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toBeInstanceOf(
      RequestPendingError,
    );
    expect(lifecycle.startCalls.filter((call) => String(call.body.phoneNumber) === PHONE_NUMBER)).toHaveLength(1);
  });

  test("registrations (the public mobile-web route) never evict a victim's pending sign-in: it still completes", async () => {
    const { client } = lifecycle.createClient({ tracker: new MemoryTracker({ maxEntries: 20 }) });
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    const flood = await Promise.allSettled(
      Array.from({ length: 1_000 }, () => client.registerRequest({ requestId: createRequestNonce() })),
    );

    expect(flood.filter((result) => result.status === 'fulfilled')).toHaveLength(19);
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    await client.handleCallback({ requestId, accessToken, state: STATE });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
  });

  test('once sign-ins end, their room is reclaimed: new starts go through again', async () => {
    const { client } = lifecycle.createClient({ tracker: new MemoryTracker({ maxEntries: 2 }) });
    const first = await client.requestAuthorization({ phoneNumber: otherNumber(1), state: STATE });
    await client.requestAuthorization({ phoneNumber: otherNumber(2), state: STATE });
    await expect(client.requestAuthorization({ phoneNumber: otherNumber(3) })).rejects.toBeInstanceOf(TrackerError);

    await client.handleCallback({
      requestId: first.requestId,
      accessToken: lifecycle.authorize(profileOf(otherNumber(1))),
      state: STATE,
    });
    await client.completeSignIn(first.requestId, { state: STATE });

    await expect(client.requestAuthorization({ phoneNumber: otherNumber(3) })).resolves.toBeDefined();
  });

  test('a flood of callbacks for unknown ids is bounded apart: it neither fills nor empties the pending store', async () => {
    const tracker = new MemoryTracker({ maxEntries: 5 });
    const { client } = lifecycle.createClient({ tracker, maxEarlyCallbacks: 10 });
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    for (let index = 0; index < 500; index++) {
      await expect(
        client.handleCallback({ requestId: `forged-${index}-id`, accessToken: `forged-token-${index}`, state: STATE }),
      ).rejects.toMatchObject({ name: 'UnknownRequestError' });
    }

    // One lock, one request, at most 10 parked callbacks.
    expect(tracker.size).toBeLessThanOrEqual(12);
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    await expect(client.requestAuthorization({ phoneNumber: otherNumber(1) })).resolves.toBeDefined();
  });
});
