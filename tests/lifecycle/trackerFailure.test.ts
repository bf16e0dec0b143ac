/**
 * A store that fails (Redis down, a timeout, a corrupt value) must fail the step closed with TrackerError, and the
 * store's error, which Redis clients fill with the command's arguments, must not carry a token out.
 */
import { inspect } from 'node:util';
import {
  MemoryTracker,
  type ParkedCallback,
  type PendingRequest,
  type PendingRequestTracker,
  type SignInOutcome,
  TrackerError,
  type TruecallerClient,
} from 'truecaller-web-login';
import { describe, expect, test } from 'vitest';
import { PHONE_NUMBER, STATE } from '../fixtures/payloads.js';
import { createClock, profileOf, type TestClock, useLifecycleServer } from '../support/lifecycleHarness.js';

const lifecycle = useLifecycleServer();

/** The secret the store's error message quotes, as a Redis client quoting a command's arguments would. */
const LEAKED_TOKEN = 'Zm9yZ2V0LW1lLW5vdA~leaked-access-token-9f8e7d6c5b4a3f2e1d0c9b8a7f6';

type Method = keyof PendingRequestTracker;

/** A MemoryTracker whose chosen methods reject with an error quoting {@link LEAKED_TOKEN}. */
class FailingTracker implements PendingRequestTracker {
  readonly failing = new Set<Method>();
  readonly calls: Method[] = [];
  readonly #inner: MemoryTracker;

  constructor(clock: TestClock) {
    this.#inner = new MemoryTracker({ now: clock.now });
  }

  #enter(method: Method): void {
    this.calls.push(method);
    if (!this.failing.has(method)) return;
    const error = new Error(`ERR connection lost while running ${method} with args ["tc:req", "${LEAKED_TOKEN}"]`);
    error.name = 'ReplyError';
    throw Object.assign(error, { command: { name: 'evalsha', args: ['tc:req', LEAKED_TOKEN] } });
  }

  async acquireLock(key: string, owner: string, ttlMs: number) {
    this.#enter('acquireLock');
    return this.#inner.acquireLock(key, owner, ttlMs);
  }
  async releaseLock(key: string, owner: string) {
    this.#enter('releaseLock');
    return this.#inner.releaseLock(key, owner);
  }
  async register(request: PendingRequest, ttlMs: number) {
    this.#enter('register');
    return this.#inner.register(request, ttlMs);
  }
  async get(requestId: string) {
    this.#enter('get');
    return this.#inner.get(requestId);
  }
  async settle(requestId: string, outcome: SignInOutcome) {
    this.#enter('settle');
    return this.#inner.settle(requestId, outcome);
  }
  async claim(requestId: string, claimId: string) {
    this.#enter('claim');
    return this.#inner.claim(requestId, claimId);
  }
  async finish(requestId: string, claimId: string) {
    this.#enter('finish');
    return this.#inner.finish(requestId, claimId);
  }
  async remove(requestId: string) {
    this.#enter('remove');
    return this.#inner.remove(requestId);
  }
  async park(requestId: string, callback: ParkedCallback, ttl: number, maxParked: number) {
    this.#enter('park');
    return this.#inner.park(requestId, callback, ttl, maxParked);
  }
  async unpark(requestId: string) {
    this.#enter('unpark');
    return this.#inner.unpark(requestId);
  }
}

function failingClient(options: { lockTtl?: number } = {}) {
  const clock = createClock();
  const tracker = new FailingTracker(clock);
  const { client } = lifecycle.createClient({ tracker, ...options });
  return { client, tracker, clock };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

/**
 * The TrackerError a failed step reports: the error itself, or, for a start whose prompt went out but could not
 * be recorded, the cause of its RequestPendingError.
 */
function trackerErrorOf(error: unknown): unknown {
  return error instanceof Error && error.name === 'RequestPendingError' ? error.cause : error;
}

/** A started sign-in for PHONE_NUMBER with STATE; `settled` also delivers a valid callback. */
async function startedSignIn(client: TruecallerClient, settled: boolean) {
  const { requestId } = await client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE });
  const accessToken = lifecycle.authorize(profileOf(PHONE_NUMBER));
  if (settled) await client.handleCallback({ requestId, accessToken, state: STATE });
  return { requestId, accessToken };
}

interface Step {
  /** What set-up precedes the failure. */
  arrange: (client: TruecallerClient) => Promise<{ requestId: string; accessToken: string } | undefined>;
  act: (client: TruecallerClient, signIn: { requestId: string; accessToken: string } | undefined) => Promise<unknown>;
}

const STEPS: Record<string, Step & { method: Method }> = {
  'start (acquireLock)': {
    method: 'acquireLock',
    arrange: async () => undefined,
    act: (client) => client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE }),
  },
  'start (register)': {
    method: 'register',
    arrange: async () => undefined,
    act: (client) => client.requestAuthorization({ phoneNumber: PHONE_NUMBER, state: STATE }),
  },
  'registerRequest (register)': {
    method: 'register',
    arrange: async () => undefined,
    act: (client) => client.registerRequest({ requestId: 'nonce-0123456789' }),
  },
  'callback (get)': {
    method: 'get',
    arrange: (client) => startedSignIn(client, false),
    act: (client, signIn) => client.handleCallback({ ...signIn, state: STATE }),
  },
  'callback (settle)': {
    method: 'settle',
    arrange: (client) => startedSignIn(client, false),
    act: (client, signIn) => client.handleCallback({ ...signIn, state: STATE }),
  },
  'status (get)': {
    method: 'get',
    arrange: (client) => startedSignIn(client, true),
    act: (client, signIn) => client.completeSignIn(signIn?.requestId ?? '', { state: STATE }),
  },
  'status (claim)': {
    method: 'claim',
    arrange: (client) => startedSignIn(client, true),
    act: (client, signIn) => client.completeSignIn(signIn?.requestId ?? '', { state: STATE }),
  },
  'status (finish)': {
    method: 'finish',
    arrange: (client) => startedSignIn(client, true),
    act: (client, signIn) => client.completeSignIn(signIn?.requestId ?? '', { state: STATE }),
  },
  'callback for an unknown id (park)': {
    method: 'park',
    arrange: async () => undefined,
    act: (client) => client.handleCallback({ requestId: 'not-yet-recorded', accessToken: 'token', state: STATE }),
  },
  'cancel (remove)': {
    method: 'remove',
    arrange: (client) => startedSignIn(client, false),
    act: (client, signIn) => client.cancelSignIn(signIn?.requestId ?? '', { state: STATE }),
  },
};

describe('a failing tracker', () => {
  test.each(Object.entries(STEPS))('%s: TrackerError with a sanitized cause', async (_, step) => {
    const { client, tracker } = failingClient();
    const signIn = await step.arrange(client);
    tracker.failing.add(step.method);

    const error = trackerErrorOf(await rejection(step.act(client, signIn)));

    expect(error).toBeInstanceOf(TrackerError);
    expect(error).toMatchObject({ code: 'tracker_error', cause: expect.any(Error) });
    expect((error as Error).cause).toMatchObject({ name: 'ReplyError' });
    expect((error as Error).cause).not.toHaveProperty('command');
  });

  test.each(Object.entries(STEPS))(
    '%s: the token in the store error appears in neither message, JSON nor util.inspect',
    async (_, step) => {
      const { client, tracker } = failingClient();
      const signIn = await step.arrange(client);
      tracker.failing.add(step.method);

      const error = await rejection(step.act(client, signIn));

      expect(trackerErrorOf(error)).toBeInstanceOf(TrackerError);
      expect((error as Error).message).not.toContain(LEAKED_TOKEN);
      expect(JSON.stringify(error)).not.toContain(LEAKED_TOKEN);
      expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toContain(LEAKED_TOKEN);
    },
  );

  test('start: when acquireLock fails, no request is sent to Truecaller', async () => {
    const { client, tracker } = failingClient();
    tracker.failing.add('acquireLock');

    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toBeInstanceOf(TrackerError);

    expect(lifecycle.startCalls).toHaveLength(0);
  });

  test('start: when register keeps failing after the POST, the lock is kept and the start reports the pending prompt', async () => {
    const { client, tracker } = failingClient({ lockTtl: 30_000 });
    tracker.failing.add('register');

    const error = await rejection(client.requestAuthorization({ phoneNumber: PHONE_NUMBER }));

    expect(error).toMatchObject({ name: 'RequestPendingError', retryAfterMs: expect.any(Number) });
    expect((error as Error).cause).toBeInstanceOf(TrackerError);
    expect(lifecycle.startCalls).toHaveLength(1);
    expect(tracker.calls).not.toContain('releaseLock');

    // The phone is prompting: the user's immediate retry does not prompt it a second time.
    tracker.failing.clear();
    await expect(client.requestAuthorization({ phoneNumber: PHONE_NUMBER })).rejects.toMatchObject({
      name: 'RequestPendingError',
    });
    expect(lifecycle.startCalls).toHaveLength(1);
  });

  test('callback: when settle fails, nothing is recorded and a redelivery once the store is back succeeds', async () => {
    const { client, tracker } = failingClient();
    const { requestId, accessToken } = await startedSignIn(client, false);
    tracker.failing.add('settle');

    await expect(client.handleCallback({ requestId, accessToken, state: STATE })).rejects.toBeInstanceOf(TrackerError);

    tracker.failing.clear();
    expect(await client.completeSignIn(requestId, { state: STATE })).toEqual({ status: 'pending' });
    expect(await client.handleCallback({ requestId, accessToken, state: STATE })).toMatchObject({ duplicate: false });
  });

  test('status: when claim fails, no profile is fetched and the sign-in completes once the store is back', async () => {
    const { client, tracker } = failingClient();
    const { requestId } = await startedSignIn(client, true);
    tracker.failing.add('claim');

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);
    expect(lifecycle.profileCalls).toHaveLength(0);

    tracker.failing.clear();
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
  });

  test('status: when finish fails on every attempt, no profile is fetched and the next poll completes', async () => {
    const { client, tracker } = failingClient();
    const { requestId } = await startedSignIn(client, true);
    tracker.failing.add('finish');

    await expect(client.completeSignIn(requestId, { state: STATE })).rejects.toBeInstanceOf(TrackerError);
    expect(lifecycle.profileCalls).toHaveLength(0);

    tracker.failing.clear();
    expect(await client.completeSignIn(requestId, { state: STATE })).toMatchObject({ status: 'completed' });
    expect(lifecycle.profileCalls).toHaveLength(1);
  });
});
