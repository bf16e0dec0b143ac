// The cancel route calls `client.cancelSignIn(requestId, { state })`, which branch `rel` adds to the client.
// Until it lands, these tests give the client a stand-in `cancelSignIn` and check what the route does with it:
// the arguments it passes and how each outcome is answered. (Cancel's effect on the lifecycle is rel's to test.)
import {
  StateMismatchError,
  TrackerError,
  type TruecallerClient,
  type TruecallerRoutes,
  UnknownRequestError,
} from 'truecaller-web-login';
import { describe, expect, test, vi } from 'vitest';
import { stateOf } from '../../src/routes/stateOf.js';
import { browserRequest, newClient, read, routesFor, SESSION, useFakeTruecaller } from './support.js';

useFakeTruecaller();

function routesWithCancel(cancelSignIn: (requestId: string, options: { state?: string }) => Promise<unknown>): {
  routes: TruecallerRoutes;
  cancelSignIn: typeof cancelSignIn;
} {
  const client = newClient();
  const spy = vi.fn(cancelSignIn);
  Object.defineProperty(client, 'cancelSignIn', { value: spy });
  return { routes: routesFor(client as TruecallerClient), cancelSignIn: spy };
}

const cancel = (body: unknown, init: Parameters<typeof browserRequest>[1] = {}) =>
  browserRequest('/signin/truecaller/cancel', { body, ...init });

describe('the cancel route', () => {
  test("cancels the sign-in with the session's state and answers 200 { status: 'cancelled' }", async () => {
    const { routes, cancelSignIn } = routesWithCancel(async () => undefined);

    const answer = await read(await routes.cancel(cancel({ requestId: 'request-1' })));

    expect(answer).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    expect(cancelSignIn).toHaveBeenCalledWith('request-1', { state: await stateOf(SESSION) });
  });

  test.each([
    ['another session', new StateMismatchError('completeSignIn'), 403, 'state_mismatch'],
    ['an unknown requestId', new UnknownRequestError('no pending sign-in has this requestId'), 404, 'unknown_request'],
    ['a store failure', new TrackerError('remove'), 503, 'tracker_error'],
  ])('answers %s with %i', async (_, error, status, code) => {
    const { routes } = routesWithCancel(async () => {
      throw error;
    });

    expect(await read(await routes.cancel(cancel({ requestId: 'request-1' })))).toMatchObject({
      status,
      body: { error: code },
    });
  });

  test.each([
    ['no requestId', {}],
    ['an empty requestId', { requestId: '' }],
    ['a requestId that is not a string', { requestId: 42 }],
  ])('answers 400 bad_request to %s, and cancels nothing', async (_, body) => {
    const { routes, cancelSignIn } = routesWithCancel(async () => undefined);

    expect(await read(await routes.cancel(cancel(body)))).toMatchObject({
      status: 400,
      body: { error: 'bad_request' },
    });
    expect(cancelSignIn).not.toHaveBeenCalled();
  });

  test('answers 401 without a session and 415 to a non-JSON body, cancelling nothing', async () => {
    const { routes, cancelSignIn } = routesWithCancel(async () => undefined);

    expect((await routes.cancel(cancel({ requestId: 'r' }, { session: null }))).status).toBe(401);
    expect((await routes.cancel(cancel('requestId=r', { contentType: 'text/plain' }))).status).toBe(415);
    expect(cancelSignIn).not.toHaveBeenCalled();
  });

  test('answers 405 to a GET', async () => {
    const { routes } = routesWithCancel(async () => undefined);

    expect((await routes.cancel(browserRequest('/signin/truecaller/cancel'))).status).toBe(405);
  });
});
