import type { CompletedSignIn } from 'truecaller-web-login';
import { describe, expect, test, vi } from 'vitest';
import { stateOf } from '../../src/routes/stateOf.js';
import {
  browserRequest,
  callbackRequest,
  failingTracker,
  newClient,
  OTHER_SESSION,
  PHONE_NUMBER,
  poll,
  read,
  routesFor,
  SESSION,
  startSignIn,
  useFakeTruecaller,
} from './support.js';

const truecaller = useFakeTruecaller();

async function approvedSignIn(options: Parameters<typeof routesFor>[1] = {}, token?: string) {
  const routes = routesFor(newClient(), options);
  const { requestId } = await startSignIn(routes);
  const approval = truecaller.approval(requestId);
  const body = token === undefined ? approval : { ...approval, accessToken: token };
  expect((await routes.callback(callbackRequest(body))).status).toBe(204);
  return { routes, requestId };
}

describe('the status route', () => {
  test('answers 200 { status: "pending" } until the callback arrives, never cached', async () => {
    const routes = routesFor(newClient());
    const { requestId } = await startSignIn(routes);

    const response = await poll(routes, requestId);

    expect(await read(response)).toMatchObject({ status: 200, body: { status: 'pending' } });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('answers a completed sign-in with { status: "completed" } only: no profile, number or state', async () => {
    const { routes, requestId } = await approvedSignIn();

    const text = await (await poll(routes, requestId)).text();

    expect(JSON.parse(text)).toEqual({ status: 'completed' });
    expect(text).not.toMatch(/Rajat|761234567|session/);
  });

  test("hands a completed sign-in to onCompleted once and answers with the app's own Response", async () => {
    const onCompleted = vi.fn(async (result: CompletedSignIn) =>
      Response.json(
        { status: 'completed', name: result.profile.name?.first },
        { headers: [['set-cookie', 'app_session=abc; HttpOnly']] },
      ),
    );
    const { routes, requestId } = await approvedSignIn({ onCompleted });

    const response = await poll(routes, requestId);

    expect(await response.json()).toEqual({ status: 'completed', name: 'Rajat' });
    expect(response.headers.get('set-cookie')).toBe('app_session=abc; HttpOnly');
    expect(onCompleted).toHaveBeenCalledTimes(1);
    const [result, request] = onCompleted.mock.calls[0] as unknown as [CompletedSignIn, Request];
    expect(result).toMatchObject({ status: 'completed', phoneNumber: PHONE_NUMBER, state: await stateOf(SESSION) });
    expect(new URL(request.url).searchParams.get('requestId')).toBe(requestId);
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'expired' });
    expect(onCompleted).toHaveBeenCalledTimes(1);
  });

  test('answers a declined sign-in { status: "rejected", reason }', async () => {
    const routes = routesFor(newClient());
    const { requestId } = await startSignIn(routes);
    await routes.callback(
      callbackRequest({ requestId, status: 'use_another_number', state: truecaller.stateOf(requestId) }),
    );

    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'rejected', reason: 'use_another_number' });
  });

  test('answers a reason Truecaller may add later as a plain decline, never as free text', async () => {
    const routes = routesFor(newClient());
    const { requestId } = await startSignIn(routes);
    await routes.callback(
      callbackRequest({ requestId, status: 'user_timed_out_<b>', state: truecaller.stateOf(requestId) }),
    );

    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'rejected', reason: 'user_rejected' });
  });

  test('answers an unknown requestId { status: "expired" }', async () => {
    const routes = routesFor(newClient());

    expect(await (await poll(routes, 'never-issued')).json()).toEqual({ status: 'expired' });
  });

  test("answers another session's poll 403 state_mismatch; the right session still completes", async () => {
    const { routes, requestId } = await approvedSignIn();

    expect(await read(await poll(routes, requestId, OTHER_SESSION))).toMatchObject({
      status: 403,
      body: { error: 'state_mismatch' },
    });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'completed' });
  });

  test('answers 401 session_required without a session', async () => {
    const routes = routesFor(newClient());
    const { requestId } = await startSignIn(routes);

    expect(await read(await poll(routes, requestId, null))).toMatchObject({
      status: 401,
      body: { error: 'session_required' },
    });
  });

  test('answers 400 bad_request without a requestId', async () => {
    const routes = routesFor(newClient());

    expect(await read(await routes.status(browserRequest('/signin/truecaller/status')))).toMatchObject({
      status: 400,
      body: { error: 'bad_request' },
    });
  });

  test('answers 405 to a POST', async () => {
    const response = await routesFor(newClient()).status(browserRequest('/status?requestId=r', { body: {} }));

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  test("answers 403 phone_number_mismatch when the token's profile is someone else's", async () => {
    const { routes, requestId } = await approvedSignIn({}, truecaller.authorize('919876543210'));

    const text = await (await poll(routes, requestId)).text();

    expect(JSON.parse(text)).toMatchObject({ error: 'phone_number_mismatch' });
    expect(text).not.toMatch(/9876543210|761234567/);
  });

  test('answers 502 invalid_token when Truecaller refuses the token', async () => {
    const { routes, requestId } = await approvedSignIn({}, 'a-token-truecaller-never-issued');

    expect(await read(await poll(routes, requestId))).toMatchObject({ status: 502, body: { error: 'invalid_token' } });
  });

  test('answers 503 with Retry-After when the store is down', async () => {
    const routes = routesFor(newClient({ tracker: failingTracker('get') }));

    const response = await poll(routes, 'r1');

    expect(await read(response)).toMatchObject({ status: 503, body: { error: 'tracker_error' } });
    expect(response.headers.get('retry-after')).toBe('1');
  });

  test('rejects with what onCompleted throws (the framework logs it)', async () => {
    const bug = new Error('users table is gone');
    const { routes, requestId } = await approvedSignIn({
      onCompleted: () => {
        throw bug;
      },
    });

    await expect(poll(routes, requestId)).rejects.toBe(bug);
  });
});
