/**
 * `handleCallback(request, { signal, timeout })`: a callback body that trickles in past the deadline, or whose
 * read the caller aborts, records nothing, so the real callback can still complete the sign-in.
 */
import { InvalidCallbackError } from 'truecaller-web-login';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { profileOf, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

afterEach(() => {
  vi.useRealTimers();
});

async function startedSignIn() {
  const { client } = lifecycle.createClient();
  const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
  const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
  return { client, requestId, accessToken };
}

/** A callback POST whose body sends all but its last byte, then waits for `release()` (or forever). */
function heldCallback(body: object) {
  const bytes = new TextEncoder().encode(JSON.stringify(body));
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(bytes.slice(0, -1));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request('https://partner.example/truecaller/callback', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return {
    request,
    release() {
      controller?.enqueue(bytes.slice(-1));
      controller?.close();
    },
    get cancelled() {
      return cancelled;
    },
  };
}

describe('handleCallback: the deadline for a Request body', () => {
  test('a body still incomplete after the default 2,000 ms -> InvalidCallbackError; nothing recorded', async () => {
    const { client, requestId, accessToken } = await startedSignIn();
    const held = heldCallback({ requestId, accessToken, state: STATE });
    vi.useFakeTimers();

    const outcome = client.handleCallback(held.request).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await outcome;
    vi.useRealTimers();

    expect(error).toBeInstanceOf(InvalidCallbackError);
    expect((error as Error).message).toMatch(/did not arrive within 2000 ms/);
    expect(held.cancelled).toBe(true);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    expect(lifecycle.profileCalls).toHaveLength(0);
  });

  test('after a timed-out delivery, the redelivered callback completes the sign-in', async () => {
    const { client, requestId, accessToken } = await startedSignIn();
    const held = heldCallback({ requestId, accessToken, state: STATE });
    await expect(client.handleCallback(held.request, { timeout: 20 })).rejects.toBeInstanceOf(InvalidCallbackError);

    const receipt = await client.handleCallback({ requestId, accessToken, state: STATE });

    expect(receipt).toEqual({ requestId, type: 'authorized', duplicate: false });
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
  });

  test('a body that completes within a custom timeout is handled', async () => {
    const { client, requestId, accessToken } = await startedSignIn();
    const held = heldCallback({ requestId, accessToken, state: STATE });

    const outcome = client.handleCallback(held.request, { timeout: 60_000 });
    held.release();

    expect(await outcome).toEqual({ requestId, type: 'authorized', duplicate: false });
  });

  test.each([
    ['zero', 0],
    ['a string', '2000'],
    ['beyond the longest timer', 2 ** 31],
  ])('a timeout that is %s -> TypeError, whatever the body', async (_label, timeout) => {
    const { client, requestId, accessToken } = await startedSignIn();

    const error = await client
      .handleCallback({ requestId, accessToken, state: STATE }, { timeout: timeout as number })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TypeError);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });
});

describe("handleCallback: the caller's signal", () => {
  test('aborted while the body arrives: rejects with exactly signal.reason; nothing recorded', async () => {
    const { client, requestId, accessToken } = await startedSignIn();
    const held = heldCallback({ requestId, accessToken, state: STATE });
    const controller = new AbortController();
    const reason = new Error('client went away');

    const outcome = client.handleCallback(held.request, { signal: controller.signal }).catch((error: unknown) => error);
    controller.abort(reason);

    expect(await outcome).toBe(reason);
    expect(held.cancelled).toBe(true);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });

  test('already aborted, with a parsed body: rejects with exactly signal.reason; nothing recorded', async () => {
    const { client, requestId, accessToken } = await startedSignIn();
    const reason = { why: 'shutting down' };

    const error = await client
      .handleCallback({ requestId, accessToken, state: STATE }, { signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);

    expect(error).toBe(reason);
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
  });
});
