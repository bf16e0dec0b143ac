import { HttpResponse, http } from 'msw';
import {
  DEFAULT_REQUESTS_URL,
  ForbiddenError,
  NetworkError,
  RequestPendingError,
  ServerError,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { FORBIDDEN_JSON, PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { APP_KEY, profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

describe('requestAuthorization (start)', () => {
  test('sends the number as a JSON number with the state and appKey, and records the pending request', async () => {
    const { client, tracker } = lifecycle.createClient();
    const before = Date.now();

    const started = await client.requestAuthorization({ phoneNumber: '+46 76-123 45 67', state: STATE });

    expect(lifecycle.startCalls).toEqual([{ appKey: APP_KEY, body: { phoneNumber: 46761234567, state: STATE } }]);
    expect(started).toEqual({ requestId: expect.any(String), phoneNumber: PHONE_NUMBER, state: STATE });
    const tracked = await tracker.get(started.requestId);
    expect(tracked?.outcome).toBeUndefined();
    expect(tracked?.request).toMatchObject({ requestId: started.requestId, phoneNumber: PHONE_NUMBER, state: STATE });
    expect(tracked?.request.createdAt).toBeGreaterThanOrEqual(before);
    expect(tracked?.request.createdAt).toBeLessThanOrEqual(Date.now());
  });

  test('a second start for the same number while one is pending throws RequestPendingError and sends nothing', async () => {
    const { client, clock } = lifecycle.createClient({ lockTtl: 300_000 });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    clock.advance(60_000);

    const second = client.requestAuthorization({ phoneNumber: '+46761234567' });

    await expect(second).rejects.toBeInstanceOf(RequestPendingError);
    await expect(second).rejects.toMatchObject({ code: 'request_pending', retryAfterMs: 240_000 });
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test("RequestPendingError's message masks the number", async () => {
    const { client } = lifecycle.createClient();
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    const error = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RequestPendingError);
    expect((error as Error).message).toContain('+46******567');
    expect(JSON.stringify(error)).not.toContain(PHONE_NUMBER);
  });

  test("one number's pending sign-in does not block another number", async () => {
    const { client } = lifecycle.createClient();
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    await client.requestAuthorization({ phoneNumber: '46701234567' });

    expect(lifecycle.startCalls.map((call) => call.body.phoneNumber)).toEqual([46761234567, 46701234567]);
  });

  test('the lock lasts exactly lockTtl: a start after it POSTs again', async () => {
    const { client, clock } = lifecycle.createClient({ lockTtl: 30_000 });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    clock.advance(29_999);
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      retryAfterMs: 1,
    });
    clock.advance(1);
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    expect(lifecycle.startCalls).toHaveLength(2);
  });

  test.each([
    ['403', () => new HttpResponse(FORBIDDEN_JSON, { status: 403 }), ForbiddenError],
    ['500', () => new HttpResponse('oops', { status: 500 }), ServerError],
    ['a network failure', () => HttpResponse.error(), NetworkError],
  ])('when the POST fails with %s, the error propagates and the lock is released', async (_, reply, errorClass) => {
    const { client, tracker } = lifecycle.createClient();
    lifecycle.server.use(http.post(DEFAULT_REQUESTS_URL, reply, { once: true }));

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toBeInstanceOf(errorClass);
    const retried = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    expect(lifecycle.startCalls).toHaveLength(1); // the retry went through to the default handler
    expect(await tracker.get(retried.requestId)).toBeDefined();
  });

  test("an abort during the POST rejects with the caller's reason and releases the lock", async () => {
    const { client } = lifecycle.createClient();
    const controller = new AbortController();
    const reason = new Error('user navigated away');
    lifecycle.server.use(
      http.post(
        DEFAULT_REQUESTS_URL,
        async () => {
          controller.abort(reason);
          await new Promise((resolve) => setTimeout(resolve, 50));
          return HttpResponse.json({ requestId: 'too-late' });
        },
        { once: true },
      ),
    );

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER, signal: controller.signal })).rejects.toBe(
      reason,
    );
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('an already-aborted signal sends nothing and leaves the number unlocked', async () => {
    const { client } = lifecycle.createClient();
    const reason = new Error('cancelled');

    await expect(
      client.requestAuthorization({ phoneNumber: PHONE_NUMBER, signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(lifecycle.startCalls).toHaveLength(0);
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('a pending request lives exactly pendingTtl: then the callback is unknown and the poll expired', async () => {
    const { client, clock } = lifecycle.createClient({ pendingTtl: 60_000 });
    const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });

    clock.advance(59_999);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    clock.advance(1);

    const token = lifecycle.authorize(profileOf(PHONE_NUMBER));
    await expect(client.handleCallback({ requestId, accessToken: token, state: STATE })).rejects.toMatchObject({
      name: 'UnknownRequestError',
    });
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'expired' });
    expect(lifecycle.profileCalls).toHaveLength(0);
  });

  test("a late end of an earlier sign-in does not free a later sign-in's lock", async () => {
    const { client, clock } = lifecycle.createClient({ lockTtl: 30_000 });
    const first = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    clock.advance(30_000); // first lock ran out; a second sign-in takes the number
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    await client.handleCallback({ requestId: first.requestId, status: 'user_rejected' });
    expect(await client.completeSignIn(first.requestId)).toEqual({ status: 'rejected', reason: 'user_rejected' });

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toBeInstanceOf(
      RequestPendingError,
    );
    expect(lifecycle.startCalls).toHaveLength(2);
  });

  test('an invalid number sends nothing and takes no lock', async () => {
    const { client, tracker } = lifecycle.createClient();

    await expect(client.requestAuthorization({ phoneNumber: '+46 8 123 456 78' })).rejects.toMatchObject({
      name: 'InvalidPhoneNumberError',
    });

    expect(lifecycle.startCalls).toHaveLength(0);
    expect(tracker.size).toBe(0);
  });

  test('with tracker: false, starts neither lock nor record: two starts for one number both POST', async () => {
    const { client } = lifecycle.createClient({ tracker: false });

    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });
    await client.requestAuthorization({ phoneNumber: PHONE_NUMBER });

    expect(lifecycle.startCalls).toHaveLength(2);
  });
});
