import fc from 'fast-check';
import {
  createTruecallerRoutes,
  MemoryTracker,
  TruecallerClient,
  type TruecallerClientOptions,
  type TruecallerEvent,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { INVALID_CREDENTIALS_JSON } from '../fixtures/payloads.js';
import {
  APP_KEY,
  callbackRequest,
  failingTracker,
  newClient,
  OTHER_SESSION,
  PHONE_NUMBER,
  poll,
  routesFor,
  startSignIn,
  useFakeTruecaller,
} from '../routes/support.js';
import { mockProfileEndpoint, mockRequestsEndpoint, reply } from '../support/msw.js';

const truecaller = useFakeTruecaller();

function observed(options: Partial<TruecallerClientOptions> = {}) {
  const events: TruecallerEvent[] = [];
  const client = newClient({ onEvent: (event) => events.push(event), ...options });
  return { client, routes: routesFor(client), events };
}

describe('onEvent', () => {
  test('reports a whole sign-in: started, callback_accepted, completed, with masked numbers and timings', async () => {
    const { routes, events } = observed();
    const { requestId } = await startSignIn(routes);
    await routes.callback(callbackRequest(truecaller.approval(requestId)));
    await poll(routes, requestId); // completes
    await poll(routes, requestId); // then expired

    expect(events.map((event) => event.type)).toEqual(['started', 'callback_accepted', 'completed', 'expired']);
    expect(events[0]).toMatchObject({ type: 'started', flow: 'web', requestId, phoneNumber: '+46******567' });
    expect(events[1]).toMatchObject({ requestId, outcome: 'authorized', duplicate: false });
    expect(events[2]).toMatchObject({ requestId, phoneNumber: '+46******567' });
    for (const event of events) {
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(event.at).toBeGreaterThan(1_700_000_000_000);
    }
  });

  test('does not report a pending poll', async () => {
    const { routes, events } = observed();
    const { requestId } = await startSignIn(routes);

    await poll(routes, requestId);

    expect(events.map((event) => event.type)).toEqual(['started']);
  });

  test('reports a decline as callback_accepted then rejected, with its reason', async () => {
    const { routes, events } = observed();
    const { requestId } = await startSignIn(routes);
    const state = truecaller.stateOf(requestId);
    await routes.callback(callbackRequest({ requestId, status: 'user_rejected', state }));
    await poll(routes, requestId);

    expect(events.slice(1)).toMatchObject([
      { type: 'callback_accepted', outcome: 'rejected' },
      { type: 'rejected', requestId, reason: 'user_rejected' },
    ]);
  });

  test.each([
    ['a body that is not a callback', () => '{"requestId":', 'invalid_callback'],
    ['an unknown requestId', () => ({ requestId: 'never-issued', accessToken: 't' }), 'unknown_request'],
  ])('reports %s as callback_refused with its code', async (_, body, code) => {
    const { routes, events } = observed();

    await routes.callback(callbackRequest(body()));

    expect(events).toMatchObject([{ type: 'callback_refused', code }]);
  });

  test('reports a callback with another state as callback_refused state_mismatch, with its requestId', async () => {
    const { routes, events } = observed();
    const { requestId } = await startSignIn(routes);

    await routes.callback(callbackRequest({ ...truecaller.approval(requestId), state: 'forged' }));

    expect(events[1]).toMatchObject({ type: 'callback_refused', code: 'state_mismatch', requestId });
  });

  test("reports another session's poll as failed state_mismatch", async () => {
    const { routes, events } = observed();
    const { requestId } = await startSignIn(routes);

    await poll(routes, requestId, OTHER_SESSION);

    expect(events[1]).toMatchObject({ type: 'failed', step: 'status', code: 'state_mismatch', requestId });
  });

  test('reports a rejected appKey as failed invalid_credentials at start (the browser only sees internal_error)', async () => {
    truecaller.startReplies(reply.text(INVALID_CREDENTIALS_JSON, 404));
    const { routes, events } = observed();

    await routes.start(
      new Request('https://app.example/start', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sid=s1' },
        body: JSON.stringify({ phoneNumber: PHONE_NUMBER }),
      }),
    );

    expect(events).toMatchObject([
      { type: 'failed', step: 'start', code: 'invalid_credentials', phoneNumber: '+46******567' },
    ]);
  });

  test('reports a store failure as store_failed with its step', async () => {
    const { client, events } = observed({ tracker: failingTracker('get') });

    await expect(client.completeSignIn('request-1', { state: 's' })).rejects.toMatchObject({ code: 'tracker_error' });

    expect(events).toMatchObject([{ type: 'store_failed', step: 'status', requestId: 'request-1' }]);
  });

  test('reports a cancel as cancelled, and cancelling what is no longer pending as nothing', async () => {
    const { client, routes, events } = observed();
    const { requestId } = await startSignIn(routes);
    const state = truecaller.stateOf(requestId);

    await client.cancelSignIn(requestId, { state });
    await client.cancelSignIn(requestId, { state });

    expect(events.map((event) => event.type)).toEqual(['started', 'cancelled']);
    expect(events[1]).toMatchObject({ requestId });
  });

  test('passes handleCallback its options: a body slower than the timeout is refused', async () => {
    const { client, events } = observed();
    const body = new ReadableStream<Uint8Array>({ start: () => undefined }); // never sends anything
    const request = new Request('https://app.example/cb', { method: 'POST', body, duplex: 'half' } as RequestInit);

    await expect(client.handleCallback(request, { timeout: 50 })).rejects.toMatchObject({ code: 'invalid_callback' });
    expect(events).toMatchObject([{ type: 'callback_refused', code: 'invalid_callback' }]);
  });

  test('reports a mobile-web registration as started with flow mobile-web', async () => {
    const { client, events } = observed();

    await client.registerRequest({ requestId: 'nonce-0123456789', state: 's' });

    expect(events).toMatchObject([{ type: 'started', flow: 'mobile-web', requestId: 'nonce-0123456789' }]);
  });

  test('reports the registration behind a mobile-web link as started, with the masked number it asked for', async () => {
    const { client, events } = observed();

    const { requestId } = await client.createMobileWebLink({ partnerName: 'Acme', phoneNumber: PHONE_NUMBER });

    expect(events).toEqual([
      expect.objectContaining({ type: 'started', flow: 'mobile-web', requestId, phoneNumber: '+46******567' }),
    ]);
  });

  test('an onEvent that throws or rejects changes nothing about the sign-in', async () => {
    for (const onEvent of [
      () => {
        throw new Error('logger down');
      },
      () => Promise.reject(new Error('logger down')),
    ]) {
      const client = newClient({ onEvent });
      const routes = routesFor(client);
      const { requestId } = await startSignIn(routes);
      expect((await routes.callback(callbackRequest(truecaller.approval(requestId)))).status).toBe(204);
      expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'completed' });
    }
  });

  test('errors still reach the caller unchanged', async () => {
    const { client } = observed();

    await expect(client.handleCallback('{"requestId":')).rejects.toMatchObject({ code: 'invalid_callback' });
  });

  test('is checked at construction', () => {
    expect(() => new TruecallerClient({ appKey: APP_KEY, onEvent: 'log' as never })).toThrow(TypeError);
  });

  test('never carries the appKey, a token, a full number or the state, whatever they are', async () => {
    const secret = fc.string({
      unit: fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ_-'),
      minLength: 24,
      maxLength: 40,
    });
    const mobile = fc.integer({ min: 0, max: 9_999_999 }).map((n) => `4670${String(n).padStart(7, '0')}`);

    await fc.assert(
      fc.asyncProperty(
        secret,
        secret,
        secret,
        mobile,
        fc.boolean(),
        async (appKey, token, session, number, approve) => {
          const events: TruecallerEvent[] = [];
          mockRequestsEndpoint(reply.accepted());
          mockProfileEndpoint(() => Response.json({ phoneNumbers: [Number(number)] }));
          const client = new TruecallerClient({ appKey, tracker: new MemoryTracker(), onEvent: (e) => events.push(e) });
          const routes = createTruecallerRoutes(client, { state: () => session });
          const started = await routes.start(
            new Request('https://app.example/s', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ phoneNumber: `+${number}` }),
            }),
          );
          const { requestId } = (await started.json()) as { requestId: string };
          const sent = truecaller.start().requests.at(-1);
          const state = (JSON.parse(sent?.body ?? '{}') as { state: string }).state;
          const callback = approve
            ? { requestId, accessToken: token, state }
            : { requestId, status: 'user_rejected', state };
          await routes.callback(callbackRequest(callback));
          await routes.callback(callbackRequest({ ...callback, state: token })); // refused: another state
          await routes.status(new Request(`https://app.example/st?requestId=${requestId}`));

          const logged = JSON.stringify(events);
          expect(events.length).toBeGreaterThanOrEqual(3);
          for (const forbidden of [appKey, token, session, state, number, number.slice(2)]) {
            expect(logged).not.toContain(forbidden);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
