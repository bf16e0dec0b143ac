import type { StatusAnswer } from '../routes/wire.js';
import { TruecallerRouteError } from './errors.js';
import { bodyOf, type RouteCallOptions, send } from './send.js';
import { sleep } from './sleep.js';

/** How a poll ended: the route's final answer, or `timeout` when it stayed pending for `timeout` ms. */
export type PollResult = Exclude<StatusAnswer, { status: 'pending' }> | { status: 'timeout' };

/** Options of {@link pollSignIn}. */
export interface PollSignInOptions extends RouteCallOptions {
  /** The sign-in to watch, from {@link startSignIn} or the mobile-web link. */
  requestId: string;
  /** Milliseconds between the end of one poll and the start of the next. Default 3,000. */
  interval?: number | undefined;
  /** Milliseconds after which a sign-in still pending resolves `timeout` (offer OTP then). Default 30,000. */
  timeout?: number | undefined;
  /** Called after each `pending` answer; `attempt` counts the polls so far. */
  onPending?: ((progress: { attempt: number; elapsedMs: number }) => void) | undefined;
}

/** Longest wait after repeated network errors, in ms. */
const MAX_BACKOFF = 30_000;
/** Answers that mean "try again later" rather than "this failed". */
const TRANSIENT = [429, 502, 503, 504];
const FINAL = ['completed', 'rejected', 'expired'];

/**
 * Polls your status route (`GET ?requestId=`) until the sign-in ends, one request at a time: the first after
 * `interval`, then `interval` after each answer. Resolves at the first final answer (`completed`, with whatever
 * your `onCompleted` adds; `rejected` with its `reason`; `expired`), or `timeout` once `timeout` ms have passed.
 * On 429 and 503 it waits as long as `Retry-After` says (at least `interval`); after a network error or a 502/504
 * it backs off (2 × `interval`, 4 ×, … up to 30 s). The deadline interrupts a wait or a request in flight.
 *
 * @throws {TruecallerRouteError} the route answered an error (`code` is its `error`, e.g. `state_mismatch`), or
 *   something that is not a status answer (`unexpected_response`).
 * @throws the signal's reason, at once, when `signal` aborts; no request is made after that.
 * @example
 * ```ts
 * const result = await pollSignIn('/truecaller/status', { requestId, onPending: () => showSpinner() })
 * if (result.status === 'completed') location.assign('/account')
 * else if (result.status === 'timeout') showOtpForm()
 * else showMessage(result.status) // 'rejected' or 'expired'
 * ```
 */
export async function pollSignIn(statusUrl: string, options: PollSignInOptions): Promise<PollResult> {
  const { requestId, interval = 3000, timeout = 30_000, signal, onPending } = options;
  if (typeof requestId !== 'string' || requestId === '' || !(interval > 0) || !(timeout >= 0)) {
    throw new TypeError('pollSignIn: pass { requestId } and positive `interval` and `timeout` in ms.');
  }
  signal?.throwIfAborted();
  const url = `${statusUrl}${statusUrl.includes('?') ? '&' : '?'}requestId=${encodeURIComponent(requestId)}`;
  const started = Date.now();
  const deadline = started + timeout;
  // One controller for waits and requests: the caller's abort and the deadline both end whatever is pending.
  const inner = new AbortController();
  const timedOut = new Error('timeout');
  const onAbort = () => inner.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(() => inner.abort(timedOut), timeout);
  try {
    let delay = interval;
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      // A poll that could not start before the deadline is not made: wait for the deadline instead.
      await sleep(delay < deadline - Date.now() ? delay : timeout + 1, inner.signal);
      let answer: Awaited<ReturnType<typeof send>> | undefined;
      try {
        answer = await send(url, { headers: { accept: 'application/json' } }, { ...options, signal: inner.signal });
      } catch (error) {
        if (!(error instanceof TruecallerRouteError)) throw error;
      }
      if (answer === undefined || TRANSIENT.includes(answer.status)) {
        failures++;
        const backoff = Math.min(interval * 2 ** failures, MAX_BACKOFF);
        delay = answer?.retryAfterMs === undefined ? backoff : Math.max(answer.retryAfterMs, interval);
        continue;
      }
      failures = 0;
      delay = interval;
      const body = bodyOf(answer);
      if (FINAL.includes(body.status as string)) return body as PollResult;
      if (body.status !== 'pending') {
        throw new TruecallerRouteError('unexpected_response', 'The status route answered an unknown status.', 200);
      }
      onPending?.({ attempt, elapsedMs: Date.now() - started });
    }
  } catch (error) {
    if (inner.signal.reason === timedOut) return { status: 'timeout' };
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
