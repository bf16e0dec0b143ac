import { UnexpectedResponseError } from '../errors/apiErrors.js';
import { PhoneNumberMismatchError, StateMismatchError } from '../errors/lifecycleErrors.js';
import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import { randomId } from '../internal/random.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { TruecallerProfile } from '../profile/schema.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { retryStep } from './retryStep.js';
import { trackerStep } from './trackerStep.js';
import type { SignInStatus } from './types.js';

/** Fetches a profile with a token, over the client's transport (`TruecallerApi.fetchProfile`). */
export type ProfileFetcher = (
  accessToken: string,
  options: { endpoint?: string | undefined; signal?: AbortSignal | undefined },
) => Promise<TruecallerProfile>;

/**
 * Answers a status poll. Reads without consuming while the sign-in is pending. Once it is settled, completes it
 * in two steps, so that an ambiguous store call (one that failed for us but ran in the store) never loses an
 * approved sign-in and nothing is delivered twice:
 *
 * 1. `claim` with a fresh random claimId: deletes nothing. If its reply is lost, the next poll (which passed
 *    the same state check) claims again, taking the claim over, and completes the sign-in.
 * 2. `finish` with that claimId: ends the request and frees the number's lock, only if our claim is still the
 *    current one. It is idempotent for our claimId, so a failed `finish` is retried: a retry after one that ran
 *    answers `true` again. `false` means another poll took the claim over; it completes the sign-in, and this
 *    poll answers `pending` (the browser polls again and learns the end from that poll or the next).
 * 3. Only then, with the sign-in ours alone, the access token is used, once: the profile is fetched and its
 *    number checked. If that fails, the sign-in is over (the lock is already free) and the error propagates;
 *    the next poll sees `expired`. Truecaller's tokens are single use, so there is nothing to retry with.
 *
 * A poll aborted before step 2 leaves the sign-in for the next poll. A decline is reported as `rejected` even
 * if `finish` fails (the lock was freed when the decline was recorded).
 *
 * @throws {StateMismatchError} `state` differs from the one the sign-in was started with.
 * @throws {PhoneNumberMismatchError} the token's profile is not the requested number's: a forged callback.
 * @throws {TrackerError} the store failed (for `finish`: on every attempt).
 * @throws {TruecallerError} from the profile fetch.
 */
export async function completePendingSignIn(
  tracker: PendingRequestTracker,
  fetchProfile: ProfileFetcher,
  requestId: string,
  state: string | undefined,
  signal: AbortSignal | undefined,
): Promise<SignInStatus> {
  const tracked = await trackerStep('get', () => tracker.get(requestId));
  if (tracked === undefined) return { status: 'expired' };
  if (!(await constantTimeEqual(tracked.request.state, state))) throw new StateMismatchError('completeSignIn');
  if (tracked.outcome === undefined) return { status: 'pending' };
  signal?.throwIfAborted();

  const claimId = randomId();
  const claim = await trackerStep('claim', () => tracker.claim(requestId, claimId));
  if (claim.status === 'missing') return { status: 'expired' };
  if (claim.status === 'pending') return { status: 'pending' };
  const { request, outcome } = claim.tracked;
  // The id may have been removed and recorded anew since our read: check the state of what we claimed.
  if (!(await constantTimeEqual(request.state, state))) throw new StateMismatchError('completeSignIn');
  // Finishing is final: a poll whose caller already gave up must leave the outcome for the next poll.
  signal?.throwIfAborted();

  if (outcome.type === 'rejected') {
    await tracker.finish(requestId, claimId).catch(() => undefined);
    return { status: 'rejected', reason: outcome.reason };
  }
  const finished = await retryStep('finish', () => tracker.finish(requestId, claimId));
  if (!finished) return { status: 'pending' };

  const profile = await fetchProfile(outcome.accessToken, { endpoint: outcome.endpoint, signal });
  return {
    status: 'completed',
    profile,
    phoneNumber: verifiedPhoneNumber(request.phoneNumber, profile),
    ...(request.state === undefined ? {} : { state: request.state }),
  };
}

function verifiedPhoneNumber(requested: string | undefined, profile: TruecallerProfile): string {
  if (requested === undefined) {
    // Mobile-web flow: the number was never typed into our page, so the profile's own number is the answer.
    const first = profile.phoneNumbers[0];
    if (first === undefined)
      throw new UnexpectedResponseError('The Truecaller profile lists no phone number.', { status: 200 });
    return first;
  }
  if (!profile.phoneNumbers.includes(requested)) throw new PhoneNumberMismatchError(maskPhoneNumber(requested));
  return requested;
}
