import { isTruecallerError, type TruecallerErrorCode } from '../errors/TruecallerError.js';
import type { SignInSteps } from '../lifecycle/signInSteps.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';

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

/**
 * Fields every {@link TruecallerEvent} has: when its step ended and how long it took.
 *
 * @example
 * ```ts
 * const slow = (event: TruecallerEventTiming) => event.durationMs > 1_000
 * ```
 */
export interface TruecallerEventTiming {
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
export type TruecallerEvent = TruecallerEventTiming &
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
  ? Event extends TruecallerEventTiming
    ? Omit<Event, keyof TruecallerEventTiming>
    : never
  : never;

/** What a step's failure knows about its subject: its requestId and masked number, when known. */
interface Subject {
  requestId?: string;
  phoneNumber?: string;
}

/** Longest requestId or reason an event repeats; anything longer came from a forged request and is cut. */
const MAX_ECHO = 128;

/** The steps reported through a plain wrapper (the callback is reported in its two halves; see below). */
type Plain = 'requestAuthorization' | 'registerRequest' | 'completeSignIn' | 'cancelSignIn';
type Step<K extends keyof SignInSteps> = SignInSteps[K];

/**
 * Installs the event layer on one client's steps: each lifecycle step of the table is replaced by one that
 * reports its outcome to `onEvent`, then returns or throws exactly as before. The steps themselves are
 * untouched. `onEvent` runs synchronously after the step; if it throws or returns a rejected promise, that is
 * ignored: observing a sign-in can never break it.
 */
export function observeSteps(steps: SignInSteps, onEvent: (event: TruecallerEvent) => unknown): void {
  const emit = (started: number, event: Described): void => {
    const full = { ...event, at: Date.now(), durationMs: Math.max(0, Math.round(now() - started)) } as TruecallerEvent;
    try {
      const result = onEvent(full);
      if (isPromiseLike(result)) result.then(undefined, () => undefined);
    } catch {
      // The app's logger failed; the sign-in goes on.
    }
  };
  // A programming error (a TypeError) is the caller's to see: no event.
  const failed = (started: number, step: TruecallerEventStep, error: unknown, subject: Subject): void => {
    if (!isTruecallerError(error)) return;
    if (error.code === 'tracker_error') emit(started, { type: 'store_failed', step, ...subject });
    else emit(started, { type: 'failed', step, code: error.code, ...subject });
  };
  const observe = <K extends Plain>(
    name: K,
    step: TruecallerEventStep,
    subjectOf: (...args: Parameters<Step<K>>) => Subject,
    report: (result: Awaited<ReturnType<Step<K>>>, subject: Subject) => Described | undefined,
  ): void => {
    const run = steps[name] as (...args: Parameters<Step<K>>) => ReturnType<Step<K>>;
    steps[name] = (async (...args: Parameters<Step<K>>) => {
      const started = now();
      const subject = subjectOf(...args);
      try {
        const result = await run(...args);
        const event = report(result, subject);
        if (event !== undefined) emit(started, event);
        return result;
      } catch (error) {
        failed(started, step, error, subject);
        throw error;
      }
    }) as Step<K>;
  };

  observe(
    'requestAuthorization',
    'start',
    (params) => subject(undefined, params?.phoneNumber),
    (result) => ({
      type: 'started',
      flow: 'web',
      requestId: echo(result.requestId),
      phoneNumber: maskPhoneNumber(result.phoneNumber),
    }),
  );
  observe(
    'registerRequest',
    'register',
    (params) => subject(params?.requestId, params?.phoneNumber),
    (_, { requestId, ...masked }) =>
      requestId === undefined ? undefined : { type: 'started', flow: 'mobile-web', requestId, ...masked },
  );
  observe(
    'completeSignIn',
    'status',
    (requestId) => subject(requestId),
    (result, { requestId = '' }) => {
      // A pending poll is not a step.
      if (result.status === 'pending') return undefined;
      if (result.status === 'completed') {
        return { type: 'completed', requestId, phoneNumber: maskPhoneNumber(result.phoneNumber) };
      }
      if (result.status === 'rejected') return { type: 'rejected', requestId, reason: echo(result.reason) };
      return { type: 'expired', requestId };
    },
  );
  observe(
    'cancelSignIn',
    'cancel',
    (requestId) => subject(requestId),
    // Cancelling what was no longer pending changes nothing: no event.
    (result, { requestId = '' }) => (result.status === 'cancelled' ? { type: 'cancelled', requestId } : undefined),
  );

  // The callback is reported in its two halves, so that a refusal after reading can name its requestId.
  const { readCallback, settleCallback } = steps;
  steps.handleCallback = async (input, options) => {
    const started = now();
    let callback: Awaited<ReturnType<typeof readCallback>>;
    try {
      callback = await readCallback(input, options);
    } catch (error) {
      if (isTruecallerError(error)) emit(started, { type: 'callback_refused', code: error.code });
      throw error;
    }
    const requestId = echo(callback.requestId);
    try {
      const receipt = await settleCallback(callback);
      emit(started, { type: 'callback_accepted', requestId, outcome: receipt.type, duplicate: receipt.duplicate });
      return receipt;
    } catch (error) {
      if (isTruecallerError(error) && error.code !== 'tracker_error') {
        emit(started, { type: 'callback_refused', code: error.code, requestId });
      } else failed(started, 'callback', error, { requestId });
      throw error;
    }
  };
}

function now(): number {
  return globalThis.performance?.now() ?? Date.now();
}

function echo(value: string): string {
  return value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value;
}

/** A step's subject from its unchecked arguments, without absent fields. */
function subject(requestId: unknown, phoneNumber?: unknown): Subject {
  const fields: Subject = {};
  if (typeof requestId === 'string' && requestId !== '') fields.requestId = echo(requestId);
  if (typeof phoneNumber === 'string' || typeof phoneNumber === 'number') {
    fields.phoneNumber = maskPhoneNumber(phoneNumber);
  }
  return fields;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
