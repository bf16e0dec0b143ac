import fc from 'fast-check';
import { createTruecallerRoutes } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { stateOf } from '../../src/routes/stateOf.js';
import {
  APP,
  CALLBACK_SECRET,
  CALLBACK_URL,
  callbackRequest,
  failingTracker,
  newClient,
  OTHER_SESSION,
  PHONE_NUMBER,
  poll,
  read,
  routesFor,
  sessionOf,
  startSignIn,
  useFakeTruecaller,
} from './support.js';

const truecaller = useFakeTruecaller();

async function pendingSignIn() {
  const client = newClient();
  const routes = routesFor(client);
  const { requestId } = await startSignIn(routes);
  return { client, routes, requestId };
}

describe('the callback route', () => {
  test('answers an authorized callback 204 with no body, and the next poll completes', async () => {
    const { routes, requestId } = await pendingSignIn();

    const answer = await read(await routes.callback(callbackRequest(truecaller.approval(requestId))));

    expect(answer).toMatchObject({ status: 204, body: null });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'completed' });
  });

  test('answers a redelivery 204 too', async () => {
    const { routes, requestId } = await pendingSignIn();
    const body = truecaller.approval(requestId);
    await routes.callback(callbackRequest(body));

    expect((await routes.callback(callbackRequest(body))).status).toBe(204);
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['no content type', null],
    ['a form', 'application/x-www-form-urlencoded'],
  ])('reads a callback sent as %s (the SDK parses the body, not a framework)', async (_, contentType) => {
    const { routes, requestId } = await pendingSignIn();
    const fields = truecaller.approval(requestId);
    const body =
      contentType === 'application/x-www-form-urlencoded'
        ? new URLSearchParams(fields).toString()
        : JSON.stringify(fields);

    expect((await routes.callback(callbackRequest(body, { contentType }))).status).toBe(204);
  });

  test.each([
    ['another secret', `${APP}/truecaller/callback/cb-secret-3f9a1c7e5b2d8047`],
    ['no secret', `${APP}/truecaller/callback`],
    ['the secret in the query', `${APP}/truecaller/callback?s=${CALLBACK_SECRET}`],
    ['the secret as a prefix', `${APP}/truecaller/callback/${CALLBACK_SECRET}x`],
  ])('answers a callback to %s 404 not_found and records nothing', async (_, url) => {
    const { routes, requestId } = await pendingSignIn();
    const body = truecaller.approval(requestId);

    const answer = await read(await routes.callback(callbackRequest(body, { url })));

    expect(answer).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'pending' });
  });

  test('accepts the secret with a trailing slash', async () => {
    const { routes, requestId } = await pendingSignIn();
    const body = truecaller.approval(requestId);

    expect((await routes.callback(callbackRequest(body, { url: `${CALLBACK_URL}/` }))).status).toBe(204);
  });

  test('without a callbackSecret, accepts the callback at any path', async () => {
    const client = newClient();
    const routes = createTruecallerRoutes(client, { state: sessionOf });
    const { requestId } = await startSignIn(routes);
    const body = truecaller.approval(requestId);

    expect((await routes.callback(callbackRequest(body, { url: `${APP}/cb` }))).status).toBe(204);
  });

  test.each([
    ['malformed JSON', '{"requestId":', 'invalid_callback'],
    ['an empty body', '', 'invalid_callback'],
    ['a body over 16 KiB', JSON.stringify({ requestId: 'r', accessToken: 'x'.repeat(17_000) }), 'invalid_callback'],
  ])('answers %s 400 %s', async (_, body, error) => {
    const { routes } = await pendingSignIn();

    expect(await read(await routes.callback(callbackRequest(body)))).toMatchObject({ status: 400, body: { error } });
  });

  test('answers an unknown requestId 404 unknown_request', async () => {
    const { routes, requestId } = await pendingSignIn();
    const body = { ...truecaller.approval(requestId), requestId: 'never-issued' };

    expect(await read(await routes.callback(callbackRequest(body)))).toMatchObject({
      status: 404,
      body: { error: 'unknown_request' },
    });
  });

  test('answers a second callback with another payload 409 unknown_request, and the first outcome stands', async () => {
    const { routes, requestId } = await pendingSignIn();
    await routes.callback(callbackRequest(truecaller.approval(requestId)));
    const other = { ...truecaller.approval(requestId), accessToken: 'another-token-that-is-long-enough' };

    expect(await read(await routes.callback(callbackRequest(other)))).toMatchObject({
      status: 409,
      body: { error: 'unknown_request' },
    });
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'completed' });
  });

  test('answers a callback with another state 403 state_mismatch, and the sign-in stays pending', async () => {
    const { routes, requestId } = await pendingSignIn();
    const forged = await stateOf(OTHER_SESSION);
    const body = { ...truecaller.approval(requestId), state: forged };

    const response = await routes.callback(callbackRequest(body));
    const text = await response.text();

    expect(response.status).toBe(403);
    expect(JSON.parse(text)).toMatchObject({ error: 'state_mismatch' });
    expect(text).not.toContain(forged);
    expect(await (await poll(routes, requestId)).json()).toEqual({ status: 'pending' });
  });

  test('answers 405 to a GET', async () => {
    const { routes } = await pendingSignIn();

    const response = await routes.callback(callbackRequest(null, { method: 'GET' }));

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  test('answers 503 when the store is down (Truecaller may redeliver), not a refusal', async () => {
    const routes = routesFor(newClient({ tracker: failingTracker('get') }));
    const body = { requestId: 'r1', accessToken: truecaller.authorize(PHONE_NUMBER), state: 'x' };

    const response = await routes.callback(callbackRequest(body));

    expect(await read(response)).toMatchObject({ status: 503, body: { error: 'tracker_error' } });
    expect(response.headers.get('retry-after')).toBe('1');
  });

  test('refuses whatever a stranger POSTs with a 4xx, never a 5xx, and never with something it sent', async () => {
    const { routes, requestId } = await pendingSignIn();
    const otherState = await stateOf(OTHER_SESSION);
    const bodies = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 2 }),
      fc
        .record(
          {
            requestId: fc.oneof(fc.constant(requestId), fc.string({ maxLength: 40 })),
            accessToken: fc.string({ maxLength: 80 }),
            status: fc.string({ maxLength: 30 }),
            state: fc.oneof(fc.constant(otherState), fc.string({ maxLength: 30 })),
            endpoint: fc.webUrl(),
          },
          { requiredKeys: [] },
        )
        .map((object) => JSON.stringify(object)),
    );
    const contentTypes = fc.constantFrom(null, 'application/json', 'text/plain', 'application/x-www-form-urlencoded');

    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, async (body, contentType) => {
        const response = await routes.callback(callbackRequest(body, { contentType }));
        const text = await response.text();
        expect(response.status === 204 || (response.status >= 400 && response.status < 500)).toBe(true);
        if (text !== '') expect(Object.keys(JSON.parse(text)).sort()).toEqual(['error', 'message']);
        if (body.length >= 12) expect(text).not.toContain(body);
      }),
      { numRuns: 100 },
    );
  });
});

describe('createTruecallerRoutes', () => {
  test.each([
    ['a short callbackSecret', { state: sessionOf, callbackSecret: 'short' }],
    ['a callbackSecret with a slash', { state: sessionOf, callbackSecret: 'aaaaaaaa/bbbbbbbbbb' }],
    ['no state function', { callbackSecret: CALLBACK_SECRET }],
    ['an onCompleted that is not a function', { state: sessionOf, onCompleted: 'yes' }],
  ])('throws a TypeError for %s', (_, options) => {
    expect(() => createTruecallerRoutes(newClient(), options as never)).toThrow(TypeError);
  });
});
