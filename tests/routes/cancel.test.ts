import { describe, expect, test } from 'vitest';
import {
  browserRequest,
  callbackRequest,
  failingTracker,
  newClient,
  OTHER_SESSION,
  poll,
  read,
  routesFor,
  startSignIn,
  useFakeTruecaller,
} from './support.js';

const truecaller = useFakeTruecaller();

const cancel = (body: unknown, init: Parameters<typeof browserRequest>[1] = {}) =>
  browserRequest('/signin/truecaller/cancel', { body, ...init });

async function pendingSignIn() {
  const routes = routesFor(newClient());
  const { requestId } = await startSignIn(routes);
  return { routes, requestId };
}

describe('the cancel route', () => {
  test("answers 200 { status: 'cancelled' }; the sign-in is over and the number free at once", async () => {
    const { routes, requestId } = await pendingSignIn();

    const answer = await read(await routes.cancel(cancel({ requestId })));

    expect(answer).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'expired' });
    // The user falls back to an OTP, then tries Truecaller again: no 5-minute lock-out.
    const again = await startSignIn(routes);
    expect(again.requestId).not.toBe(requestId);
  });

  test('refuses a late callback for the cancelled sign-in', async () => {
    const { routes, requestId } = await pendingSignIn();
    await routes.cancel(cancel({ requestId }));

    const late = await read(await routes.callback(callbackRequest(truecaller.approval(requestId))));

    expect(late).toMatchObject({ status: 404, body: { error: 'unknown_request' } });
  });

  test('is idempotent: cancelling again, or an unknown requestId, also answers 200', async () => {
    const { routes, requestId } = await pendingSignIn();
    await routes.cancel(cancel({ requestId }));

    expect((await routes.cancel(cancel({ requestId }))).status).toBe(200);
    expect((await routes.cancel(cancel({ requestId: 'never-issued' }))).status).toBe(200);
  });

  test("answers another session's cancel 403 state_mismatch, and the sign-in goes on", async () => {
    const { routes, requestId } = await pendingSignIn();

    const answer = await read(await routes.cancel(cancel({ requestId }, { session: OTHER_SESSION })));

    expect(answer).toMatchObject({ status: 403, body: { error: 'state_mismatch' } });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'pending' });
  });

  test('answers 503 with Retry-After when the store is down', async () => {
    const routes = routesFor(newClient({ tracker: failingTracker('get') }));

    const response = await routes.cancel(cancel({ requestId: 'request-1' }));

    expect(await read(response)).toMatchObject({ status: 503, body: { error: 'tracker_error' } });
    expect(response.headers.get('retry-after')).toBe('1');
  });

  test.each([
    ['no requestId', {}],
    ['an empty requestId', { requestId: '' }],
    ['a requestId that is not a string', { requestId: 42 }],
  ])('answers 400 bad_request to %s, and cancels nothing', async (_, body) => {
    const { routes, requestId } = await pendingSignIn();

    expect(await read(await routes.cancel(cancel(body)))).toMatchObject({
      status: 400,
      body: { error: 'bad_request' },
    });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'pending' });
  });

  test('answers 401 without a session and 415 to a non-JSON body, cancelling nothing', async () => {
    const { routes, requestId } = await pendingSignIn();

    expect((await routes.cancel(cancel({ requestId }, { session: null }))).status).toBe(401);
    expect((await routes.cancel(cancel(`{"requestId":"${requestId}"}`, { contentType: 'text/plain' }))).status).toBe(
      415,
    );
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'pending' });
  });

  test('answers 405 to a GET', async () => {
    const { routes } = await pendingSignIn();

    expect((await routes.cancel(browserRequest('/signin/truecaller/cancel'))).status).toBe(405);
  });
});
