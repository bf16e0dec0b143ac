/** The mobile-web link route: what a page's `POST` gets back, and what it never learns. */
import { createMobileWebLinkRoute, type MobileWebLink, StateMismatchError } from 'truecaller-web-login';
import { describe, expect, test, vi } from 'vitest';
import { APP_KEY, linkParameters, mobileWebHarness } from '../mobileweb/support.js';

const ROUTE_URL = 'https://app.example/truecaller/mobile-web-link';
const sessionOf = (request: Request) => request.headers.get('x-session') ?? undefined;
const post = (body?: BodyInit, headers: Record<string, string> = {}) =>
  new Request(ROUTE_URL, { method: 'POST', body: body ?? null, headers: { 'x-session': 'session-1', ...headers } });

function setUp(link = { partnerName: 'Acme', lang: 'en' as const }) {
  const harness = mobileWebHarness();
  const route = createMobileWebLinkRoute(harness.client, { state: sessionOf, link });
  return { ...harness, route };
}

describe('a POST', () => {
  test('answers 200 { url, requestId } for a link registered under the session state', async () => {
    const { client, route } = setUp();

    const response = await route(post());
    const answer = (await response.json()) as MobileWebLink;

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer).sort()).toEqual(['requestId', 'url']);
    expect(linkParameters(answer.url)).toMatchObject({
      requestNonce: answer.requestId,
      partnerName: 'Acme',
      lang: 'en',
    });
    expect(await client.completeSignIn(answer.requestId, { state: 'session-1' })).toEqual({ status: 'pending' });
    await expect(client.completeSignIn(answer.requestId, { state: 'session-2' })).rejects.toBeInstanceOf(
      StateMismatchError,
    );
  });

  test('binds the number the page sends', async () => {
    const { client, route, authorize } = setUp();

    const response = await route(post(JSON.stringify({ phoneNumber: '+46 76 123 45 67' })));
    const { requestId } = (await response.json()) as MobileWebLink;
    await client.handleCallback({ requestId, accessToken: authorize({ phoneNumbers: ['46761234567'] }) });

    expect(response.status).toBe(200);
    expect(await client.completeSignIn(requestId, { state: 'session-1' })).toMatchObject({
      status: 'completed',
      phoneNumber: '46761234567',
    });
  });

  test('an invalid number answers 400 invalid_phone_number', async () => {
    const { route } = setUp();

    const response = await route(post(JSON.stringify({ phoneNumber: '12345' })));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_phone_number' });
  });

  test.each([
    ['not JSON', 'phoneNumber=+46761234567'],
    ['a JSON array', '[]'],
    ['a number of the wrong type', JSON.stringify({ phoneNumber: { digits: '46761234567' } })],
    ['a body over 1 KiB', JSON.stringify({ phoneNumber: '+46761234567', padding: 'x'.repeat(1100) })],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
  ])('%s answers 400 bad_request and registers nothing', async (_, body) => {
    const { route, tracker } = setUp();
    const register = vi.spyOn(tracker, 'register');

    const response = await route(post(body));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'bad_request' });
    expect(register).not.toHaveBeenCalled();
  });

  test('a GET answers 405 with Allow: POST', async () => {
    const { route } = setUp();

    const response = await route(new Request(ROUTE_URL));

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });
});

describe('failures', () => {
  test('a store failure answers 503 with Retry-After', async () => {
    const { route, tracker } = setUp();
    vi.spyOn(tracker, 'register').mockRejectedValue(new Error('ECONNREFUSED'));

    const response = await route(post());

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: 'tracker_error', retryAfterMs: 1000 });
  });

  test('invalid link settings answer 500 internal_error without detail', async () => {
    const { route } = setUp({ partnerName: 'Acme', lang: 'fr' as never });

    const response = await route(post());
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: 'internal_error' });
    expect(text).not.toContain('lang');
  });

  test('a state function that throws answers 500 internal_error', async () => {
    const { client } = mobileWebHarness();
    const route = createMobileWebLinkRoute(client, {
      state: () => {
        throw new Error(`session store down for ${APP_KEY}`);
      },
      link: { partnerName: 'Acme' },
    });

    const response = await route(post());
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(text).not.toContain(APP_KEY);
  });

  test('a missing state function is a TypeError at set-up', () => {
    const { client } = mobileWebHarness();

    expect(() => createMobileWebLinkRoute(client, { link: { partnerName: 'Acme' } } as never)).toThrow(TypeError);
  });
});
