/** startSignIn, cancelSignIn and fetchMobileWebLink: what they send, what they return, how they fail. */
import {
  cancelSignIn,
  fetchMobileWebLink,
  isTruecallerRouteError,
  startSignIn,
  TruecallerRouteError,
} from 'truecaller-web-login/browser';
import { describe, expect, test } from 'vitest';
import { json, networkError, scriptedFetch } from './support/scriptedFetch.js';

const LINK = 'truecallersdk://truesdk/web_verify?type=btmsheet&requestNonce=abcdefgh12345678';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('startSignIn', () => {
  test('POSTs JSON { phoneNumber } and resolves { requestId }', async () => {
    const fake = scriptedFetch(json({ requestId: 'req-42', extra: 'ignored' }));

    const answer = await startSignIn('/truecaller/start', { phoneNumber: '+46 76 123 45 67', fetch: fake.fetch });

    expect(answer).toEqual({ requestId: 'req-42' });
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/truecaller/start',
        contentType: 'application/json',
        body: JSON.stringify({ phoneNumber: '+46 76 123 45 67' }),
      }),
    ]);
  });

  test('429 rejects with request_pending and when to retry, from the body or Retry-After', async () => {
    const fromHeader = scriptedFetch(json({ error: 'request_pending' }, 429, { 'retry-after': '240' }));
    const fromBody = scriptedFetch(json({ error: 'request_pending', retryAfterMs: 1234 }, 429));

    const first = await rejection(startSignIn('/start', { phoneNumber: '1', fetch: fromHeader.fetch }));
    const second = await rejection(startSignIn('/start', { phoneNumber: '1', fetch: fromBody.fetch }));

    expect(first).toMatchObject({ code: 'request_pending', status: 429, retryAfterMs: 240_000 });
    expect(second).toMatchObject({ code: 'request_pending', retryAfterMs: 1234 });
  });

  test("a 400 carries the route's code and message", async () => {
    const fake = scriptedFetch(json({ error: 'invalid_phone_number', message: 'Not a mobile number.' }, 400));

    const error = await rejection(startSignIn('/start', { phoneNumber: '12', fetch: fake.fetch }));

    expect(error).toBeInstanceOf(TruecallerRouteError);
    expect(error).toMatchObject({ code: 'invalid_phone_number', status: 400, message: 'Not a mobile number.' });
  });

  test('a network failure is network_error with the cause kept', async () => {
    const fake = scriptedFetch(networkError);

    const error = await rejection(startSignIn('/start', { phoneNumber: '1', fetch: fake.fetch }));

    expect(error).toMatchObject({ code: 'network_error', status: undefined });
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  test.each([
    ['no requestId', json({})],
    ['an empty requestId', json({ requestId: '' })],
    ['a JSON array', json([])],
    ['a 200 HTML page', () => new Response('<html></html>')],
    ['a 502 from a proxy', () => new Response('Bad Gateway', { status: 502 })],
  ])('%s is unexpected_response', async (_, reply) => {
    const fake = scriptedFetch(reply);

    const error = await rejection(startSignIn('/start', { phoneNumber: '1', fetch: fake.fetch }));

    expect(error).toMatchObject({ code: 'unexpected_response' });
  });

  test('an abort rejects with the signal’s reason, not a wrapped error', async () => {
    const fake = scriptedFetch('hang');
    const controller = new AbortController();

    const started = startSignIn('/start', { phoneNumber: '1', fetch: fake.fetch, signal: controller.signal });
    controller.abort('navigated away');

    await expect(started).rejects.toBe('navigated away');
  });

  test('without a fetch option it uses the global fetch, looked up at call time', async () => {
    const fake = scriptedFetch(json({ requestId: 'from-global' }));
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch;
    try {
      expect(await startSignIn('/start', { phoneNumber: '1' })).toEqual({ requestId: 'from-global' });
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('cancelSignIn', () => {
  test('POSTs JSON { requestId } and resolves { status: "cancelled" }', async () => {
    const fake = scriptedFetch(json({ status: 'cancelled' }));

    const answer = await cancelSignIn('/truecaller/cancel', { requestId: 'req-42', fetch: fake.fetch });

    expect(answer).toEqual({ status: 'cancelled' });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body: JSON.stringify({ requestId: 'req-42' }) });
  });

  test('404 unknown_request rejects with that code', async () => {
    const fake = scriptedFetch(json({ error: 'unknown_request' }, 404));

    await expect(cancelSignIn('/cancel', { requestId: 'gone', fetch: fake.fetch })).rejects.toMatchObject({
      code: 'unknown_request',
      status: 404,
    });
  });
});

describe('fetchMobileWebLink', () => {
  test('POSTs no body without a number, and resolves { url, requestId }', async () => {
    const fake = scriptedFetch(json({ url: LINK, requestId: 'abcdefgh12345678' }));

    const answer = await fetchMobileWebLink('/truecaller/mobile-web-link', { fetch: fake.fetch });

    expect(answer).toEqual({ url: LINK, requestId: 'abcdefgh12345678' });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body: '', contentType: null });
  });

  test('sends { phoneNumber } when given', async () => {
    const fake = scriptedFetch(json({ url: LINK, requestId: 'abcdefgh12345678' }));

    await fetchMobileWebLink('/link', { phoneNumber: '+919999999999', fetch: fake.fetch });

    expect(fake.requests[0]?.body).toBe(JSON.stringify({ phoneNumber: '+919999999999' }));
  });

  test('an answer whose url is not a truecallersdk: link is unexpected_response', async () => {
    const fake = scriptedFetch(json({ url: 'https://evil.example/phish', requestId: 'abcdefgh12345678' }));

    await expect(fetchMobileWebLink('/link', { fetch: fake.fetch })).rejects.toMatchObject({
      code: 'unexpected_response',
    });
  });
});

/** A second copy of the entry's errors module (as two bundles on one page would load it): its own class. */
async function secondCopy(): Promise<typeof import('../../src/browser/errors.js')> {
  const path = '../../src/browser/errors.ts?second-copy';
  return import(/* @vite-ignore */ path);
}

describe('isTruecallerRouteError', () => {
  test('recognises the class and an error thrown by another copy of the entry', async () => {
    const copy = await secondCopy();
    const fromCopy = new copy.TruecallerRouteError('request_pending', 'wait', 429, 5_000);

    expect(copy.TruecallerRouteError).not.toBe(TruecallerRouteError);
    expect(fromCopy instanceof TruecallerRouteError).toBe(false);
    expect(isTruecallerRouteError(new TruecallerRouteError('bad_request', 'x'))).toBe(true);
    expect(isTruecallerRouteError(fromCopy)).toBe(true);
    expect(copy.isTruecallerRouteError(new TruecallerRouteError('bad_request', 'x'))).toBe(true);
  });

  test('does not recognise a look-alike: another error with the same name and code', () => {
    const lookalike = Object.assign(new Error('from another library'), {
      name: 'TruecallerRouteError',
      code: 'bad_request',
      status: 400,
    });

    expect(isTruecallerRouteError(lookalike)).toBe(false);
  });

  test('recognises nothing else', () => {
    expect(isTruecallerRouteError(new TypeError('x'))).toBe(false);
    expect(isTruecallerRouteError({ name: 'TruecallerRouteError', code: 'bad_request' })).toBe(false);
    expect(isTruecallerRouteError('TruecallerRouteError')).toBe(false);
    expect(isTruecallerRouteError(null)).toBe(false);
    expect(isTruecallerRouteError(undefined)).toBe(false);
  });

  test('the brand is hidden: a copy of the fields (spread, JSON) does not carry it', () => {
    const error = new TruecallerRouteError('bad_request', 'x', 400);

    expect(Object.getOwnPropertySymbols({ ...error })).toEqual([]);
    expect(isTruecallerRouteError(Object.assign(new Error('x'), { ...error }))).toBe(false);
    expect(JSON.stringify(error)).not.toContain('route-error');
  });
});
