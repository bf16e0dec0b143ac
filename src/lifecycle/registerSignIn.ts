import type { PendingRequest } from '../trackers/PendingRequestTracker.js';
import type { LifecycleConfig } from './config.js';
import { adoptEarlyCallback } from './earlyCallback.js';
import { recordRequest } from './recordRequest.js';

/**
 * The mobile-web flow's start: records a request the page is about to open Truecaller's deep link for (no lock:
 * there is no POST to throttle), and adopts a callback that came first.
 *
 * @throws {DuplicateRequestError} the requestId is already tracked, or was finished and has not expired.
 * @throws {TrackerError} the store failed; nothing was sent, so the page can simply try again with a new nonce.
 */
export async function registerSignIn(
  config: LifecycleConfig,
  request: Omit<PendingRequest, 'createdAt' | 'lock'>,
): Promise<void> {
  const record: PendingRequest = { ...request, createdAt: Date.now() };
  await recordRequest(config.tracker, record, config.pendingTtl);
  await adoptEarlyCallback(config.tracker, record);
}
