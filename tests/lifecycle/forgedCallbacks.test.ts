/**
 * The callback is unsigned and anyone can POST to it (reference, "What integrators struggle with", item 7).
 * Each test is one attack; none may end in a `completed` sign-in or send the token anywhere but Truecaller.
 */
import {
  type CallbackInput,
  InvalidCallbackError,
  PhoneNumberMismatchError,
  StateMismatchError,
  UnknownRequestError,
  UntrustedEndpointError,
} from 'truecaller-web-login';
import { afterEach, describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { ATTACKER_ENDPOINTS, profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();
const ATTACKER_NUMBER = '46701234567';

async function victimSignIn(options: { pendingTtl?: number } = {}) {
  const harness = lifecycle.createClient(options);
  const { requestId } = await harness.client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
  return { ...harness, requestId };
}

describe('forged callbacks', () => {
  test('a callback for a requestId that was never issued is UnknownRequestError', async () => {
    const { client } = await victimSignIn();
    const accessToken = lifecycle.authorize(profileOf(ATTACKER_NUMBER));

    await expect(
      client.handleCallback({ requestId: '92849748hueh9', accessToken, state: STATE }),
    ).rejects.toBeInstanceOf(UnknownRequestError);
    expect(await client.completeSignIn('92849748hueh9', { state: STATE })).toEqual({ status: 'expired' });
  });

  test('a callback for an expired requestId is UnknownRequestError', async () => {
    const { client, clock, requestId } = await victimSignIn({ pendingTtl: 600_000 });
    clock.advance(600_000);

    await expect(
      client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE }),
    ).rejects.toBeInstanceOf(UnknownRequestError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
  });

  test('a replayed callback, after the sign-in completed, is UnknownRequestError and signs no one in', async () => {
    const { client, requestId } = await victimSignIn();
    const body = { requestId, accessToken: lifecycle.authorize(profileOf(PHONE_NUMBER)), state: STATE };
    await client.handleCallback(body);
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });

    await expect(client.handleCallback(body)).rejects.toBeInstanceOf(UnknownRequestError);
    await expect(
      client.handleCallback({ ...body, accessToken: lifecycle.authorize(profileOf(ATTACKER_NUMBER)) }),
    ).rejects.toBeInstanceOf(UnknownRequestError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(1);
  });

  test('a callback with a guessed state is StateMismatchError and leaves the sign-in pending', async () => {
    const { client, requestId } = await victimSignIn();

    await expect(
      client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf(ATTACKER_NUMBER)), state: 'x' }),
    ).rejects.toBeInstanceOf(StateMismatchError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  test("a valid-looking callback carrying someone else's token is PhoneNumberMismatchError", async () => {
    const { client, requestId } = await victimSignIn();
    // The attacker knows the requestId and state (e.g. from a shared device) and has a real token of their own.
    await client.handleCallback({
      requestId,
      accessToken: lifecycle.authorize(profileOf(ATTACKER_NUMBER)),
      state: STATE,
    });

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(PhoneNumberMismatchError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
  });

  describe('an endpoint naming an attacker host', () => {
    afterEach(() => {
      expect(lifecycle.attackerCalls).toEqual([]);
    });

    test.each([
      ...ATTACKER_ENDPOINTS,
      'https://evil.example/v1/default',
      'https://profile4.truecaller.com:8443/v1/default',
    ])('%s: completeSignIn rejects with UntrustedEndpointError and sends the token nowhere', async (endpoint) => {
      const { client, requestId } = await victimSignIn();
      const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
      await client.handleCallback({ requestId, accessToken, state: STATE, endpoint });

      const error = await client.completeSignIn(requestId, { state: STATE }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(UntrustedEndpointError);
      expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain('evil');
      expect(lifecycle.profileCalls).toEqual([]);
      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    });
  });

  test('only the configured trustedProfileHosts are followed (and this harness sees what reaches them)', async () => {
    const { client } = lifecycle.createClient({ trustedProfileHosts: ['profile4.truecaller.com.evil.example'] });
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    await client.handleCallback({ requestId, accessToken, state: STATE, endpoint: ATTACKER_ENDPOINTS[1] });

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(lifecycle.attackerCalls).toEqual([{ url: ATTACKER_ENDPOINTS[1], authorization: `Bearer ${accessToken}` }]);
  });

  describe('prototype pollution', () => {
    const pollutedBodies: [string, (requestId: string) => unknown][] = [
      [
        'a JSON string with __proto__',
        (requestId) => `{"requestId":"${requestId}","accessToken":"t","state":"${STATE}","__proto__":{"polluted":1}}`,
      ],
      [
        'a parsed object with an own __proto__ key',
        (requestId) => JSON.parse(`{"requestId":"${requestId}","accessToken":"t","__proto__":{"polluted":1}}`),
      ],
      [
        'a body with constructor.prototype',
        (requestId) => ({ requestId, accessToken: 't', constructor: { prototype: { polluted: 1 } } }),
      ],
    ];

    test.each(pollutedBodies)('%s is InvalidCallbackError; Object.prototype is untouched', async (_, body) => {
      const { client, requestId } = await victimSignIn();

      await expect(client.handleCallback(body(requestId) as CallbackInput)).rejects.toBeInstanceOf(
        InvalidCallbackError,
      );

      expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    });
  });
});
