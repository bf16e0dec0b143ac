import type { TruecallerCallback } from '../callback/schema.js';
import { StateMismatchError, UnknownRequestError } from '../errors/lifecycleErrors.js';
import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import type { PendingRequestTracker, SignInOutcome } from '../trackers/PendingRequestTracker.js';
import { trackerStep } from './trackerStep.js';
import type { CallbackReceipt } from './types.js';

/**
 * Binds a parsed (still untrusted) callback to its pending request and records the outcome exactly once.
 * No HTTP here: Truecaller wants an answer within 3 s, so the profile is fetched later, by `completeSignIn`.
 *
 * @throws {UnknownRequestError} unknown or expired requestId, or one already settled with another payload.
 * @throws {StateMismatchError} the callback's state differs from the pending request's (missing counts).
 * @throws {TrackerError} the store failed.
 */
export async function handleParsedCallback(
  tracker: PendingRequestTracker,
  callback: TruecallerCallback,
): Promise<CallbackReceipt> {
  const { requestId } = callback;
  const tracked = await trackerStep('get', () => tracker.get(requestId));
  if (tracked === undefined)
    throw new UnknownRequestError('no pending sign-in has this requestId (unknown or expired)');
  // Mobile-web callbacks carry no state (the deep link has no such parameter); there the status poll checks it.
  const stateChecked = tracked.request.flow !== 'mobile-web' || callback.state !== undefined;
  if (stateChecked && !(await constantTimeEqual(tracked.request.state, callback.state))) {
    throw new StateMismatchError('callback');
  }

  const outcome = toOutcome(callback);
  const result = await trackerStep('settle', () => tracker.settle(requestId, outcome));
  const receipt = { requestId, type: callback.type };
  if (result.status === 'settled') return { ...receipt, duplicate: false };
  if (result.status === 'missing') throw new UnknownRequestError('the pending sign-in expired');
  const stored = result.tracked.outcome;
  if (stored !== undefined && (await sameOutcome(stored, outcome))) return { ...receipt, duplicate: true };
  throw new UnknownRequestError('this sign-in was already settled by a different callback');
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
