/**
 * Issue 6 §3: a decline frees the number. Someone starts a sign-in for a victim's number and never polls; the
 * victim declines on the phone; the victim's own start must go through at once.
 */
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

describe('a rejection callback', () => {
  test.each(['user_rejected', 'use_another_number'] as const)(
    '%s frees the number when it is recorded, before any poll',
    async (reason) => {
      const { client } = lifecycle.createClient();
      const attackers = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: 'attackers-session' });

      await client.handleCallback({ requestId: attackers.requestId, state: 'attackers-session', status: reason });

      const victims = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
      expect(victims.requestId).not.toBe(attackers.requestId);
      expect(lifecycle.startCalls).toHaveLength(2);
    },
  );

  test('the declined sign-in still reports rejected to its own poll, and the newer sign-in keeps its lock', async () => {
    const { client } = lifecycle.createClient();
    const declined = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    await client.handleCallback({ requestId: declined.requestId, state: STATE, status: 'user_rejected' });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    expect(await client.completeSignIn(declined.requestId, { state: STATE })).toEqual({
      status: 'rejected',
      reason: 'user_rejected',
    });

    // The old sign-in's end did not free the newer one's lock.
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      name: 'RequestPendingError',
    });
  });

  test('a forged rejection (wrong state) frees nothing', async () => {
    const { client } = lifecycle.createClient();
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    await expect(client.handleCallback({ requestId, state: 'guessed', status: 'user_rejected' })).rejects.toMatchObject(
      { name: 'StateMismatchError' },
    );

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      name: 'RequestPendingError',
    });
  });
});
