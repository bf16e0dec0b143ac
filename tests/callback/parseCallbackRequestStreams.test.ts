/**
 * `parseCallbackRequest` against the bodies a stranger (anyone may POST to a callback URL) or a misconfigured app
 * can hand it: a declared size it refuses unread, chunks that are not bytes, a body something already read, and
 * many slow bodies at once under one long-lived signal (a server's shutdown signal). Each refusal is the
 * documented error, and nothing is left behind: no timer, no listener, no stream neither read nor cancelled.
 */
import { getEventListeners, setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCallback } from '../../src/callback/parseCallback.js';
import { parseCallbackRequest } from '../../src/callback/parseCallbackRequest.js';
import { InvalidCallbackError } from '../../src/errors/inputErrors.js';
import {
  ACCESS_TOKEN,
  AUTHORIZED_CALLBACK,
  AUTHORIZED_CALLBACK_WITH_STATE,
  AUTHORIZED_CALLBACK_WITH_STATE_JSON,
  STATE,
} from '../fixtures/payloads.js';
import { CALLBACK_URL, heldBody, streamRequest } from '../support/callbackBodies.js';
import { rejectionOf } from '../support/client.js';

describe('parseCallbackRequest: a declared Content-Length over the limit', () => {
  it('refuses the body unread, and cancels it so it holds no socket', async () => {
    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulls += 1;
        },
        cancel() {
          cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );

    const error = await rejectionOf(parseCallbackRequest(streamRequest(stream, { 'content-length': '999999999' })));

    expect(error).toBeInstanceOf(InvalidCallbackError);
    expect(pulls).toBe(0);
    expect(cancelled).toBe(true);
  });
});

describe('parseCallbackRequest: a body stream that yields something other than bytes', () => {
  it.each([
    ['a string', JSON.stringify(AUTHORIZED_CALLBACK)],
    // Shaped like bytes (a `byteLength`) and like a callback: must not be taken for an already parsed body.
    ['an object with a byteLength', { ...AUTHORIZED_CALLBACK, byteLength: 8 }],
    ['an ArrayBuffer', new TextEncoder().encode(JSON.stringify(AUTHORIZED_CALLBACK)).buffer],
  ])('refuses a body whose chunk is %s with InvalidCallbackError', async (_label, chunk) => {
    const stream = new ReadableStream<unknown>({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });

    const error = await rejectionOf(parseCallbackRequest(streamRequest(stream)));

    expect(error).toBeInstanceOf(InvalidCallbackError);
    expect(JSON.stringify(error)).not.toContain(ACCESS_TOKEN);
    expect((error as Error).message).not.toContain(ACCESS_TOKEN);
  });
});

describe('parseCallbackRequest: a body something already read', () => {
  // A middleware that logged `await request.json()` first: every genuine callback would be refused as forged
  // (400) if this were an InvalidCallbackError; it is your code's mistake, so it says what to do instead.
  it.each([
    ['read to the end', async (request: Request) => void (await request.text())],
    ['locked by a reader', async (request: Request) => void request.body?.getReader()],
  ])('throws a TypeError, not InvalidCallbackError, for a body %s', async (_label, readFirst) => {
    const request = new Request(CALLBACK_URL, { method: 'POST', body: AUTHORIZED_CALLBACK_WITH_STATE_JSON });
    await readFirst(request);

    const error = await rejectionOf(parseCallbackRequest(request));

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/already read.*parseCallback\(\)/);
  });
});

describe('parseCallbackRequest: many slow bodies under one long-lived signal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses each stalled body at its deadline and cancels it, reads the rest, and leaves no timer or listener', async () => {
    vi.useFakeTimers();
    const shutdown = new AbortController();
    // One listener per read in flight: past 10, Node warns of a possible leak (as undici does for fetch, a server
    // sharing one signal across many concurrent calls raises the limit).
    setMaxListeners(200, shutdown.signal);
    const stalled = Array.from({ length: 50 }, () => heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10));
    const arriving = Array.from({ length: 50 }, () => heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10));
    const refusals = stalled.map((body) =>
      rejectionOf(parseCallbackRequest(body.request, { signal: shutdown.signal })),
    );
    const reads = arriving.map((body) => parseCallbackRequest(body.request, { signal: shutdown.signal }));

    await vi.advanceTimersByTimeAsync(1_000);
    for (const body of arriving) body.release();
    expect(await Promise.all(reads)).toStrictEqual(arriving.map(() => parseCallback(AUTHORIZED_CALLBACK_WITH_STATE)));
    await vi.advanceTimersByTimeAsync(1_000);
    const errors = await Promise.all(refusals);

    for (const error of errors) {
      expect(error).toBeInstanceOf(InvalidCallbackError);
      expect((error as Error).message).toMatch(/did not arrive within 2000 ms/);
    }
    expect(stalled.every((body) => body.cancelled)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  it('takes its listener off a signal reused call after call, whether the body was read or refused', async () => {
    const shutdown = new AbortController();
    const outcomes: unknown[] = [];
    for (let i = 0; i < 100; i++) {
      outcomes.push(await parseCallbackRequest(wholeBody(), { signal: shutdown.signal }));
      outcomes.push(await rejectionOf(parseCallbackRequest(notJson(), { signal: shutdown.signal })));
    }

    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    expect(outcomes.filter((outcome) => outcome instanceof InvalidCallbackError)).toHaveLength(100);
    expect(outcomes.filter((outcome) => (outcome as { state?: string }).state === STATE)).toHaveLength(100);
  });

  it("ends with the caller's reason even when the body's source never finishes cancelling", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"requestId":'));
      },
      cancel: () => new Promise<void>(() => {}),
    });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const outcome = rejectionOf(parseCallbackRequest(streamRequest(stream), { signal: controller.signal }));

    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(reason);

    expect(await outcome).toBe(reason);
  });
});

/** A callback whose body arrives whole, as a stream. */
function wholeBody(): Request {
  const body = heldBody(AUTHORIZED_CALLBACK_WITH_STATE_JSON, 10);
  body.release();
  return body.request;
}

function notJson(): Request {
  return new Request(CALLBACK_URL, { method: 'POST', body: `{"accessToken":"${ACCESS_TOKEN}"` });
}
