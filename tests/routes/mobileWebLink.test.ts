/** `routes.mobileWebLink`: what a page's `POST` gets back, how it ties into status, and what it never reveals. */
import { createTruecallerRoutes, type MobileWebLinkAnswer, type MobileWebLinkSettings } from 'truecaller-web-login';
import { describe, expect, test, vi } from 'vitest';
import { APP_KEY, linkParameters, mobileWebHarness } from '../mobileweb/support.js';

const APP = 'https://app.example';
const SESSION = 'session-5e1f0c9a7b3d';
const NONEU_ENDPOINT = 'https://profile4-noneu.truecaller.com/v1/default';

function setUp(mobileWebLink: MobileWebLinkSettings | null = { partnerName: 'Acme', lang: 'en' }) {
  const harness = mobileWebHarness();
  const routes = createTruecallerRoutes(harness.client, {
    state: (request) => request.headers.get('x-session') ?? undefined,
    mobileWebLink: mobileWebLink ?? undefined,
  });
  return { ...harness, routes };
}

const linkRequest = (init: { body?: BodyInit; headers?: Record<string, string>; session?: string | null } = {}) =>
  new Request(`${APP}/truecaller/mobile-web-link`, {
    method: 'POST',
    body: init.body ?? null,
    headers: { ...(init.session === null ? {} : { 'x-session': init.session ?? SESSION }), ...init.headers },
  });
const statusRequest = (requestId: string, session = SESSION) =>
  new Request(`${APP}/truecaller/status?requestId=${encodeURIComponent(requestId)}`, {
    headers: { 'x-session': session },
  });
const jsonBody = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('a POST from a page with a session', () => {
  test('answers 200 { url, requestId } with no-store; the status route then sees it pending', async () => {
    const { routes } = setUp();

    const response = await routes.mobileWebLink(linkRequest());
    const answer = (await response.json()) as MobileWebLinkAnswer;
    const status = await routes.status(statusRequest(answer.requestId));

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer).sort()).toEqual(['requestId', 'url']);
    expect(linkParameters(answer.url)).toMatchObject({
      requestNonce: answer.requestId,
      partnerKey: APP_KEY,
      partnerName: 'Acme',
      lang: 'en',
    });
    expect(await status.json()).toEqual({ status: 'pending' });
  });

  test('another session cannot poll it', async () => {
    const { routes } = setUp();
    const { requestId } = (await (await routes.mobileWebLink(linkRequest())).json()) as MobileWebLinkAnswer;

    const status = await routes.status(statusRequest(requestId, 'someone-else'));

    expect(status.status).toBe(403);
    expect(await status.json()).toMatchObject({ error: 'state_mismatch' });
  });

  test('the callback for its nonce completes it on the status route', async () => {
    const { routes, client, authorize } = setUp();
    const { requestId } = (await (await routes.mobileWebLink(linkRequest())).json()) as MobileWebLinkAnswer;

    await client.handleCallback({
      requestId,
      accessToken: authorize({ phoneNumbers: ['919999999999'] }),
      endpoint: NONEU_ENDPOINT,
    });
    const status = await routes.status(statusRequest(requestId));

    expect(await status.json()).toEqual({ status: 'completed' });
  });

  test('binds the number the page sends: a profile without it cannot complete', async () => {
    const { routes, client, authorize } = setUp();
    const response = await routes.mobileWebLink(linkRequest(jsonBody({ phoneNumber: '+46 76 123 45 67' })));
    const { requestId } = (await response.json()) as MobileWebLinkAnswer;

    await client.handleCallback({ requestId, accessToken: authorize({ phoneNumbers: ['919999999999'] }) });
    const status = await routes.status(statusRequest(requestId));

    expect(response.status).toBe(200);
    expect(status.status).toBe(403);
    expect(await status.json()).toMatchObject({ error: 'phone_number_mismatch' });
  });

  test('neither the session id nor the number reaches the link or the store', async () => {
    const { routes, tracker } = setUp();
    const register = vi.spyOn(tracker, 'register');

    const response = await routes.mobileWebLink(linkRequest(jsonBody({ phoneNumber: '+46761234567' })));
    const { url } = (await response.json()) as MobileWebLinkAnswer;

    expect(url).not.toContain(SESSION);
    expect(url).not.toContain('761234567');
    expect(JSON.stringify(register.mock.calls)).not.toContain(SESSION);
  });
});

describe('refusals', () => {
  test('no session: 401 session_required, nothing registered', async () => {
    const { routes, tracker } = setUp();
    const register = vi.spyOn(tracker, 'register');

    const response = await routes.mobileWebLink(linkRequest({ session: null }));

    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'session_required' });
    expect(register).not.toHaveBeenCalled();
  });

  test('a GET: 405 method_not_allowed with Allow: POST', async () => {
    const { routes } = setUp();

    const response = await routes.mobileWebLink(new Request(`${APP}/truecaller/mobile-web-link`));

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  test('an invalid number: 400 invalid_phone_number', async () => {
    const { routes } = setUp();

    const response = await routes.mobileWebLink(linkRequest(jsonBody({ phoneNumber: '12345' })));

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_phone_number' });
  });

  test.each([
    ['a form body', 415, { body: 'phoneNumber=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ['text without a content type', 415, { body: '{"phoneNumber":"+46761234567"}' }],
    ['JSON that does not parse', 400, { body: '{', headers: { 'content-type': 'application/json' } }],
    ['a number of the wrong type', 400, jsonBody({ phoneNumber: { digits: '46761234567' } })],
    ['a body over 4 KiB', 400, jsonBody({ phoneNumber: '+46761234567', padding: 'x'.repeat(5000) })],
  ])('%s: %i, nothing registered', async (_, status, init) => {
    const { routes, tracker } = setUp();
    const register = vi.spyOn(tracker, 'register');

    const response = await routes.mobileWebLink(linkRequest(init));

    expect(response.status).toBe(status);
    expect(register).not.toHaveBeenCalled();
  });

  test('an empty body with no content type is a request without a number', async () => {
    const { routes } = setUp();

    const response = await routes.mobileWebLink(linkRequest({ body: '' }));

    expect(response.status).toBe(200);
  });

  test('a store failure: 503 tracker_error with Retry-After', async () => {
    const { routes, tracker } = setUp();
    vi.spyOn(tracker, 'register').mockRejectedValue(new Error('ECONNREFUSED'));

    const response = await routes.mobileWebLink(linkRequest());

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({ error: 'tracker_error', retryAfterMs: 1000 });
  });

  test('without mobileWebLink settings the route answers 404 not_found', async () => {
    const { routes } = setUp(null);

    const response = await routes.mobileWebLink(linkRequest());

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });
});

describe('settings', () => {
  test.each([
    ['lang', { partnerName: 'Acme', lang: 'fr' }],
    ['partnerName', { partnerName: '' }],
    ['btnShape', { partnerName: 'Acme', btnShape: 'rectangular' }],
    ['ctaColor', { partnerName: 'Acme', ctaColor: 'blue' }],
    ['state', { partnerName: 'Acme', state: 'fixed' }],
  ])('an invalid %s is a TypeError naming it when the routes are created', (option, settings) => {
    const { client } = mobileWebHarness();

    expect(() =>
      createTruecallerRoutes(client, { state: () => SESSION, mobileWebLink: settings as MobileWebLinkSettings }),
    ).toThrow(new RegExp(`createTruecallerRoutes: mobileWebLink: .*\`${option}\``));
  });

  test('a ttl beyond the client’s pendingTtl is rethrown for the framework to log, like any configuration bug', async () => {
    const { routes } = setUp({ partnerName: 'Acme', ttl: 3_600_000 });

    await expect(routes.mobileWebLink(linkRequest())).rejects.toThrow(/`ttl`/);
  });
});
