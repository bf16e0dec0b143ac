/**
 * Issue 7 §3: `client.cancelSignIn(requestId, { state })` ends a sign-in the browser gave up on (the user fell
 * back to OTP): the number is free at once, later callbacks are refused, polls say `expired`.
 */
import { StateMismatchError, TrackerError, UnknownRequestError } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { FaultyTracker } from '../support/faultyTracker.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

async function started(options: Parameters<typeof lifecycle.createClient>[0] = {}) {
  const harness = lifecycle.createClient(options);
  const { requestId } = await harness.client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
  return { ...harness, requestId };
}

describe('cancelSignIn', () => {
  test('frees the number at once: the user can start again without waiting for lockTtl', async () => {
    const { client, requestId } = await started();

    expect(await client.cancelSignIn(requestId, { state: STATE })).toEqual({ status: 'cancelled' });

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE })).resolves.toBeDefined();
    expect(lifecycle.startCalls).toHaveLength(2);
  });

  test('refuses later callbacks and makes polls answer expired; no token is ever used', async () => {
    const { client, requestId } = await started();
    await client.cancelSignIn(requestId, { state: STATE });
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));

    await expect(client.handleCallback({ requestId, accessToken, state: STATE })).rejects.toBeInstanceOf(
      UnknownRequestError,
    );
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(0);
  });

  test('ends an approved sign-in nobody polled yet: polls answer expired and the token is never used', async () => {
    const { client, requestId } = await started();
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE });

    expect(await client.cancelSignIn(requestId, { state: STATE })).toEqual({ status: 'cancelled' });

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(0);
  });

  test("with another session's state it is StateMismatchError and changes nothing", async () => {
    const { client, requestId } = await started();

    await expect(client.cancelSignIn(requestId, { state: 'someone-elses-session' })).rejects.toBeInstanceOf(
      StateMismatchError,
    );
    await expect(client.cancelSignIn(requestId)).rejects.toBeInstanceOf(StateMismatchError);

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      name: 'RequestPendingError',
    });
  });

  test('is idempotent: a second cancel, or one for an unknown or completed id, answers expired', async () => {
    const { client, requestId } = await started();
    await client.cancelSignIn(requestId, { state: STATE });

    expect(await client.cancelSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(await client.cancelSignIn('never-issued', { state: STATE })).toEqual({ status: 'expired' });

    const second = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    await client.handleCallback({
      requestId: second.requestId,
      accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)),
      state: STATE,
    });
    await client.completeSignIn(second.requestId, { state: STATE });
    expect(await client.cancelSignIn(second.requestId, { state: STATE })).toEqual({ status: 'expired' });
  });

  test('a cancel whose reply was lost is safe to repeat, and the number is free', async () => {
    const tracker = new FaultyTracker();
    const { client, requestId } = await started({ tracker });
    tracker.fault('remove', 'lose-reply', 1);

    await expect(client.cancelSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);

    expect(await client.cancelSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).resolves.toBeDefined();
  });

  test('rejects a requestId that is not a non-empty string with a TypeError', async () => {
    const { client } = lifecycle.createClient();

    await expect(client.cancelSignIn('' as string)).rejects.toBeInstanceOf(TypeError);
    await expect(client.cancelSignIn(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
  });
});
