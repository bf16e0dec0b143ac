import {
  type CallbackInput,
  InvalidCallbackError,
  type PendingRequestTracker,
  StateMismatchError,
  UnknownRequestError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

/** A started sign-in for PHONE_NUMBER and a token whose profile lists it. */
async function startedSignIn(options: { state?: string } = { state: STATE }) {
  const { client, tracker } = lifecycle.createClient();
  const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, ...options });
  const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
  return { client, tracker, requestId, accessToken };
}

/** The token the profile host was asked with, on the sign-in's one profile fetch. */
function tokenUsed(): string | undefined {
  expect(lifecycle.profileCalls).toHaveLength(1);
  return lifecycle.profileCalls[0]?.authorization?.replace('Bearer ', '');
}

describe('handleCallback', () => {
  const forms: [string, (body: object) => unknown][] = [
    ['a parsed object', (body) => body],
    ['a JSON string', (body) => JSON.stringify(body)],
    ['a Uint8Array', (body) => new TextEncoder().encode(JSON.stringify(body))],
    [
      'a web Request',
      (body) =>
        new Request('https://partner.example/truecaller/callback', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
    ],
    [
      'a form-encoded web Request',
      (body) =>
        new Request('https://partner.example/truecaller/callback', {
          method: 'POST',
          body: new URLSearchParams(body as Record<string, string>),
        }),
    ],
  ];

  test.each(forms)('accepts the callback as %s and records its outcome', async (_, encode) => {
    const { client, requestId, accessToken } = await startedSignIn();

    const receipt = await client.handleCallback(encode({ requestId, accessToken, state: STATE }) as CallbackInput);

    expect(receipt).toEqual({ requestId, type: 'authorized', duplicate: false });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(tokenUsed()).toBe(accessToken);
  });

  test('a rejection callback is recorded as rejected', async () => {
    const { client, requestId } = await startedSignIn();

    const receipt = await client.handleCallback({ requestId, status: 'user_rejected', state: STATE });

    expect(receipt).toEqual({ requestId, type: 'rejected', duplicate: false });
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({
      status: 'rejected',
      reason: 'user_rejected',
    });
  });

  test('sends no HTTP request: the profile is fetched later, by completeSignIn', async () => {
    const { client, requestId, accessToken } = await startedSignIn();

    await client.handleCallback({ requestId, accessToken, state: STATE });

    expect(lifecycle.profileCalls).toHaveLength(0);
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test.each([
    ['null', null],
    ['malformed JSON', '{"requestId":'],
    ['an array', []],
    ['no accessToken and no status', { requestId: 'x' }],
    ['an empty accessToken', { requestId: 'x', accessToken: '' }],
    ['a non-string requestId', { requestId: 42, accessToken: 'token' }],
    ['a GET Request', new Request('https://partner.example/callback')],
  ])('rejects %s with InvalidCallbackError', async (_, body) => {
    const { client } = await startedSignIn();

    // Inputs a type-checked caller cannot pass, as a JavaScript caller or an `any` body can.
    await expect(client.handleCallback(body as CallbackInput)).rejects.toBeInstanceOf(InvalidCallbackError);
  });

  test('an invalid body for a pending requestId records nothing', async () => {
    const { client, requestId } = await startedSignIn();

    await expect(client.handleCallback({ requestId, status: 5, state: STATE })).rejects.toBeInstanceOf(
      InvalidCallbackError,
    );

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  test('an unknown requestId is UnknownRequestError', async () => {
    const { client, accessToken } = await startedSignIn();

    await expect(client.handleCallback({ requestId: 'never-issued', accessToken, state: STATE })).rejects.toMatchObject(
      { name: 'UnknownRequestError', code: 'unknown_request', reason: 'unknown' },
    );
  });

  test('a request that expires between the lookup and the write is UnknownRequestError, nothing recorded', async () => {
    const { tracker, requestId, accessToken } = await startedSignIn();
    // The store reports the request gone at the moment of the write (its TTL ran out in between).
    const expiring: PendingRequestTracker = {
      acquireLock: (...args) => tracker.acquireLock(...args),
      releaseLock: (...args) => tracker.releaseLock(...args),
      register: (...args) => tracker.register(...args),
      get: (...args) => tracker.get(...args),
      settle: async () => ({ status: 'missing' }),
      claim: (...args) => tracker.claim(...args),
      finish: (...args) => tracker.finish(...args),
      remove: (...args) => tracker.remove(...args),
      park: (...args) => tracker.park(...args),
      unpark: (...args) => tracker.unpark(...args),
    };
    const { client } = lifecycle.createClient({ tracker: expiring });

    await expect(client.handleCallback({ requestId, accessToken, state: STATE })).rejects.toMatchObject({
      name: 'UnknownRequestError',
      reason: 'expired',
    });
    expect((await tracker.get(requestId))?.outcome).toBeUndefined();
  });

  describe('state', () => {
    test.each([
      ['a different state', { state: STATE }, { state: 'someone-elses-session' }],
      ['no state where one was sent', { state: STATE }, {}],
      ['a state where none was sent', {}, { state: STATE }],
      ['a state differing only in case', { state: 'abcDEF' }, { state: 'abcdef' }],
    ])('%s is StateMismatchError, and nothing is recorded', async (_, started, sent) => {
      const { client, requestId, accessToken } = await startedSignIn(started);

      await expect(client.handleCallback({ requestId, accessToken: 'forged-token', ...sent })).rejects.toBeInstanceOf(
        StateMismatchError,
      );

      expect(await client.completeSignIn(requestId, started)).toEqual({ status: 'pending' });
      const receipt = await client.handleCallback({ requestId, accessToken, ...started });
      expect(receipt.duplicate).toBe(false);
      expect(await client.completeSignIn(requestId, started)).toMatchObject({ status: 'completed' });
      expect(tokenUsed()).toBe(accessToken);
    });
  });

  describe('redelivery and single use', () => {
    test('an identical authorized callback delivered again resolves with duplicate: true', async () => {
      const { client, requestId, accessToken } = await startedSignIn();
      const body = { requestId, accessToken, state: STATE };

      const first = await client.handleCallback(body);
      const again = await client.handleCallback(JSON.stringify(body));

      expect(first).toEqual({ requestId, type: 'authorized', duplicate: false });
      expect(again).toEqual({ requestId, type: 'authorized', duplicate: true });
      expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    });

    test('an identical rejection delivered again resolves with duplicate: true', async () => {
      const { client, requestId } = await startedSignIn();
      const body = { requestId, status: 'use_another_number', state: STATE };

      await client.handleCallback(body);

      expect(await client.handleCallback(body)).toEqual({ requestId, type: 'rejected', duplicate: true });
    });

    test.each<[string, (first: { requestId: string; accessToken: string }) => object]>([
      ['another token', ({ requestId }) => ({ requestId, accessToken: 'attacker-token', state: STATE })],
      ['a rejection', ({ requestId }) => ({ requestId, status: 'user_rejected', state: STATE })],
      [
        'the same token with an endpoint added',
        (first) => ({ ...first, state: STATE, endpoint: 'https://profile4-noneu.truecaller.com/v1/default' }),
      ],
    ])('after an authorized callback, %s is UnknownRequestError and the first outcome stands', async (_, second) => {
      const { client, requestId, accessToken } = await startedSignIn();
      await client.handleCallback({ requestId, accessToken, state: STATE });

      await expect(client.handleCallback(second({ requestId, accessToken }) as CallbackInput)).rejects.toBeInstanceOf(
        UnknownRequestError,
      );

      expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
      expect(tokenUsed()).toBe(accessToken);
    });

    test('after a rejection, an authorized callback is UnknownRequestError and the rejection stands', async () => {
      const { client, requestId, accessToken } = await startedSignIn();
      await client.handleCallback({ requestId, status: 'user_rejected', state: STATE });

      await expect(client.handleCallback({ requestId, accessToken, state: STATE })).rejects.toBeInstanceOf(
        UnknownRequestError,
      );
      await expect(
        client.handleCallback({ requestId, status: 'use_another_number', state: STATE }),
      ).rejects.toBeInstanceOf(UnknownRequestError);

      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({
        status: 'rejected',
        reason: 'user_rejected',
      });
      expect(lifecycle.profileCalls).toHaveLength(0);
    });

    test('once completeSignIn has consumed the sign-in, a replay of its callback is UnknownRequestError', async () => {
      const { client, requestId, accessToken } = await startedSignIn();
      const body = { requestId, accessToken, state: STATE };
      await client.handleCallback(body);
      await client.completeSignIn(requestId, { state: STATE });

      await expect(client.handleCallback(body)).rejects.toBeInstanceOf(UnknownRequestError);
      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    });

    test('of 20 concurrent callbacks with different tokens, exactly one is recorded', async () => {
      const { client, requestId } = await startedSignIn();
      const tokens = Array.from({ length: 20 }, () => lifecycle.authorize(profileOf(PHONE_NUMBER)));

      const results = await Promise.allSettled(
        tokens.map((accessToken) => client.handleCallback({ requestId, accessToken, state: STATE })),
      );

      const accepted = results.flatMap((result, index) => (result.status === 'fulfilled' ? [tokens[index]] : []));
      expect(accepted).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toBeInstanceOf(UnknownRequestError);
          expect(result.reason).toMatchObject({ reason: 'conflict' });
        }
      }
      await client.completeSignIn(requestId, { state: STATE });
      expect(tokenUsed()).toBe(accepted[0]);
    });
  });
});
