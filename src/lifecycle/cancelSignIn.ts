import { StateMismatchError } from '../errors/lifecycleErrors.js';
import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { trackerStep } from './trackerStep.js';
import type { CancelResult } from './types.js';

/**
 * Ends a sign-in the browser gave up on (the user chose another sign-in method): checks the state, then
 * removes the request and frees the number's lock in one tracker step. Afterwards callbacks for it are refused
 * (`UnknownRequestError`) and polls answer `expired`; the user can start again at once.
 *
 * Idempotent: a requestId that is unknown, expired, completed or already cancelled resolves `expired` and
 * changes nothing. If the store fails, nothing is known to have changed; cancelling again is safe.
 *
 * @throws {StateMismatchError} `state` differs from the one the sign-in was started with (nothing changes).
 * @throws {TrackerError} the store failed.
 */
export async function cancelPendingSignIn(
  tracker: PendingRequestTracker,
  requestId: string,
  state: string | undefined,
): Promise<CancelResult> {
  const tracked = await trackerStep('get', () => tracker.get(requestId));
  if (tracked === undefined) return { status: 'expired' };
  if (!(await constantTimeEqual(tracked.request.state, state))) throw new StateMismatchError('completeSignIn');
  const removed = await trackerStep('remove', () => tracker.remove(requestId));
  return removed === undefined ? { status: 'expired' } : { status: 'cancelled' };
}
