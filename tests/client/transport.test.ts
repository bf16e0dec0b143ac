import { createHash } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { HttpResponse } from 'msw';
import {
  InvalidTokenError,
  NetworkError,
  TimeoutError,
  TruecallerClient,
  UnexpectedResponseError,
} from 'truecaller-web-login';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  ACCESS_TOKEN,
  MOBILE_WEB_PROFILE_JSON,
  UNAUTHORIZED_JSON,
  WEB_LOGIN_PROFILE_JSON,
} from '../fixtures/payloads.js';
import { APP_KEY, httpClient, rejectionOf } from '../support/client.js';
import {
  allowRealRequests,
  mockProfileEndpoint,
  mockRequestsEndpoint,
  type Reply,
  reply,
  useMswServer,
} from '../support/msw.js';

useMswServer();

/**
 * Settles with the call's outcome, or with `'still pending'` after `ms`: for behaviour whose bug is a hang,
 * so the test fails in a second instead of at the runner's timeout.
 */
async function within(ms: number, promise: Promise<unknown>): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const sentinel = new Promise((resolve) => {
    timer = setTimeout(() => resolve('still pending'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value) => value,
        (error: unknown) => error,
      ),
      sentinel,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A response whose headers arrive at once and whose body does not (it fails after 2 s, long after the test). */
const stalledBody: Reply = () => {
  const body = new ReadableStream({
    start(controller) {
      setTimeout(() => controller.error(new Error('stalled body gave up')), 2_000).unref();
    },
  });
  return new HttpResponse(body, { headers: { 'content-type': 'application/json' } });
};

/** A reply that aborts `controller` with `reason` shortly after answering. */
const abortingAfter =
  (controller: AbortController, reason: unknown, ms: number, then: Reply): Reply =>
  (request, attempt) => {
    setTimeout(() => controller.abort(reason), ms);
    return then(request, attempt);
  };

describe('per-attempt timeout', () => {
  test('a slow start call -> TimeoutError with timeoutMs, sent once (the POST is never retried)', async () => {
    const endpoint = mockRequestsEndpoint(reply.delayed(1_000, reply.accepted()));

    const error = await rejectionOf(
      httpClient({ timeout: 50, retry: 3 }).requestAuthorization({ phoneNumber: '+46761234567' }),
    );

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 50 });
    expect(endpoint.requests).toHaveLength(1);
  });

  test('a slow profile call is retried on timeout, then TimeoutError', async () => {
    const endpoint = mockProfileEndpoint(reply.delayed(1_000, reply.text(WEB_LOGIN_PROFILE_JSON)));

    const error = await rejectionOf(httpClient({ timeout: 50, retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a profile call that times out once and then answers succeeds', async () => {
    const endpoint = mockProfileEndpoint(
      reply.delayed(1_000, reply.text(WEB_LOGIN_PROFILE_JSON)),
      reply.text(MOBILE_WEB_PROFILE_JSON),
    );

    const profile = await httpClient({ timeout: 50, retry: 1 }).fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['919999999999']);
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a timeout, then 401 on the retry -> TimeoutError (the real cause), with the InvalidTokenError as its cause', async () => {
    // The first attempt reached Truecaller and spent the single-use token; only its answer was slow.
    const endpoint = mockProfileEndpoint(
      reply.delayed(1_000, reply.text(WEB_LOGIN_PROFILE_JSON)),
      reply.text(UNAUTHORIZED_JSON, 401),
    );

    const error = await rejectionOf(httpClient({ timeout: 50, retry: 2 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'timeout', timeoutMs: 50 });
    expect((error as TimeoutError).cause).toBeInstanceOf(InvalidTokenError);
    expect((error as TimeoutError).cause).toMatchObject({ status: 401, apiCode: 40101 });
    // A JSON log line shows it was a 401 behind the timeout.
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      code: 'timeout',
      cause: { name: 'InvalidTokenError', code: 'invalid_token', status: 401, apiCode: 40101 },
    });
    // The 401 ends the call: a spent token is not tried a third time.
    expect(endpoint.requests).toHaveLength(2);
  });

  test('a body that stalls past the limit, then 401 on the retry -> TimeoutError', async () => {
    mockProfileEndpoint(stalledBody, reply.text(UNAUTHORIZED_JSON, 401));

    const error = await rejectionOf(httpClient({ timeout: 100, retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toBeInstanceOf(InvalidTokenError);
  });

  test('a 5xx, then 401 on the retry -> InvalidTokenError: Truecaller answered both attempts', async () => {
    mockProfileEndpoint(reply.status(503), reply.text(UNAUTHORIZED_JSON, 401));

    const error = await rejectionOf(httpClient({ retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(InvalidTokenError);
  });

  test('a timeout, a 503, then 401 -> TimeoutError: an answered attempt in between does not clear the spent token', async () => {
    const endpoint = mockProfileEndpoint(
      reply.delayed(1_000, reply.text(WEB_LOGIN_PROFILE_JSON)),
      reply.status(503, { 'retry-after': '0' }),
      reply.text(UNAUTHORIZED_JSON, 401),
    );

    const error = await rejectionOf(httpClient({ timeout: 50, retry: 2 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).cause).toBeInstanceOf(InvalidTokenError);
    expect(endpoint.requests).toHaveLength(3);
  });

  test('a network error, a 429, then 401 -> NetworkError, with the InvalidTokenError as its cause', async () => {
    const endpoint = mockProfileEndpoint(
      reply.networkError(),
      reply.status(429, { 'retry-after': '0' }),
      reply.text(UNAUTHORIZED_JSON, 401),
    );

    const error = await rejectionOf(httpClient({ retry: 2 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(InvalidTokenError);
    expect(endpoint.requests).toHaveLength(3);
  });

  test('a body that breaks off, then 401 on the retry -> NetworkError: the token may have been spent', async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls += 1;
      if (calls > 1) return new Response(UNAUTHORIZED_JSON, { status: 401 });
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"phoneNumbers":'));
          controller.error(new TypeError('terminated'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    };

    const error = await rejectionOf(httpClient({ fetch, retry: 1 }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(InvalidTokenError);
    expect(calls).toBe(2);
  });

  test('concurrent calls answered in reverse order each get their own body and their own error', async () => {
    // One fetch, three tokens; each answer is released by hand, the last request's first.
    const release = new Map<string, () => void>();
    const attempts = new Map<string, number>();
    const fetch: typeof globalThis.fetch = async (input) => {
      const token = (input as Request).headers.get('authorization')?.slice('Bearer '.length) ?? '';
      const attempt = (attempts.get(token) ?? 0) + 1;
      attempts.set(token, attempt);
      if (token === 'token-network' && attempt === 1) throw new TypeError('fetch failed');
      const answer =
        token === 'token-web'
          ? new Response(WEB_LOGIN_PROFILE_JSON)
          : token === 'token-mobile'
            ? new Response(MOBILE_WEB_PROFILE_JSON)
            : new Response(UNAUTHORIZED_JSON, { status: 401 });
      await new Promise<void>((resolve) => release.set(`${token}#${attempt}`, resolve));
      return answer;
    };
    const client = httpClient({ fetch, retry: 1 });

    const calls = Promise.allSettled([
      client.fetchProfile('token-web'),
      client.fetchProfile('token-mobile'),
      client.fetchProfile('token-401'),
      client.fetchProfile('token-network'),
    ]);
    const releaseWhenAsked = async (key: string) => {
      while (!release.has(key)) await new Promise((resolve) => setTimeout(resolve, 1));
      release.get(key)?.();
    };
    for (const key of ['token-network#2', 'token-401#1', 'token-mobile#1', 'token-web#1']) await releaseWhenAsked(key);
    const [web, mobile, unauthorized, network] = await calls;

    expect(web).toMatchObject({ status: 'fulfilled', value: { phoneNumbers: ['467601234567'] } });
    expect(mobile).toMatchObject({ status: 'fulfilled', value: { phoneNumbers: ['919999999999'] } });
    // Another call's retry never turns this call's plain 401 into a transport failure, nor the reverse.
    expect(unauthorized).toMatchObject({ status: 'rejected', reason: expect.any(InvalidTokenError) });
    expect(network).toMatchObject({ status: 'rejected', reason: expect.any(NetworkError) });
    expect(((network as PromiseRejectedResult).reason as NetworkError).cause).toBeInstanceOf(InvalidTokenError);
  });

  test('the limit applies to each attempt, not to the call: retries after a wait can still succeed', async () => {
    // 503 at once, ~300 ms backoff, then an answer in 40 ms: the whole call takes longer than `timeout`.
    mockProfileEndpoint(reply.status(503), reply.delayed(40, reply.text(WEB_LOGIN_PROFILE_JSON)));

    const profile = await httpClient({ timeout: 150, retry: 1 }).fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['467601234567']);
  });

  test('a start-call body that never finishes -> TimeoutError within the per-attempt limit', async () => {
    mockRequestsEndpoint(stalledBody);

    const outcome = await within(
      1_000,
      httpClient({ timeout: 100 }).requestAuthorization({ phoneNumber: '+46761234567' }),
    );

    expect(outcome).toBeInstanceOf(TimeoutError);
  });
});

describe("the caller's signal", () => {
  test('already aborted: requestAuthorization rejects with exactly signal.reason and sends nothing', async () => {
    const endpoint = mockRequestsEndpoint(reply.accepted());
    const reason = new Error('user navigated away');

    const error = await rejectionOf(
      httpClient().requestAuthorization({ phoneNumber: '+46761234567', signal: AbortSignal.abort(reason) }),
    );

    expect(error).toBe(reason);
    expect(endpoint.requests).toHaveLength(0);
  });

  test('already aborted: fetchProfile rejects with exactly signal.reason and sends nothing', async () => {
    const endpoint = mockProfileEndpoint(reply.text(WEB_LOGIN_PROFILE_JSON));
    const reason = { why: 'a reason that is not an Error' };

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN, { signal: AbortSignal.abort(reason) }));

    expect(error).toBe(reason);
    expect(endpoint.requests).toHaveLength(0);
  });

  test('aborted while the start call is in flight: rejects with exactly signal.reason', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    mockRequestsEndpoint(abortingAfter(controller, reason, 20, reply.delayed(1_000, reply.accepted())));

    const error = await rejectionOf(
      httpClient().requestAuthorization({ phoneNumber: '+46761234567', signal: controller.signal }),
    );

    expect(error).toBe(reason);
  });

  test('aborted while the profile call is in flight: rejects with exactly signal.reason', async () => {
    const controller = new AbortController();
    mockProfileEndpoint(abortingAfter(controller, undefined, 20, reply.delayed(1_000, reply.json({}))));

    const error = await rejectionOf(httpClient().fetchProfile(ACCESS_TOKEN, { signal: controller.signal }));

    // abort() without a reason: the signal's own AbortError DOMException.
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  test('aborted during the wait before a retry: rejects with exactly signal.reason, no further attempt', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled between attempts');
    const endpoint = mockProfileEndpoint(abortingAfter(controller, reason, 50, reply.status(503)));

    const error = await rejectionOf(httpClient({ retry: 2 }).fetchProfile(ACCESS_TOKEN, { signal: controller.signal }));

    expect(error).toBe(reason);
    expect(endpoint.requests).toHaveLength(1);
  });

  test('aborting the start call releases the number lock: the next start POSTs', async () => {
    const controller = new AbortController();
    const endpoint = mockRequestsEndpoint(
      abortingAfter(controller, new Error('cancelled'), 20, reply.delayed(1_000, reply.accepted())),
      reply.accepted(),
    );
    const client = new TruecallerClient({ appKey: APP_KEY });
    await rejectionOf(client.requestAuthorization({ phoneNumber: '+46761234567', signal: controller.signal }));

    const result = await client.requestAuthorization({ phoneNumber: '+46761234567' });

    expect(result.requestId).toBe('request-2');
    expect(endpoint.requests).toHaveLength(2);
  });
});

/** A profile of 21,689 bytes whose `aboutMe` barely compresses: gzip makes it exactly 16,384 bytes. */
const GZIP_PROFILE_JSON = (() => {
  let filler = '';
  for (let index = 0; filler.length < 21_643; index++) {
    filler += createHash('sha256').update(String(index)).digest('base64url');
  }
  return JSON.stringify({ phoneNumbers: ['467601234567'], aboutMe: filler.slice(0, 21_643) });
})();

describe('against a real loopback server', () => {
  let server: Server;
  let origin: string;
  /** Requests the loopback server received, as `METHOD path`. */
  const received: string[] = [];
  const open = new Set<ServerResponse>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      if (request.url === '/redirect') {
        response.writeHead(302, { location: '/collector' }).end();
      } else if (request.url === '/partial') {
        // Headers and half a body, then nothing: a stalled upstream.
        open.add(response);
        response.writeHead(200, { 'content-type': 'application/json' }).write('{"phoneNumbers":');
      } else if (request.url === '/short') {
        // Declares 1,000 bytes, sends a whole JSON object (a valid prefix), then the connection drops.
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
          .write('{"phoneNumbers":["467601234567"]}', () => response.destroy());
      } else if (request.url === '/gzip') {
        // Content-Length counts the gzip bytes: exactly 16 KiB, the size of the first chunk fetch's gunzip hands
        // the reader, so a reader that trusted it would stop there, with a third of the body.
        const body = gzipSync(GZIP_PROFILE_JSON);
        response
          .writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'content-length': String(body.byteLength),
          })
          .end(body);
      } else {
        const body = Buffer.from(WEB_LOGIN_PROFILE_JSON);
        response
          .writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.byteLength) })
          .end(body);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    origin = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    for (const response of open) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('connection refused on a closed port -> NetworkError whose cause says why', async () => {
    const port = await closedPort();
    allowRealRequests(`http://127.0.0.1:${port}/*`);

    const error = await rejectionOf(
      httpClient({ requestsUrl: `http://127.0.0.1:${port}/v1/apps/requests` }).requestAuthorization({
        phoneNumber: '+46761234567',
      }),
    );

    expect(error).toBeInstanceOf(NetworkError);
    const cause = (error as NetworkError).cause as Error & { cause?: Error & { code?: string } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.cause?.code).toBe('ECONNREFUSED');
  });

  test('connection refused on the profile call is retried, then NetworkError', async () => {
    const port = await closedPort();
    allowRealRequests(`http://127.0.0.1:${port}/*`);

    const error = await rejectionOf(
      httpClient({ profileUrl: `http://127.0.0.1:${port}/v1/default`, retry: 1 }).fetchProfile(ACCESS_TOKEN),
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).cause).toBeInstanceOf(Error);
  });

  test('a real 302 is not followed: UnexpectedResponseError status 302, the Location is never requested', async () => {
    allowRealRequests(`${origin}/*`);
    received.length = 0;

    const error = await rejectionOf(httpClient({ profileUrl: `${origin}/redirect` }).fetchProfile(ACCESS_TOKEN));

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 302 });
    expect(received).toStrictEqual(['GET /redirect']);
  });

  test('aborted while the body is arriving: rejects with exactly signal.reason', async () => {
    allowRealRequests(`${origin}/*`);
    const controller = new AbortController();
    const reason = new Error('cancelled mid-body');
    setTimeout(() => controller.abort(reason), 100);

    const outcome = await within(
      1_000,
      httpClient({ profileUrl: `${origin}/partial`, retry: 0 }).fetchProfile(ACCESS_TOKEN, {
        signal: controller.signal,
      }),
    );

    expect(outcome).toBe(reason);
  });

  test('a body with its exact Content-Length is read whole', async () => {
    allowRealRequests(`${origin}/*`);

    const profile = await httpClient({ profileUrl: `${origin}/v1/default` }).fetchProfile(ACCESS_TOKEN);

    expect(profile.phoneNumbers).toStrictEqual(['467601234567']);
  });

  test('a body that ends before its Content-Length -> NetworkError, never the part that arrived', async () => {
    allowRealRequests(`${origin}/*`);

    const outcome = await within(
      1_000,
      httpClient({ profileUrl: `${origin}/short`, retry: 0 }).fetchProfile(ACCESS_TOKEN),
    );

    expect(outcome).toBeInstanceOf(NetworkError);
  });

  test('a gzip body is read whole, not cut at its Content-Length (which counts the compressed bytes)', async () => {
    allowRealRequests(`${origin}/*`);
    expect(gzipSync(GZIP_PROFILE_JSON).byteLength).toBe(16_384);

    const profile = await httpClient({ profileUrl: `${origin}/gzip` }).fetchProfile(ACCESS_TOKEN);

    expect(profile.raw).toStrictEqual(JSON.parse(GZIP_PROFILE_JSON));
  });

  test('a gzip body that decompresses past `maxResponseBytes` is refused, whatever its Content-Length', async () => {
    allowRealRequests(`${origin}/*`);

    const error = await rejectionOf(
      httpClient({ profileUrl: `${origin}/gzip`, maxResponseBytes: 20_000 }).fetchProfile(ACCESS_TOKEN),
    );

    expect(error).toBeInstanceOf(UnexpectedResponseError);
  });

  test('a profile body that stops arriving -> TimeoutError within the per-attempt limit', async () => {
    allowRealRequests(`${origin}/*`);

    const outcome = await within(
      1_000,
      httpClient({ profileUrl: `${origin}/partial`, timeout: 100, retry: 0 }).fetchProfile(ACCESS_TOKEN),
    );

    expect(outcome).toBeInstanceOf(TimeoutError);
  });
});

/** A loopback port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
