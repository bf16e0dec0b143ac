import { DuplicateRequestError } from '../errors/lifecycleErrors.js';
import type { PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { retryStep } from './retryStep.js';
import { trackerStep } from './trackerStep.js';

/**
 * Records a pending request (set-if-absent).
 *
 * When the request holds a lock (a web-flow start whose POST Truecaller accepted: the phone is prompting), a
 * failed `register` is retried, because giving up would leave a prompt nobody can complete. A repeat that finds
 * the requestId taken reads it back: if it holds our lock's random owner, it is our own earlier attempt, which
 * ran although its reply was lost. Requests without a lock (mobile web) are recorded once: nothing was sent yet,
 * so the page can simply try again.
 *
 * @throws {DuplicateRequestError} the requestId is tracked by another request.
 * @throws {TrackerError} the store failed (for a locked request: on every attempt).
 */
export async function recordRequest(tracker: PendingRequestTracker, request: PendingRequest, ttl: number) {
  const { lock } = request;
  if (lock === undefined) {
    const created = await trackerStep('register', () => tracker.register(request, ttl));
    if (!created) throw new DuplicateRequestError();
    return;
  }
  let attempts = 0;
  const recorded = await retryStep('register', async () => {
    attempts += 1;
    if (await tracker.register(request, ttl)) return true;
    if (attempts === 1) return false;
    const existing = await tracker.get(request.requestId);
    return existing?.request.lock?.owner === lock.owner;
  });
  if (!recorded) throw new DuplicateRequestError();
}
