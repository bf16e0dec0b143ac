import { inspect } from 'node:util';
import {
  InvalidTokenError,
  PhoneNumberMismatchError,
  type SignInStatus,
  StateMismatchError,
  TruecallerClient,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { APP_KEY, profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

/** A started sign-in for PHONE_NUMBER with STATE. */
async function started(options: Parameters<typeof lifecycle.createClient>[0] = {}) {
  const harness = lifecycle.createClient(options);
  const { requestId } = await harness.client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
  return { ...harness, requestId };
}

/** Whether a new start for PHONE_NUMBER goes through (and reaches Truecaller): the number's lock is free. */
async function numberIsFree(client: TruecallerClient): Promise<boolean> {
  const before = lifecycle.startCalls.length;
  try {
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
  } catch (error) {
    if ((error as Error).name === 'RequestPendingError') return false;
    throw error;
  }
  return lifecycle.startCalls.length === before + 1;
}

describe('completeSignIn', () => {
  test('the whole sign-in: pending until the callback, then completed once, then expired; the lock is freed', async () => {
    const { client, requestId } = await started();
    const profile = { ...profileOf(46761234567), name: { first: 'Rajat', last: 'Kapoor' } };
    const accessToken = lifecycle.authorize(profile);

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    await client.handleCallback({ requestId, accessToken, state: STATE });
    const result = await client.completeSignIn(requestId, { state: STATE });

    expect(result).toEqual({
      status: 'completed',
      phoneNumber: PHONE_NUMBER,
      state: STATE,
      profile: expect.objectContaining({ phoneNumbers: [PHONE_NUMBER], name: { first: 'Rajat', last: 'Kapoor' } }),
    });
    expect(lifecycle.profileCalls).toEqual([
      { url: 'https://profile4.truecaller.com/v1/default', authorization: `Bearer ${accessToken}` },
    ]);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(await numberIsFree(client)).toBe(true);
  });

  test('the result never contains the access token, in JSON or util.inspect', async () => {
    const { client, requestId } = await started();
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    await client.handleCallback({ requestId, accessToken, state: STATE });

    const result = await client.completeSignIn(requestId, { state: STATE });

    expect(result.status).toBe('completed');
    expect(JSON.stringify(result)).not.toContain(accessToken);
    expect(inspect(result, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(accessToken);
  });

  test('a sign-in started without state completes without state and with none in the result', async () => {
    const { client } = lifecycle.createClient();
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)) });

    const result = await client.completeSignIn(requestId);

    expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE_NUMBER });
    expect(result).not.toHaveProperty('state');
  });

  test.each(['user_rejected', 'use_another_number'])(
    'a %s callback ends the sign-in as rejected and frees the lock',
    async (reason) => {
      const { client, requestId } = await started();
      await client.handleCallback({ requestId, status: reason, state: STATE });

      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'rejected', reason });
      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
      expect(lifecycle.profileCalls).toHaveLength(0);
      expect(await numberIsFree(client)).toBe(true);
    },
  );

  describe('state', () => {
    test.each([
      ['another state', { state: 'another-session' }],
      ['no state', {}],
    ])('%s, when started with one, is StateMismatchError and does not consume the sign-in', async (_, options) => {
      const { client, requestId } = await started();
      await client.handleCallback({
        requestId,
        accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)),
        state: STATE,
      });

      await expect(client.completeSignIn(requestId, options)).rejects.toBeInstanceOf(StateMismatchError);

      expect(lifecycle.profileCalls).toHaveLength(0);
      expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    });

    test('a state, when started without one, is StateMismatchError', async () => {
      const { client } = lifecycle.createClient();
      const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

      await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(StateMismatchError);
    });

    test('a wrong state on a pending sign-in is StateMismatchError, not a status', async () => {
      const { client, requestId } = await started();

      await expect(client.completeSignIn(requestId, { state: 'guess' })).rejects.toBeInstanceOf(StateMismatchError);
    });
  });

  test('an unknown requestId is expired', async () => {
    const { client } = lifecycle.createClient();

    expect(await client.completeSignIn('never-issued', { state: STATE })).toEqual({ status: 'expired' });
  });

  test('a profile without the requested number is PhoneNumberMismatchError; the sign-in is over', async () => {
    const { client, requestId } = await started();
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize(profileOf('46701234567')),
      state: STATE,
    });

    const error = await client.completeSignIn(requestId, { state: STATE }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PhoneNumberMismatchError);
    expect((error as Error).message).toContain('+46******567');
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toMatch(/46761234567|46701234567/);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(await numberIsFree(client)).toBe(true);
  });

  test.each<[string, (string | number)[]]>([
    ['JSON numbers', [46701234567, 46761234567]],
    ['strings', ['46701234567', '46761234567']],
    ['strings with a plus and spacing', ['+46 76 123 45 67']],
  ])('finds the requested number among profile phoneNumbers given as %s', async (_, phoneNumbers) => {
    const { client, requestId } = await started();
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize(profileOf(...phoneNumbers)),
      state: STATE,
    });

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({
      status: 'completed',
      phoneNumber: PHONE_NUMBER,
    });
  });

  test('a 401 from the profile host propagates as InvalidTokenError; the next poll is expired, the lock free', async () => {
    const { client, requestId } = await started();
    await client.handleCallback({ requestId, accessToken: 'expired-or-reused-token', state: STATE });

    const error = await client.completeSignIn(requestId, { state: STATE }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ status: 401, apiCode: 40101 });
    await expect(client.completeSignIn(requestId, { state: STATE })).resolves.toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(1);
    expect(await numberIsFree(client)).toBe(true);
  });

  test('a poll whose signal is already aborted rejects with its reason and leaves the outcome for the next poll', async () => {
    const { client, requestId } = await started();
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(46761234567)), state: STATE });
    const reason = new Error('the browser went away');

    const error = await client
      .completeSignIn(requestId, { state: STATE, signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);

    expect(error).toBe(reason);
    expect(lifecycle.profileCalls).toHaveLength(0);
    await expect(client.completeSignIn(requestId, { state: STATE })).resolves.toMatchObject({ status: 'completed' });
  });

  test('of 50 concurrent polls on a settled sign-in, exactly one completes and one profile request is made', async () => {
    const { client, requestId } = await started();
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE });

    const results: SignInStatus[] = await Promise.all(
      Array.from({ length: 50 }, () => client.completeSignIn(requestId, { state: STATE })),
    );

    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 'completed')).toHaveLength(1);
    // The others lost the claim or came after the end: they never see the profile.
    expect(statuses.filter((status) => status === 'pending' || status === 'expired')).toHaveLength(49);
    expect(lifecycle.profileCalls).toHaveLength(1);
  });

  test('with tracker: false, the lifecycle methods throw TypeError naming the option', async () => {
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false });

    await expect(client.handleCallback({ requestId: 'r', accessToken: 't' })).rejects.toThrow(/tracker: false/);
    await expect(client.handleCallback({ requestId: 'r', accessToken: 't' })).rejects.toBeInstanceOf(TypeError);
    await expect(client.completeSignIn('r')).rejects.toBeInstanceOf(TypeError);
    await expect(client.registerRequest({ requestId: 'nonce-12345' })).rejects.toBeInstanceOf(TypeError);
    await expect(client.cancelSignIn('r')).rejects.toBeInstanceOf(TypeError);
    expect(lifecycle.startCalls).toHaveLength(0);
  });
});
