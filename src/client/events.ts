import { readCallbackInput } from '../callback/callbackInput.js';
import type { TruecallerCallback } from '../callback/schema.js';
import { isTruecallerError, type TruecallerErrorCode } from '../errors/TruecallerError.js';
import type { SignInStatus } from '../lifecycle/types.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { TruecallerClient } from './TruecallerClient.js';

/**
 * The step of a sign-in an event is about: `start` (`requestAuthorization`), `register` (`registerRequest`, the
 * mobile-web start), `callback` (`handleCallback`), `status` (`completeSignIn`) or `cancel` (`cancelSignIn`).
 *
 * @example
 * ```ts
 * const step: TruecallerEventStep = 'callback'
 * ```
 */
export type TruecallerEventStep = 'start' | 'register' | 'callback' | 'status' | 'cancel';

/** Fields every {@link TruecallerEvent} has. */
interface EventTiming {
  /** When the step ended, in ms since the epoch (`Date.now()`). */
  at: number;
  /** How long the step took, in ms. */
  durationMs: number;
}

/**
 * What `onEvent` receives: one event per step of a sign-in, for logs and metrics. Events carry the requestId,
 * the number masked (`+46******567`) and timings in ms; never the appKey, an access token, a full number or the
 * state. A pending status poll is not an event.
 *
 * - `started`: the start call (or `registerRequest`) recorded a pending sign-in;
 * - `callback_accepted` / `callback_refused`: a callback was bound to its sign-in, or refused with `code`
 *   (`invalid_callback`, `unknown_request`, `state_mismatch`): refused callbacks from a real Truecaller mean a
 *   wrong deployment, such as two instances each with its own `MemoryTracker`;
 * - `completed`, `rejected`, `expired`: what a status poll found;
 * - `cancelled`: the browser gave up;
 * - `store_failed`: the tracker failed (`step` says where); the step did not happen;
 * - `failed`: any other SDK error, with its `code` (`invalid_credentials` at `start` means a wrong appKey).
 *
 * @example
 * ```ts
 * const client = new TruecallerClient({
 *   appKey,
 *   onEvent: (event) => {
 *     if (event.type === 'callback_refused') log.warn('truecaller callback refused', event)
 *     else log.info(`truecaller ${event.type}`, event)
 *   },
 * })
 * ```
 */
export type TruecallerEvent = EventTiming &
  (
    | { type: 'started'; flow: 'web' | 'mobile-web'; requestId: string; phoneNumber?: string }
    | { type: 'callback_accepted'; requestId: string; outcome: 'authorized' | 'rejected'; duplicate: boolean }
    | { type: 'callback_refused'; code: TruecallerErrorCode; requestId?: string }
    | { type: 'completed'; requestId: string; phoneNumber: string }
    | { type: 'rejected'; requestId: string; reason: string }
    | { type: 'expired'; requestId: string }
    | { type: 'cancelled'; requestId: string }
    | { type: 'store_failed'; step: TruecallerEventStep; requestId?: string; phoneNumber?: string }
    | { type: 'failed'; step: TruecallerEventStep; code: TruecallerErrorCode; requestId?: string; phoneNumber?: string }
  );

/** An event as a step describes it; timings are added when it is emitted. */
type Described = TruecallerEvent extends infer Event
  ? Event extends EventTiming
    ? Omit<Event, keyof EventTiming>
    : never
  : never;

/** What a step's failure knows about its subject. */
interface Subject {
  requestId?: string | undefined;
  phoneNumber?: string | undefined;
}

/** Longest requestId or reason an event repeats; anything longer came from a forged request and is cut. */
const MAX_ECHO = 128;

// The methods an event layer wraps. `cancelSignIn` is wrapped only when the client has it.
type Cancel = (requestId: string, options: { state?: string | undefined }) => Promise<unknown>;

/**
 * Installs the event layer on one client: each lifecycle method is wrapped (as a non-enumerable own property)
 * so it reports its outcome to `onEvent`, then returns or throws exactly as before. The lifecycle itself is
 * untouched. `onEvent` runs synchronously after the step; if it throws or returns a rejected promise, that is
 * ignored: observing a sign-in can never break it.
 */
export function observeClient(client: TruecallerClient, onEvent: (event: TruecallerEvent) => unknown): void {
  const emit = (started: number, event: Described): void => {
    const full = { ...event, at: Date.now(), durationMs: Math.max(0, Math.round(now() - started)) } as TruecallerEvent;
    try {
      const result = onEvent(full);
      if (isPromiseLike(result)) result.then(undefined, () => undefined);
    } catch {
      // The app's logger failed; the sign-in goes on.
    }
  };
  const failed = (started: number, step: TruecallerEventStep, error: unknown, subject: Subject): void => {
    if (!isTruecallerError(error)) return; // a programming error (TypeError): the caller sees it, no event
    const fields = withoutUndefined(subject);
    if (error.code === 'tracker_error') emit(started, { type: 'store_failed', step, ...fields });
    else emit(started, { type: 'failed', step, code: error.code, ...fields });
  };

  const requestAuthorization = client.requestAuthorization.bind(client);
  wrap(client, 'requestAuthorization', async (params) => {
    const started = now();
    try {
      const result = await requestAuthorization(params);
      emit(started, {
        type: 'started',
        flow: 'web',
        requestId: echo(result.requestId),
        phoneNumber: maskPhoneNumber(result.phoneNumber),
      });
      return result;
    } catch (error) {
      failed(started, 'start', error, { phoneNumber: maskedInput(params?.phoneNumber) });
      throw error;
    }
  });

  const registerRequest = client.registerRequest.bind(client);
  wrap(client, 'registerRequest', async (params) => {
    const started = now();
    const subject = { requestId: echoInput(params?.requestId), phoneNumber: maskedInput(params?.phoneNumber) };
    try {
      await registerRequest(params);
      const { requestId, phoneNumber } = subject;
      if (requestId !== undefined) {
        emit(started, { type: 'started', flow: 'mobile-web', requestId, ...withoutUndefined({ phoneNumber }) });
      }
    } catch (error) {
      failed(started, 'register', error, subject);
      throw error;
    }
  });

  const handleCallback = client.handleCallback.bind(client);
  wrap(client, 'handleCallback', async (input) => {
    const started = now();
    let callback: TruecallerCallback;
    try {
      callback = await readCallbackInput(input);
    } catch (error) {
      if (isTruecallerError(error)) emit(started, { type: 'callback_refused', code: error.code });
      throw error;
    }
    const requestId = echo(callback.requestId);
    try {
      const receipt = await handleCallback(callback);
      emit(started, { type: 'callback_accepted', requestId, outcome: receipt.type, duplicate: receipt.duplicate });
      return receipt;
    } catch (error) {
      if (isTruecallerError(error) && error.code !== 'tracker_error') {
        emit(started, { type: 'callback_refused', code: error.code, requestId });
      } else failed(started, 'callback', error, { requestId });
      throw error;
    }
  });

  const completeSignIn = client.completeSignIn.bind(client);
  wrap(client, 'completeSignIn', async (requestId, options) => {
    const started = now();
    const subject = { requestId: echoInput(requestId) };
    let result: SignInStatus;
    try {
      result = await completeSignIn(requestId, options);
    } catch (error) {
      failed(started, 'status', error, subject);
      throw error;
    }
    const id = echo(requestId);
    if (result.status === 'completed') {
      emit(started, { type: 'completed', requestId: id, phoneNumber: maskPhoneNumber(result.phoneNumber) });
    } else if (result.status === 'rejected') {
      emit(started, { type: 'rejected', requestId: id, reason: echo(result.reason) });
    } else if (result.status === 'expired') emit(started, { type: 'expired', requestId: id });
    return result;
  });

  const cancellable = client as unknown as { cancelSignIn?: Cancel };
  const cancelSignIn = cancellable.cancelSignIn?.bind(client);
  if (cancelSignIn === undefined) return;
  wrap(cancellable as { cancelSignIn: Cancel }, 'cancelSignIn', async (requestId, options) => {
    const started = now();
    try {
      const result = await cancelSignIn(requestId, options);
      emit(started, { type: 'cancelled', requestId: echo(requestId) });
      return result;
    } catch (error) {
      failed(started, 'cancel', error, { requestId: echoInput(requestId) });
      throw error;
    }
  });
}

function wrap<T extends object, K extends keyof T>(target: T, method: K, replacement: T[K]): void {
  // Non-enumerable, like the prototype method it shadows: console.log(client) shows no extra functions.
  Object.defineProperty(target, method, { value: replacement, writable: true, configurable: true, enumerable: false });
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
}

function echoInput(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? echo(value) : undefined;
}

function maskedInput(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? maskPhoneNumber(value) : undefined;
}

function withoutUndefined(subject: Subject): { requestId?: string; phoneNumber?: string } {
  const fields: { requestId?: string; phoneNumber?: string } = {};
  if (subject.requestId !== undefined) fields.requestId = subject.requestId;
  if (subject.phoneNumber !== undefined) fields.phoneNumber = subject.phoneNumber;
  return fields;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
