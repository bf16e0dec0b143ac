import type { TruecallerCallback } from '../callback/schema.js';
import { StateMismatchError, UnknownRequestError } from '../errors/lifecycleErrors.js';
import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import type { SignInOutcome, TrackedRequest } from '../trackers/PendingRequestTracker.js';
import { callbackStateMatches } from './callbackChecks.js';
import type { LifecycleConfig } from './config.js';
import { toParkedCallback } from './earlyCallback.js';
import { trackerStep } from './trackerStep.js';
import type { CallbackReceipt } from './types.js';

/**
 * Binds a parsed (still untrusted) callback to its pending request and records the outcome exactly once.
 * No HTTP here: Truecaller wants an answer within 3 s, so the profile is fetched later, by `completeSignIn`.
 *
 * A callback for a requestId not recorded (yet) is parked for `earlyCallbackTtl`, bounded by
 * `maxEarlyCallbacks` (a flood of unknown ids is refused, pushing nothing out): Truecaller may call back before
 * the start call's answer was recorded, and the start adopts it with the same checks. The caller is told
 * `UnknownRequestError` all the same, since nothing here can tell an early callback from a forged one; a
 * request recorded while the callback was being parked is found by a second read and settled at once.
 *
 * @throws {UnknownRequestError} `reason` `'unknown'` (no such pending requestId), `'expired'` (it ended before
 *   the outcome was recorded) or `'conflict'` (already settled with another payload).
 * @throws {StateMismatchError} the callback's state differs from the pending request's (missing counts).
 * @throws {TrackerError} the store failed.
 */
export async function handleParsedCallback(
  config: LifecycleConfig,
  callback: TruecallerCallback,
): Promise<CallbackReceipt> {
  const { tracker } = config;
  const { requestId } = callback;
  const outcome = toOutcome(callback);
  const tracked =
    (await trackerStep('get', () => tracker.get(requestId))) ?? (await parkEarlyCallback(config, callback, outcome));
  if (!(await callbackStateMatches(tracked.request, callback.state))) throw new StateMismatchError('callback');

  const result = await trackerStep('settle', () => tracker.settle(requestId, outcome));
  const receipt = { requestId, type: callback.type };
  if (result.status === 'settled') return { ...receipt, duplicate: false };
  if (result.status === 'missing') throw new UnknownRequestError('expired');
  const stored = result.tracked.outcome;
  if (stored !== undefined && (await sameOutcome(stored, outcome))) return { ...receipt, duplicate: true };
  throw new UnknownRequestError('conflict');
}

/**
 * Parks a callback whose requestId is not recorded, then reads again: a start that recorded the request in
 * between found nothing to adopt, so this callback is handled now (resolving with the request). Otherwise it
 * stays parked for the start to adopt, and the caller hears `UnknownRequestError`.
 */
async function parkEarlyCallback(
  config: LifecycleConfig,
  callback: TruecallerCallback,
  outcome: SignInOutcome,
): Promise<TrackedRequest> {
  const { tracker } = config;
  const parked = toParkedCallback(outcome, callback.state, Date.now());
  await trackerStep('park', () =>
    tracker.park(callback.requestId, parked, config.earlyCallbackTtl, config.maxEarlyCallbacks),
  );
  const recorded = await trackerStep('get', () => tracker.get(callback.requestId));
  if (recorded === undefined) throw new UnknownRequestError('unknown');
  // Recorded meanwhile: handle it here. Whoever unparks the copy settles the same outcome; settle is once-only.
  await tracker.unpark(callback.requestId).catch(() => undefined);
  return recorded;
}

function toOutcome(callback: TruecallerCallback): SignInOutcome {
  if (callback.type === 'rejected') return { type: 'rejected', reason: callback.reason };
  return callback.endpoint === undefined
    ? { type: 'authorized', accessToken: callback.accessToken }
    : { type: 'authorized', accessToken: callback.accessToken, endpoint: callback.endpoint };
}

async function sameOutcome(stored: SignInOutcome, incoming: SignInOutcome): Promise<boolean> {
  if (stored.type === 'rejected') return incoming.type === 'rejected' && stored.reason === incoming.reason;
  if (incoming.type === 'rejected') return false;
  return stored.endpoint === incoming.endpoint && (await constantTimeEqual(stored.accessToken, incoming.accessToken));
}
