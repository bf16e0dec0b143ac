import { RequestPendingError } from '../errors/lifecycleErrors.js';
import { sha256Hex } from '../internal/digest.js';
import { randomToken } from '../internal/random.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { PendingRequest, PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { trackerStep } from './trackerStep.js';

/** A lock this process took, as stored with the pending request so any instance can release it. */
export type NumberLock = NonNullable<PendingRequest['lock']>;

/**
 * Takes the per-number lock Truecaller asks for (no second prompt to the same phone while one is pending).
 * The key is a hash of the number, so store listings, slow logs and key-space events never show it. The owner
 * is random, so a late release cannot free a lock someone else took after ours expired.
 *
 * @throws {RequestPendingError} while another sign-in holds the number.
 * @throws {TrackerError} when the store fails.
 */
export async function acquireNumberLock(
  tracker: PendingRequestTracker,
  phoneNumber: string,
  ttlMs: number,
): Promise<NumberLock> {
  const lock = { key: `phone:${await sha256Hex(phoneNumber)}`, owner: randomToken(16) };
  const attempt = await trackerStep('acquireLock', () => tracker.acquireLock(lock.key, lock.owner, ttlMs));
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
