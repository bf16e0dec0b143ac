import { RequestPendingError, TrackerError } from '../errors/lifecycleErrors.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { PendingRequest } from '../trackers/PendingRequestTracker.js';
import type { LifecycleConfig } from './config.js';
import { adoptEarlyCallback } from './earlyCallback.js';
import { acquireNumberLock, releaseNumberLockQuietly } from './numberLock.js';
import { recordRequest } from './recordRequest.js';

/** Sends the start call to Truecaller and resolves with its requestId (the client's POST). */
export type StartPoster = () => Promise<string>;

/**
 * The start step: takes the number's lock, POSTs to Truecaller (which prompts the phone), records the pending
 * request, and adopts a callback that raced ahead of the recording.
 *
 * What each failure costs the user, by design:
 * - the lock is not taken (store down or ambiguous): the acquire is undone, `TrackerError`; retrying works as
 *   soon as the store answers;
 * - Truecaller refused or did not answer the POST (4xx, 5xx, network error, timeout): the lock is released
 *   and the error propagates, so the user can retry at once. After a timeout the POST may have reached
 *   Truecaller; without its requestId that prompt could never complete here anyway, so a second prompt is the
 *   lesser evil;
 * - Truecaller accepted the POST (the phone is prompting) but the request cannot be recorded: the record is
 *   retried (see `recordRequest`); if it still fails, the lock is KEPT (Truecaller's rule: no second prompt
 *   within `lockTtl`) and the start reports `RequestPendingError` with `retryAfterMs`, never a plain failure
 *   that invites the user to trigger a second prompt at once. Its `cause` is the `TrackerError`.
 *
 * @throws {RequestPendingError} the number is locked by a pending sign-in, or this start's prompt went out
 *   but could not be recorded.
 * @throws {DuplicateRequestError} Truecaller's requestId is already tracked (the lock is kept).
 * @throws {TrackerError} the lock could not be taken.
 * @throws errors of the POST.
 */
export async function startSignIn(
  config: LifecycleConfig,
  start: { phoneNumber: string; state: string | undefined },
  post: StartPoster,
): Promise<{ requestId: string }> {
  const { tracker } = config;
  const lock = await acquireNumberLock(tracker, start.phoneNumber, config.lockTtl);
  const lockedAt = Date.now();
  let requestId: string;
  try {
    requestId = await post();
  } catch (error) {
    await releaseNumberLockQuietly(tracker, lock);
    throw error;
  }
  const request: PendingRequest = {
    requestId,
    phoneNumber: start.phoneNumber,
    ...(start.state === undefined ? {} : { state: start.state }),
    createdAt: Date.now(),
    lock,
  };
  try {
    await recordRequest(tracker, request, config.pendingTtl);
  } catch (error) {
    if (!(error instanceof TrackerError)) throw error;
    const retryAfterMs = Math.max(0, config.lockTtl - (Date.now() - lockedAt));
    throw new RequestPendingError(maskPhoneNumber(start.phoneNumber), retryAfterMs, { cause: error });
  }
  await adoptEarlyCallback(tracker, request);
  return { requestId };
}
