/**
 * The mobile-web flow: no start call; the page opens Truecaller's deep link with a nonce that comes back as the
 * callback's requestId, and the callback names the regional profile `endpoint`.
 */
import {
  createRequestNonce,
  DuplicateRequestError,
  PhoneNumberMismatchError,
  StateMismatchError,
  UnexpectedResponseError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { MOBILE_WEB_PROFILE, NONEU_PROFILE_ENDPOINT, STATE } from '../fixtures/payloads.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

describe('createRequestNonce', () => {
  test('gives 8 to 64 URL-safe characters', () => {
    expect(createRequestNonce()).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  test('gives a different nonce every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createRequestNonce()));

    expect(nonces.size).toBe(1000);
  });
});

describe('registerRequest and the mobile-web callback', () => {
  test('register, callback with the regional endpoint, complete: the profile comes from that endpoint', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId });
    const accessToken = lifecycle.authorize({ ...MOBILE_WEB_PROFILE });

    expect(await client.completeSignIn(requestId)).toEqual({ status: 'pending' });
    await client.handleCallback({ requestId, accessToken, endpoint: NONEU_PROFILE_ENDPOINT });
    const result = await client.completeSignIn(requestId);

    expect(result).toMatchObject({
      status: 'completed',
      phoneNumber: '919999999999',
      profile: { name: { first: 'Rajat', last: 'Kapoor' } },
    });
    expect(lifecycle.profileCalls).toEqual([{ url: NONEU_PROFILE_ENDPOINT, authorization: `Bearer ${accessToken}` }]);
    expect(lifecycle.startCalls).toHaveLength(0);
    expect(JSON.stringify(result)).not.toContain(accessToken);
  });

  test('a profile that lists no phone number cannot complete a sign-in that has no number to compare', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId });
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize({ name: { first: 'No', last: 'Number' } }),
    });

    await expect(client.completeSignIn(requestId)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(await client.completeSignIn(requestId)).toEqual({ status: 'expired' });
  });

  test('a callback without an endpoint uses the default profile host', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId });
    await client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf('919999999999')) });

    await client.completeSignIn(requestId);

    expect(lifecycle.profileCalls.map((call) => call.url)).toEqual(['https://profile4.truecaller.com/v1/default']);
  });

  test('with a phoneNumber given at registration, a profile of another number is PhoneNumberMismatchError', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, phoneNumber: '+46 76 123 45 67' });
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize({ ...MOBILE_WEB_PROFILE }),
      endpoint: NONEU_PROFILE_ENDPOINT,
    });

    await expect(client.completeSignIn(requestId)).rejects.toBeInstanceOf(PhoneNumberMismatchError);
    expect(await client.completeSignIn(requestId)).toEqual({ status: 'expired' });
  });

  test('with a phoneNumber given at registration, a profile listing it completes with that number', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, phoneNumber: '09999999999', defaultCountry: 'IN' });
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize(profileOf('441234567890', '919999999999')),
      endpoint: NONEU_PROFILE_ENDPOINT,
    });

    expect(await client.completeSignIn(requestId)).toMatchObject({ status: 'completed', phoneNumber: '919999999999' });
  });

  test('the state given at registration is required on the status polls', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, state: STATE });

    await expect(client.completeSignIn(requestId)).rejects.toBeInstanceOf(StateMismatchError);
    await expect(client.completeSignIn(requestId, { state: 'other' })).rejects.toBeInstanceOf(StateMismatchError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  // RegisterRequestParams.state: mobile-web callbacks carry no state (the deep link has no such parameter), so a
  // callback is checked against it only if it brings one.
  test('a registration with state accepts the mobile-web callback, which carries no state', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, state: STATE });
    const accessToken = lifecycle.authorize({ ...MOBILE_WEB_PROFILE });

    const receipt = await client.handleCallback({ requestId, accessToken, endpoint: NONEU_PROFILE_ENDPOINT });

    expect(receipt).toEqual({ requestId, type: 'authorized', duplicate: false });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({
      status: 'completed',
      phoneNumber: '919999999999',
      state: STATE,
    });
  });

  test('a mobile-web callback that does bring a state must bring the registered one', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, state: STATE });

    await expect(
      client.handleCallback({ requestId, accessToken: lifecycle.authorize({ ...MOBILE_WEB_PROFILE }), state: 'other' }),
    ).rejects.toBeInstanceOf(StateMismatchError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  test('a rejection callback ends the mobile-web sign-in as rejected', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId });

    await client.handleCallback({ requestId, status: 'user_rejected' });

    expect(await client.completeSignIn(requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });
  });

  test('registering a requestId twice is DuplicateRequestError and leaves the first registration intact', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    await client.registerRequest({ requestId, state: STATE });

    await expect(client.registerRequest({ requestId, state: 'attacker' })).rejects.toBeInstanceOf(
      DuplicateRequestError,
    );
    await expect(client.registerRequest({ requestId })).rejects.toMatchObject({ code: 'duplicate_request' });
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  test.each([
    ['7 characters', 'a'.repeat(7)],
    ['65 characters', 'a'.repeat(65)],
    ['an empty string', ''],
    ['a number', 12345678 as unknown as string],
  ])('a requestId of %s is a TypeError', async (_, requestId) => {
    const { client, tracker } = lifecycle.createClient();

    await expect(client.registerRequest({ requestId })).rejects.toBeInstanceOf(TypeError);
    expect(tracker.size).toBe(0);
  });

  test.each([8, 64])('a requestId of exactly %i characters is accepted', async (length) => {
    const { client } = lifecycle.createClient();
    const requestId = 'n'.repeat(length);

    await client.registerRequest({ requestId });

    expect(await client.completeSignIn(requestId)).toEqual({ status: 'pending' });
  });
});
