/**
 * Truecaller's responses are read up to `maxResponseBytes` (default 256 KiB), once, and the stream is cancelled
 * past the cap: a huge or endless body is never downloaded or buffered. Memory behaviour is asserted by counting
 * the chunks the SDK pulled from a streamed body, never by timing.
 */
import { HttpResponse } from 'msw';
import { ForbiddenError, TimeoutError, TruecallerClient, UnexpectedResponseError } from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { ACCESS_TOKEN, FORBIDDEN_JSON, MOBILE_WEB_PROFILE_JSON, WEB_LOGIN_PROFILE_JSON } from '../fixtures/payloads.js';
import { APP_KEY, httpClient, rejectionOf } from '../support/client.js';
import { countedBody } from '../support/countedBody.js';
import { mockProfileEndpoint, mockRequestsEndpoint, reply, useMswServer } from '../support/msw.js';

/** A counted profile body: a valid profile first, then spaces. */
const profileBody = (totalBytes: number, chunkSize: number, prefix = '{"phoneNumbers":["46761234567"]}') =>
  countedBody(totalBytes, chunkSize, prefix);

useMswServer();

const KiB = 1024;
const MiB = 1024 * KiB;
const DEFAULT_CAP = 256 * KiB;

/** A fetch that answers every request with `respond()`, no msw involved. */
function fetchAnswering(respond: () => Response): { fetch: typeof fetch; readonly calls: number } {
  let calls = 0;
  return {
    fetch: async () => {
      calls += 1;
      return respond();
    },
    get calls() {
      return calls;
    },
  };
}

const jsonHeaders = { 'content-type': 'application/json' };

/** A body that arrives as exactly these chunks (UTF-8). */
function chunked(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

describe('a profile larger than the cap', () => {
  test('a streamed 100 MB profile -> UnexpectedResponseError after about 256 KiB pulled, and not retried', async () => {
    const body = profileBody(100 * MiB, 64 * KiB);
    const endpoint = mockProfileEndpoint(() => new HttpResponse(body.stream, { headers: jsonHeaders }));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ code: 'unexpected_response', status: 200 });
    expect((error as Error).message).toMatch(/larger than 262144 bytes/);
    // 100 MB is 1,600 chunks of 64 KiB; reading stops at the first chunk past 256 KiB (msw's stream plumbing
    // pulls one more ahead of the reader, and does not pass the cancellation on to the handler's stream).
    expect(body.pulls).toBeLessThanOrEqual(DEFAULT_CAP / (64 * KiB) + 2);
    // A retry would only download the same oversized body again.
    expect(endpoint.requests).toHaveLength(1);
  });

  test('the same 100 MB body from a plain fetch: the stream is cancelled at the first chunk past the cap', async () => {
    const body = profileBody(100 * MiB, 64 * KiB);
    const source = fetchAnswering(() => new Response(body.stream, { headers: jsonHeaders }));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(body.pulls).toBe(DEFAULT_CAP / (64 * KiB) + 1);
    expect(body.cancelled).toBe(true);
    expect(source.calls).toBe(1);
  });

  test('a declared Content-Length over the cap is refused before a single chunk is pulled', async () => {
    const body = profileBody(100 * MiB, 64 * KiB);
    const source = fetchAnswering(
      () => new Response(body.stream, { headers: { ...jsonHeaders, 'content-length': String(100 * MiB) } }),
    );
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(body.pulls).toBe(0);
    expect(body.cancelled).toBe(true);
  });

  test('a Content-Length that understates the body does not lift the cap', async () => {
    const body = profileBody(10 * MiB, 16 * KiB);
    const source = fetchAnswering(
      () => new Response(body.stream, { headers: { ...jsonHeaders, 'content-length': '100' } }),
    );
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(body.pulls).toBeLessThanOrEqual(DEFAULT_CAP / (16 * KiB) + 1);
    expect(body.cancelled).toBe(true);
  });

  test('`maxResponseBytes` moves the cap: a body of exactly that many bytes is read, one byte more is refused', async () => {
    const size = new TextEncoder().encode(WEB_LOGIN_PROFILE_JSON).byteLength;
    mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));

    const profile = await httpClient({ maxResponseBytes: size }).fetchProfile(ACCESS_TOKEN);
    const error = await rejectionOf(httpClient({ maxResponseBytes: size - 1 }).fetchProfile(ACCESS_TOKEN));

    expect(profile.phoneNumbers).toStrictEqual(['467601234567']);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(new RegExp(`larger than ${size - 1} bytes`));
  });

  test('a larger `maxResponseBytes` admits a profile over the default cap', async () => {
    const body = profileBody(300 * KiB, 64 * KiB);
    const source = fetchAnswering(() => new Response(body.stream, { headers: jsonHeaders }));
    const client = new TruecallerClient({
      appKey: APP_KEY,
      tracker: false,
      fetch: source.fetch,
      maxResponseBytes: MiB,
    });

    const profile = await client.fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['46761234567']);
    expect(body.cancelled).toBe(false);
  });

  test('the cap applies to the start call too', async () => {
    const body = profileBody(100 * MiB, 64 * KiB, '{"requestId":"r1"}');
    mockRequestsEndpoint(() => new HttpResponse(body.stream, { headers: jsonHeaders }));

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(body.pulls).toBeLessThanOrEqual(DEFAULT_CAP / (64 * KiB) + 2);
  });
});

describe('error bodies', () => {
  test('a 403 with an endless body is still a ForbiddenError; at most 4 KiB of it is read', async () => {
    const body = profileBody(100 * MiB, KiB, FORBIDDEN_JSON);
    const source = fetchAnswering(() => new Response(body.stream, { status: 403, headers: jsonHeaders }));
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toBeInstanceOf(ForbiddenError);
    // The body was cut off, so its apiCode is not guessed from a fragment.
    expect(error).not.toHaveProperty('apiCode');
    expect(body.pulls).toBe(5);
    expect(body.cancelled).toBe(true);
  });

  test('a small 403 body is read whole: apiCode 1008', async () => {
    mockRequestsEndpoint(reply.text(FORBIDDEN_JSON, 403));

    const error = await rejectionOf(httpClient().requestAuthorization({ phoneNumber: '+46761234567' }));

    expect(error).toMatchObject({ name: 'ForbiddenError', apiCode: 1008 });
  });
});

describe('reading the body', () => {
  test('a body in one-byte chunks, with multi-byte characters split across chunks, decodes as UTF-8', async () => {
    const json = JSON.stringify({ phoneNumbers: ['46761234567'], name: { first: 'Élodie', last: '€ 😀' } });
    const bytes = new TextEncoder().encode(json);
    const source = fetchAnswering(() => {
      let offset = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (offset >= bytes.byteLength) controller.close();
          else controller.enqueue(bytes.slice(offset, ++offset));
        },
      });
      return new Response(stream, { headers: jsonHeaders });
    });
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const profile = await client.fetchProfile(ACCESS_TOKEN);

    expect(profile.name).toStrictEqual({ first: 'Élodie', last: '€ 😀' });
  });

  test('the Response the fetch returned is read to its end, once', async () => {
    let returned: Response | undefined;
    const source = fetchAnswering(() => {
      returned = new Response(MOBILE_WEB_PROFILE_JSON, { headers: jsonHeaders });
      return returned;
    });
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    await client.fetchProfile(ACCESS_TOKEN);

    expect(source.calls).toBe(1);
    expect(returned?.bodyUsed).toBe(true);
  });

  test('a Content-Length shorter than the body never cuts it: a decoded body whose wrapper kept the encoded length', async () => {
    // A fetch wrapper that decompresses and drops `Content-Encoding`, but keeps the compressed `Content-Length`
    // (a common proxy and wrapper slip). The length ends exactly where the first decoded chunk does.
    const json = JSON.stringify({ phoneNumbers: ['46761234567'], aboutMe: 'x'.repeat(200) });
    const source = fetchAnswering(
      () =>
        new Response(chunked(json.slice(0, 64), json.slice(64)), {
          headers: { ...jsonHeaders, 'content-length': '64' },
        }),
    );
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const profile = await client.fetchProfile(ACCESS_TOKEN);

    expect(profile.raw).toStrictEqual(JSON.parse(json));
  });

  test('a Content-Length that ends on a valid JSON prefix is not taken for the whole answer', async () => {
    const first = '{"phoneNumbers":["46761234567"]}';
    const source = fetchAnswering(
      () =>
        new Response(chunked(first, '{"phoneNumbers":["919999999999"]}'), {
          headers: { ...jsonHeaders, 'content-length': String(first.length) },
        }),
    );
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN));

    // The body as a whole is two documents: not JSON, never the first one's profile.
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 200 });
  });

  test('a body that stalls is cancelled when the attempt times out, even if the fetch ignores the abort', async () => {
    let cancelled = false;
    // Headers at once, then nothing, from a fetch that never looks at the request's signal.
    const source = fetchAnswering(
      () =>
        new Response(
          new ReadableStream({
            cancel() {
              cancelled = true;
            },
          }),
          { headers: jsonHeaders },
        ),
    );
    const client = new TruecallerClient({
      appKey: APP_KEY,
      tracker: false,
      fetch: source.fetch,
      timeout: 50,
      retry: 0,
    });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(cancelled).toBe(true);
  });

  test("a caller's abort while the body stalls cancels the body and rejects with the signal's reason", async () => {
    let cancelled = false;
    const controller = new AbortController();
    const reason = new Error('user left');
    const source = fetchAnswering(() => {
      setTimeout(() => controller.abort(reason), 20);
      return new Response(
        new ReadableStream({
          cancel() {
            cancelled = true;
          },
        }),
        { headers: jsonHeaders },
      );
    });
    const client = new TruecallerClient({ appKey: APP_KEY, tracker: false, fetch: source.fetch });

    const error = await rejectionOf(client.fetchProfile(ACCESS_TOKEN, { signal: controller.signal }));

    expect(error).toBe(reason);
    expect(cancelled).toBe(true);
  });
});

describe('the `maxResponseBytes` option', () => {
  test.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a string', '262144'],
  ])('%s -> TypeError naming the option', (_label, value) => {
    expect(() => new TruecallerClient({ appKey: APP_KEY, maxResponseBytes: value as number })).toThrow(
      /maxResponseBytes/,
    );
  });
});
