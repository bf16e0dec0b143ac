import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import type { PendingRequest } from '../trackers/PendingRequestTracker.js';

/**
 * Whether a callback's `state` may settle `request`: it must equal the request's (a missing one counts as
 * different), except in the mobile-web flow, whose callbacks carry no state (there the status poll checks it).
 * The same rule for a callback handled at once and for one parked and adopted later.
 */
export async function callbackStateMatches(request: PendingRequest, state: string | undefined): Promise<boolean> {
  const stateChecked = request.flow !== 'mobile-web' || state !== undefined;
  return !stateChecked || (await constantTimeEqual(request.state, state));
}
