import { describe, expect, test } from 'vitest';
import { stateOf } from '../../src/routes/stateOf.js';
import { FORBIDDEN_JSON, INVALID_CREDENTIALS_JSON, MASKED_PHONE_NUMBER } from '../fixtures/payloads.js';
import { reply } from '../support/msw.js';
import {
  APP_KEY,
  browserRequest,
  failingTracker,
  newClient,
  OTHER_SESSION,
  PHONE_NUMBER,
  read,
  routesFor,
  SESSION,
  startSignIn,
  useFakeTruecaller,
} from './support.js';

const truecaller = useFakeTruecaller();

const start = (body: unknown, init: Parameters<typeof browserRequest>[1] = {}) =>
  browserRequest('/signin/truecaller', { body, ...init });

describe('the start route', () => {
  test('answers 200 { requestId } and sends the number with a digest of the session id as state', async () => {
    const routes = routesFor(newClient());

    const answer = await read(await routes.start(start({ phoneNumber: '+46 76 123 45 67' })));

    expect(answer).toMatchObject({ status: 200, body: { requestId: expect.any(String) } });
    // The requestId is the one Truecaller issued for this prompt.
    expect(truecaller.stateOf((answer.body as { requestId: string }).requestId)).toBe(await stateOf(SESSION));
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const [sent] = truecaller.start().requests;
    expect(JSON.parse(sent?.body ?? '')).toEqual({ phoneNumber: Number(PHONE_NUMBER), state: await stateOf(SESSION) });
    // The session id is a credential: Truecaller never sees it.
    expect(sent?.body).not.toContain(SESSION);
  });

  test('gives two sessions two different states, the same session the same one', async () => {
    expect(await stateOf(SESSION)).toBe(await stateOf(SESSION));
    expect(await stateOf(SESSION)).not.toBe(await stateOf(OTHER_SESSION));
    expect(await stateOf(SESSION)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('accepts the number as a JSON number too', async () => {
    const answer = await read(await routesFor(newClient()).start(start({ phoneNumber: Number(PHONE_NUMBER) })));

    expect(answer.status).toBe(200);
  });

  test('answers 401 session_required without a session, and sends nothing', async () => {
    const answer = await read(
      await routesFor(newClient()).start(start({ phoneNumber: PHONE_NUMBER }, { session: null })),
    );

    expect(answer).toMatchObject({ status: 401, body: { error: 'session_required' } });
    expect(truecaller.start().requests).toHaveLength(0);
  });

  test('treats an empty session id as no session', async () => {
    const routes = routesFor(newClient(), { state: () => '' });

    expect((await routes.start(start({ phoneNumber: PHONE_NUMBER }))).status).toBe(401);
  });

  test('answers 405 with Allow to another method', async () => {
    const response = await routesFor(newClient()).start(browserRequest('/signin/truecaller'));

    expect(await read(response)).toMatchObject({ status: 405, body: { error: 'method_not_allowed' } });
    expect(response.headers.get('allow')).toBe('POST');
  });

  test.each([
    ['text/plain (what a cross-site form can send)', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
  ])('answers 415 to a body sent as %s, and sends nothing', async (_, contentType) => {
    const request = start(JSON.stringify({ phoneNumber: PHONE_NUMBER }), { contentType });

    const answer = await read(await routesFor(newClient()).start(request));

    expect(answer).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    expect(truecaller.start().requests).toHaveLength(0);
  });

  test('accepts application/json with a charset', async () => {
    const request = start({ phoneNumber: PHONE_NUMBER }, { contentType: 'Application/JSON; charset=utf-8' });

    expect((await routesFor(newClient()).start(request)).status).toBe(200);
  });

  test.each([
    ['malformed JSON', '{"phoneNumber":'],
    ['an empty body', ''],
    ['a JSON array', '[]'],
    ['no phoneNumber', '{}'],
    ['a phoneNumber that is an object', '{"phoneNumber":{"n":1}}'],
    ['a body over 4 KiB', JSON.stringify({ phoneNumber: PHONE_NUMBER, padding: 'x'.repeat(5000) })],
  ])('answers 400 bad_request to %s, and sends nothing', async (_, body) => {
    const answer = await read(await routesFor(newClient()).start(start(body)));

    expect(answer).toMatchObject({ status: 400, body: { error: 'bad_request' } });
    expect(truecaller.start().requests).toHaveLength(0);
  });

  test('stops reading a streamed body past 4 KiB', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const request = new Request('https://app.example/signin/truecaller', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `sid=${SESSION}` },
      body,
      duplex: 'half',
    } as RequestInit);

    const answer = await read(await routesFor(newClient()).start(request));

    expect(answer.status).toBe(400);
    expect(pulled).toBeLessThan(10);
  });

  test('answers 400 invalid_phone_number without repeating the number', async () => {
    const response = await routesFor(newClient()).start(start({ phoneNumber: '+46 12345' }));
    const text = await response.text();

    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: 'invalid_phone_number' });
    expect(text).not.toMatch(/12345/);
  });

  test('answers a second start for a pending number 429 with Retry-After, never naming the number', async () => {
    const routes = routesFor(newClient());
    await startSignIn(routes);

    const response = await routes.start(start({ phoneNumber: PHONE_NUMBER }, { session: OTHER_SESSION }));
    const text = await response.text();

    expect(response.status).toBe(429);
    const body = JSON.parse(text) as { error: string; retryAfterMs: number };
    expect(body.error).toBe('request_pending');
    expect(body.retryAfterMs).toBeGreaterThan(299_000);
    expect(response.headers.get('retry-after')).toBe(String(Math.ceil(body.retryAfterMs / 1000)));
    expect(text).not.toContain(MASKED_PHONE_NUMBER);
    expect(text).not.toMatch(/761234567|46\*/);
    expect(truecaller.start().requests).toHaveLength(1);
  });

  test("answers 403 forbidden to Truecaller's 403/1008 (offer another sign-in method)", async () => {
    truecaller.startReplies(reply.text(FORBIDDEN_JSON, 403));

    const answer = await read(await routesFor(newClient()).start(start({ phoneNumber: PHONE_NUMBER })));

    expect(answer).toMatchObject({ status: 403, body: { error: 'forbidden' } });
  });

  test('answers a rejected appKey 500 internal_error, with nothing about the configuration', async () => {
    truecaller.startReplies(reply.text(INVALID_CREDENTIALS_JSON, 404));

    const response = await routesFor(newClient()).start(start({ phoneNumber: PHONE_NUMBER }));
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toMatchObject({ error: 'internal_error' });
    expect(text).not.toMatch(/credential|app ?key|partner|404/i);
    expect(text).not.toContain(APP_KEY);
  });

  test.each([
    ['a 500', reply.status(500), 502, 'server_error'],
    ['a reset connection', reply.networkError(), 502, 'network_error'],
  ])("answers Truecaller's %s with %i", async (_, failure, status, error) => {
    truecaller.startReplies(failure);

    const answer = await read(await routesFor(newClient()).start(start({ phoneNumber: PHONE_NUMBER })));

    expect(answer).toMatchObject({ status, body: { error } });
  });

  test('answers 503 with Retry-After when the store is down, and sends nothing', async () => {
    const routes = routesFor(newClient({ tracker: failingTracker('acquireLock') }));

    const response = await routes.start(start({ phoneNumber: PHONE_NUMBER }));

    expect(await read(response)).toMatchObject({ status: 503, body: { error: 'tracker_error', retryAfterMs: 1000 } });
    expect(response.headers.get('retry-after')).toBe('1');
    expect(truecaller.start().requests).toHaveLength(0);
  });

  test("rethrows what the app's state function throws, for the framework to log", async () => {
    const bug = new Error('session store misconfigured');
    const routes = routesFor(newClient(), {
      state: () => {
        throw bug;
      },
    });

    await expect(routes.start(start({ phoneNumber: PHONE_NUMBER }))).rejects.toBe(bug);
  });
});
