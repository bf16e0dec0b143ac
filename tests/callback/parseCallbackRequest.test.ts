import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CALLBACK_BYTES } from '../../src/callback/limits.js';
import { parseCallback } from '../../src/callback/parseCallback.js';
import { parseCallbackRequest } from '../../src/callback/parseCallbackRequest.js';
import { InvalidCallbackError } from '../../src/errors/inputErrors.js';
import {
  ACCESS_TOKEN,
  AUTHORIZED_CALLBACK,
  AUTHORIZED_CALLBACK_WITH_ENDPOINT_JSON,
  AUTHORIZED_CALLBACK_WITH_STATE,
  AUTHORIZED_CALLBACK_WITH_STATE_JSON,
  REQUEST_ID,
  STATE,
  USER_REJECTED_CALLBACK_JSON,
} from '../fixtures/payloads.js';
import { CALLBACK_URL, heldBody, streamRequest } from '../support/callbackBodies.js';
import { rejectionOf } from '../support/client.js';
import { countedBody } from '../support/countedBody.js';

/** A body that never ends on its own (it closes after 8 MiB), handing out `chunkSize` bytes per pull. */
const endlessStream = (chunkSize: number) => countedBody(8 * 1024 * 1024, chunkSize);

function jsonRequest(body: BodyInit | null, init: RequestInit = {}): Request {
  return new Request(CALLBACK_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    ...init,
  });
}

/** A stream handing out `bytes` one chunk of `chunkSize` at a time. */
function chunkedStream(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

async function callbackError(promise: Promise<unknown>): Promise<InvalidCallbackError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(InvalidCallbackError);
  return error as InvalidCallbackError;
}

/** A valid callback JSON body of about `bytes` bytes, padded by a field the parser ignores. */
function paddedJson(bytes: number): string {
  return JSON.stringify({ ...AUTHORIZED_CALLBACK, pad: 'p'.repeat(bytes) });
}

describe('parseCallbackRequest: bodies Truecaller sends', () => {
  it('reads a JSON success callback', async () => {
    const callback = await parseCallbackRequest(jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON));

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it('reads a JSON success callback with a regional endpoint', async () => {
    const callback = await parseCallbackRequest(jsonRequest(AUTHORIZED_CALLBACK_WITH_ENDPOINT_JSON));

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_ENDPOINT_JSON));
  });

  it('reads a JSON rejection callback', async () => {
    const callback = await parseCallbackRequest(jsonRequest(USER_REJECTED_CALLBACK_JSON));

    expect(callback).toMatchObject({ type: 'rejected', reason: 'user_rejected', state: STATE });
  });

  it('reads JSON whatever the content type says, as long as it is not a form', async () => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON, {
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });

    const callback = await parseCallbackRequest(request);

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it('reads a form-urlencoded callback, decoding percent-escapes', async () => {
    const body = `requestId=${encodeURIComponent(REQUEST_ID)}&accessToken=${ACCESS_TOKEN}&state=${STATE}`;
    const request = jsonRequest(body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const callback = await parseCallbackRequest(request);

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  // Media types are case-insensitive (RFC 9110 §8.3.1).
  it('reads a form body whose content type is written in upper case', async () => {
    const body = `requestId=${encodeURIComponent(REQUEST_ID)}&accessToken=${ACCESS_TOKEN}&state=${STATE}`;
    const request = jsonRequest(body, { headers: { 'content-type': 'Application/X-WWW-Form-Urlencoded' } });

    const callback = await parseCallbackRequest(request);

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it('reads a form body sent as URLSearchParams (content type with charset)', async () => {
    const request = new Request(CALLBACK_URL, {
      method: 'POST',
      body: new URLSearchParams({ requestId: REQUEST_ID, status: 'use_another_number' }),
    });

    const callback = await parseCallbackRequest(request);

    expect(callback).toStrictEqual({ type: 'rejected', requestId: REQUEST_ID, reason: 'use_another_number' });
  });

  it('reads a body that arrives in one-byte chunks, with a multi-byte character split across them', async () => {
    const json = JSON.stringify({ ...AUTHORIZED_CALLBACK, state: 'état-€' });

    const callback = await parseCallbackRequest(streamRequest(chunkedStream(new TextEncoder().encode(json), 1)));

    expect(callback).toMatchObject({ type: 'authorized', state: 'état-€' });
  });

  it('refuses a form body that is not a callback', async () => {
    const request = jsonRequest('requestId=r', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const error = await callbackError(parseCallbackRequest(request));

    expect(error.issues.map((issue) => issue.path)).toEqual(['accessToken']);
  });
});

describe('parseCallbackRequest: requests that are refused', () => {
  it('refuses a GET', async () => {
    const request = new Request(CALLBACK_URL, { method: 'GET' });

    const error = await callbackError(parseCallbackRequest(request));

    expect(error.message).toMatch(/POST/);
  });

  it('refuses a PUT without reading its body', async () => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON, { method: 'PUT' });

    await callbackError(parseCallbackRequest(request));

    expect(request.bodyUsed).toBe(false);
  });

  it('refuses a POST without a body', async () => {
    const request = new Request(CALLBACK_URL, { method: 'POST' });

    await callbackError(parseCallbackRequest(request));
  });

  it('refuses a POST with an empty body', async () => {
    await callbackError(parseCallbackRequest(jsonRequest('')));
  });

  it('refuses a body that is not JSON', async () => {
    const error = await callbackError(parseCallbackRequest(jsonRequest('<html></html>')));

    expect(error.issues.map((issue) => issue.path)).toEqual(['']);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const source = endlessStream(1024);
    const request = streamRequest(source.stream, { 'content-length': String(MAX_CALLBACK_BYTES + 1) });

    const error = await callbackError(parseCallbackRequest(request));

    expect(error.message).toMatch(/larger/);
    expect(source.pulls).toBe(0);
  });

  it('stops reading a streamed body without Content-Length once it passes the limit, and cancels it', async () => {
    const source = endlessStream(1024);
    const request = streamRequest(source.stream);
    expect(request.headers.get('content-length')).toBeNull();

    const error = await callbackError(parseCallbackRequest(request));

    expect(error.message).toMatch(/larger/);
    expect(source.pulls).toBeLessThanOrEqual(MAX_CALLBACK_BYTES / 1024 + 2);
    expect(source.cancelled).toBe(true);
  });

  it('stops at the limit even when Content-Length understates the body', async () => {
    const source = endlessStream(4096);
    const request = streamRequest(source.stream, { 'content-length': '100' });

    await callbackError(parseCallbackRequest(request));

    expect(source.pulls).toBeLessThanOrEqual(MAX_CALLBACK_BYTES / 4096 + 2);
  });

  it('refuses a body whose stream fails, without repeating the stream error', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"requestId":'));
      },
      pull(controller) {
        controller.error(new Error(`socket reset while reading ${ACCESS_TOKEN}`));
      },
    });

    const error = await callbackError(parseCallbackRequest(streamRequest(stream)));

    expect(JSON.stringify(error)).not.toContain(ACCESS_TOKEN);
    expect(error.message).not.toContain(ACCESS_TOKEN);
  });
});

describe('parseCallbackRequest: maxBytes', () => {
  it('refuses a body over a smaller custom limit', async () => {
    const body = AUTHORIZED_CALLBACK_WITH_STATE_JSON;

    const error = await callbackError(parseCallbackRequest(jsonRequest(body), { maxBytes: body.length - 1 }));

    expect(error.message).toMatch(new RegExp(`${body.length - 1} bytes`));
  });

  it('accepts a body exactly at a custom limit', async () => {
    const body = AUTHORIZED_CALLBACK_WITH_STATE_JSON;

    const callback = await parseCallbackRequest(jsonRequest(body), { maxBytes: body.length });

    expect(callback.type).toBe('authorized');
  });

  it('refuses a 20 KiB body by default', async () => {
    await callbackError(parseCallbackRequest(jsonRequest(paddedJson(20 * 1024))));
  });

  it('accepts a 20 KiB body under a larger custom limit', async () => {
    const callback = await parseCallbackRequest(jsonRequest(paddedJson(20 * 1024)), { maxBytes: 64 * 1024 });

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK));
  });

  it('applies a larger custom limit to form bodies too', async () => {
    const body = new URLSearchParams({ ...AUTHORIZED_CALLBACK, pad: 'p'.repeat(20 * 1024) });

    const callback = await parseCallbackRequest(new Request(CALLBACK_URL, { method: 'POST', body }), {
      maxBytes: 64 * 1024,
    });

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK));
  });

  it('stops a streamed body at a custom limit', async () => {
    const source = endlessStream(100);

    await callbackError(parseCallbackRequest(streamRequest(source.stream), { maxBytes: 1000 }));

    expect(source.pulls).toBeLessThanOrEqual(12);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond a safe integer', 2 ** 53],
    ['a string', '1024'],
    ['null', null],
  ])('throws a TypeError for a %s maxBytes, before reading the body', async (_label, maxBytes) => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON);

    const error = await rejectionOf(parseCallbackRequest(request, { maxBytes: maxBytes as number }));

    expect(error).toBeInstanceOf(TypeError);
    expect(request.bodyUsed).toBe(false);
  });
});

describe('parseCallbackRequest: the deadline (`timeout`)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a body still incomplete after the default 2,000 ms with InvalidCallbackError, and cancels it', async () => {
    vi.useFakeTimers();
    const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10);
    const outcome = rejectionOf(parseCallbackRequest(body.request));

    await vi.advanceTimersByTimeAsync(1_999);
    expect(body.cancelled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;

    expect(error).toBeInstanceOf(InvalidCallbackError);
    expect((error as InvalidCallbackError).message).toMatch(/did not arrive within 2000 ms/);
    expect(body.cancelled).toBe(true);
  });

  it('reads a body that completes just before the deadline', async () => {
    vi.useFakeTimers();
    const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10);
    const outcome = parseCallbackRequest(body.request);

    await vi.advanceTimersByTimeAsync(1_999);
    body.release();

    expect(await outcome).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it('refuses a body that trickles in, one byte at a time, past a custom timeout; the rest is never pulled', async () => {
    const bytes = new TextEncoder().encode(AUTHORIZED_CALLBACK_WITH_STATE_JSON);
    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          pulls += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (pulls > bytes.byteLength) controller.close();
          else controller.enqueue(bytes.slice(pulls - 1, pulls));
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );

    const error = await callbackError(parseCallbackRequest(streamRequest(stream), { timeout: 50 }));

    expect(error.message).toMatch(/did not arrive within 50 ms/);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(bytes.byteLength);
  });

  it('never repeats the part of the body that did arrive', async () => {
    // Everything but the closing brace: the whole token has arrived.
    const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, AUTHORIZED_CALLBACK_WITH_STATE_JSON.length - 1);

    const error = await callbackError(parseCallbackRequest(body.request, { timeout: 20 }));

    expect(JSON.stringify(error)).not.toContain(ACCESS_TOKEN);
    expect(error.message).not.toContain(ACCESS_TOKEN);
  });

  it.each([
    ['zero', 0],
    ['negative', -1],
    ['fractional', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['beyond the longest timer', 2 ** 31],
    ['a string', '2000'],
    ['null', null],
  ])('throws a TypeError for a timeout that is %s, before reading the body', async (_label, timeout) => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON);

    const error = await rejectionOf(parseCallbackRequest(request, { timeout: timeout as number }));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/timeout/);
    expect(request.bodyUsed).toBe(false);
  });
});

describe("parseCallbackRequest: the caller's `signal`", () => {
  it('already aborted: rejects with exactly signal.reason, without reading the body', async () => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON);
    const reason = new Error('shutting down');

    const error = await rejectionOf(parseCallbackRequest(request, { signal: AbortSignal.abort(reason) }));

    expect(error).toBe(reason);
    expect(request.bodyUsed).toBe(false);
  });

  it('aborted while the body arrives: rejects with exactly signal.reason and cancels the body', async () => {
    const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10);
    const controller = new AbortController();
    const reason = { why: 'not an Error' };
    const outcome = rejectionOf(parseCallbackRequest(body.request, { signal: controller.signal }));

    controller.abort(reason);

    expect(await outcome).toBe(reason);
    expect(body.cancelled).toBe(true);
  });

  it('aborted without a reason: rejects with the signal’s own AbortError', async () => {
    const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10);
    const controller = new AbortController();
    const outcome = rejectionOf(parseCallbackRequest(body.request, { signal: controller.signal }));

    controller.abort();

    const error = await outcome;
    expect(error).toBe(controller.signal.reason);
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('a signal that never aborts changes nothing', async () => {
    const callback = await parseCallbackRequest(jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON), {
      signal: new AbortController().signal,
    });

    expect(callback).toStrictEqual(parseCallback(AUTHORIZED_CALLBACK_WITH_STATE));
  });

  it.each([
    ['an object', { aborted: false }],
    ['a string', 'abort'],
    ['null', null],
  ])('throws a TypeError for %s as signal, before reading the body', async (_label, signal) => {
    const request = jsonRequest(AUTHORIZED_CALLBACK_WITH_STATE_JSON);

    const error = await rejectionOf(parseCallbackRequest(request, { signal: signal as unknown as AbortSignal }));

    expect(error).toBeInstanceOf(TypeError);
    expect(request.bodyUsed).toBe(false);
  });
});
