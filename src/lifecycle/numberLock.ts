import { RequestPendingError, TrackerError } from '../errors/lifecycleErrors.js';
import { randomId } from '../internal/random.js';
import { safeCause } from '../internal/safeCause.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { trackerStep } from './trackerStep.js';

/** A lock this process took, as stored with the pending request so the tracker can free it when it ends. */
export type NumberLock = NonNullable<PendingRequest['lock']>;

/**
 * The lock key of a number, as every tracker receives it: `phone:<E.164 digits>`. A tracker that persists keys
 * derives its storage key from it (RedisTracker hashes it), so the number never shows in key listings.
 */
export function numberLockKey(phoneNumber: string): string {
  return `phone:${phoneNumber}`;
}

/**
 * Takes the per-number lock Truecaller asks for (no second prompt to the same phone while one is pending). The
 * owner is random, so a late release cannot free a lock someone else took after ours expired.
 *
 * A failed call may still have run, or run later (a reply after the client's timeout, a command replayed from an
 * offline queue). So a failure is undone before it is reported: a compare-and-delete on our random owner,
 * harmless if the acquire never ran, and, sent after it on a store that keeps the order of commands (Redis, also
 * through an offline queue), run after the late acquire. The user's retry then finds the number free.
 *
 * @throws {RequestPendingError} while another sign-in holds the number.
 * @throws {TrackerError} when the store fails (after the undo was attempted).
 */
export async function acquireNumberLock(
  tracker: PendingRequestTracker,
  phoneNumber: string,
  ttl: number,
): Promise<NumberLock> {
  const lock = { key: numberLockKey(phoneNumber), owner: randomId() };
  let attempt: Awaited<ReturnType<PendingRequestTracker['acquireLock']>>;
  try {
    attempt = await tracker.acquireLock(lock.key, lock.owner, ttl);
  } catch (error) {
    await releaseNumberLockQuietly(tracker, lock);
    throw new TrackerError('acquireLock', { cause: safeCause(error) });
  }
  if (!attempt.acquired) throw new RequestPendingError(maskPhoneNumber(phoneNumber), attempt.retryAfterMs);
  return lock;
}

/** Releases a lock. @throws {TrackerError} when the store fails. */
export async function releaseNumberLock(tracker: PendingRequestTracker, lock: NumberLock): Promise<void> {
  await trackerStep('releaseLock', () => tracker.releaseLock(lock.key, lock.owner));
}

/**
 * Releases a lock while another error is already on its way to the caller. That error is the one worth
 * reporting; if the release fails too, the lock simply runs out at its TTL.
 */
export async function releaseNumberLockQuietly(tracker: PendingRequestTracker, lock: NumberLock): Promise<void> {
  await releaseNumberLock(tracker, lock).catch(() => undefined);
}
