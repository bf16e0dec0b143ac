import type { ParkedCallback, PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { callbackStateMatches } from './callbackChecks.js';

/**
 * Adopts a callback that came before its request was recorded (Truecaller can call back while the start
 * call's answer is still on its way). Runs right after a request is recorded: takes the parked callback, if
 * any, checks it exactly as a callback handled at once is checked (the state here; the number when the
 * profile is fetched), and records its outcome. A callback that fails the check is dropped: the request stays
 * pending for the real one.
 *
 * Never throws: the request is recorded and the start succeeded. If the store fails here, a parked callback
 * stays parked until its short TTL (Truecaller's redelivery, if any, is then handled as usual) or, once
 * unparked, is lost; the sign-in then behaves as one whose callback never came (pending until `pendingTtl`,
 * or until the browser cancels it, which frees the number).
 */
export async function adoptEarlyCallback(tracker: PendingRequestTracker, request: PendingRequest): Promise<void> {
  try {
    const parked = await tracker.unpark(request.requestId);
    if (parked === undefined || !(await callbackStateMatches(request, parked.state))) return;
    await tracker.settle(request.requestId, parked.outcome);
  } catch {
    // See above: the start has already succeeded.
  }
}

/** A parked copy of a callback, without absent fields. */
export function toParkedCallback(
  outcome: ParkedCallback['outcome'],
  state: string | undefined,
  receivedAt: number,
): ParkedCallback {
  return state === undefined ? { outcome, receivedAt } : { outcome, state, receivedAt };
}
