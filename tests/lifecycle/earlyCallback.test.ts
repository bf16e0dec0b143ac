/**
 * Issue 6 §4: Truecaller can POST the callback before the start call's answer was recorded (the user approves
 * while the start response is still on its way). Such a callback is kept briefly and adopted by the request
 * recorded afterwards, with the same state and number checks as any callback.
 */
import { HttpResponse, http } from 'msw';
import {
  type CallbackReceipt,
  createRequestNonce,
  DEFAULT_REQUESTS_URL,
  PhoneNumberMismatchError,
  type TruecallerClient,
  UnknownRequestError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { FaultyTracker } from '../support/faultyTracker.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

/**
 * Makes Truecaller call back before it answers the start POST, as a fake Truecaller would: `callback` gets
 * the requestId it is about to answer with and returns the callback body. Resolves with what the SDK answered
 * that callback.
 */
function callBackBeforeAnswering(client: TruecallerClient, callback: (requestId: string) => Record<string, unknown>) {
  const answers: Promise<CallbackReceipt | unknown>[] = [];
  let issued = 0;
  lifecycle.server.use(
    http.post(DEFAULT_REQUESTS_URL, async () => {
      issued += 1;
      const requestId = `early-${issued}-${crypto.randomUUID()}`;
      const answer = client.handleCallback(callback(requestId)).catch((error: unknown) => error);
      answers.push(answer);
      await answer;
      return HttpResponse.json({ requestId });
    }),
  );
  return answers;
}

describe('a callback that arrives before the start recorded its request', () => {
  test('is refused to Truecaller like any unknown id, then adopted: the poll completes', async () => {
    const { client } = lifecycle.createClient();
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    const answers = callBackBeforeAnswering(client, (requestId) => ({ requestId, accessToken, state: STATE }));

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    expect(await answers[0]).toBeInstanceOf(UnknownRequestError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({
      status: 'completed',
      phoneNumber: PHONE_NUMBER,
    });
  });

  test('a decline that came first is adopted too, and frees the number at once', async () => {
    const { client } = lifecycle.createClient();
    callBackBeforeAnswering(client, (requestId) => ({ requestId, state: STATE, status: 'user_rejected' }));

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({
      status: 'rejected',
      reason: 'user_rejected',
    });
    lifecycle.server.resetHandlers();
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE })).resolves.toBeDefined();
  });

  test('with the wrong state it is dropped at adoption: the request stays pending for the real callback', async () => {
    const { client } = lifecycle.createClient();
    callBackBeforeAnswering(client, (requestId) => ({ requestId, accessToken: 'forged-token', state: 'guessed' }));

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    await expect(client.handleCallback({ requestId, accessToken, state: STATE })).resolves.toMatchObject({
      duplicate: false,
    });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
  });

  test("carrying another number's token it is adopted but fails the number check, like any forged callback", async () => {
    const { client } = lifecycle.createClient();
    const accessToken = lifecycle.authorize(profileOf('919876543210'));
    callBackBeforeAnswering(client, (requestId) => ({ requestId, accessToken, state: STATE }));

    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(PhoneNumberMismatchError);
  });

  test('a mobile-web callback that came before registerRequest is adopted by it', async () => {
    const { client } = lifecycle.createClient();
    const requestId = createRequestNonce();
    const accessToken = lifecycle.authorize(profileOf('919999999999'));
    await expect(client.handleCallback({ requestId, accessToken })).rejects.toBeInstanceOf(UnknownRequestError);

    await client.registerRequest({ requestId, state: STATE });

    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({
      status: 'completed',
      phoneNumber: '919999999999',
    });
  });

  test('a redelivery after adoption is a duplicate, not a second outcome', async () => {
    const { client } = lifecycle.createClient();
    const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
    callBackBeforeAnswering(client, (requestId) => ({ requestId, accessToken, state: STATE }));
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    await expect(client.handleCallback({ requestId, accessToken, state: STATE })).resolves.toMatchObject({
      duplicate: true,
    });
  });

  test('recorded while the callback was being parked, it is settled by the callback itself', async () => {
    const tracker = new FaultyTracker();
    const { client } = lifecycle.createClient({ tracker });
    const requestId = createRequestNonce();
    const accessToken = lifecycle.authorize(profileOf('919999999999'));
    // The registration (and its look for a parked callback) happens between the callback's read and its park.
    tracker.hook('park', async () => {
      tracker.clear();
      await client.registerRequest({ requestId });
    });

    await expect(client.handleCallback({ requestId, accessToken })).resolves.toMatchObject({ duplicate: false });

    expect(await client.completeSignIn(requestId)).toMatchObject({ status: 'completed' });
  });

  test('is forgotten after earlyCallbackTtl: a later registration finds nothing', async () => {
    const tracker = new FaultyTracker({ now: () => clock });
    let clock = 1_000_000;
    const { client } = lifecycle.createClient({ tracker, earlyCallbackTtl: 5_000 });
    const requestId = createRequestNonce();
    await expect(
      client.handleCallback({ requestId, accessToken: lifecycle.authorize(profileOf('919999999999')) }),
    ).rejects.toBeInstanceOf(UnknownRequestError);

    clock += 5_000;
    await client.registerRequest({ requestId });

    expect(await client.completeSignIn(requestId)).toEqual({ status: 'pending' });
  });
});

describe('a callback for an id that is never recorded', () => {
  test('is UnknownRequestError, every time, and changes nothing else', async () => {
    const { client } = lifecycle.createClient();
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(
        client.handleCallback({ requestId: 'never-issued-id', accessToken: 'forged', state: STATE }),
      ).rejects.toBeInstanceOf(UnknownRequestError);
    }

    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    expect(await client.completeSignIn('never-issued-id', { state: STATE })).toEqual({ status: 'expired' });
  });
});
