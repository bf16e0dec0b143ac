import { UnexpectedResponseError } from '../errors/apiErrors.js';
import { PhoneNumberMismatchError, StateMismatchError } from '../errors/lifecycleErrors.js';
import { constantTimeEqual } from '../internal/constantTimeEqual.js';
import { maskPhoneNumber } from '../phone/maskPhoneNumber.js';
import type { TruecallerProfile } from '../profile/schema.js';
import type { PendingRequestTracker } from '../trackers/PendingRequestTracker.js';
import { releaseNumberLockQuietly } from './numberLock.js';
import { trackerStep } from './trackerStep.js';
import type { SignInStatus } from './types.js';

/** Fetches a profile with a token; the client's `fetchProfile`. */
export type ProfileFetcher = (
  accessToken: string,
  options: { endpoint?: string; signal?: AbortSignal },
) => Promise<TruecallerProfile>;

/**
 * Answers a status poll. Reads without consuming while the sign-in is pending; once it is settled, takes it
 * (get-and-delete, so of concurrent polls exactly one proceeds), fetches the profile, checks the number, and
 * frees the number's lock. The access token never leaves this function.
 *
 * If the profile fetch fails after the take (Truecaller down past the retries, token expired, the caller's
 * signal aborted mid-fetch), the sign-in is over and the error propagates; the next poll sees `expired`. Keeping the token for a second try would mean
 * holding a live credential after we already knew something was wrong with it.
 *
 * @throws {StateMismatchError} `state` differs from the one the sign-in was started with.
 * @throws {PhoneNumberMismatchError} the token's profile is not the requested number's: a forged callback.
 * @throws {TrackerError} the store failed.
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
  // Taking is final: a poll whose caller already gave up must leave the outcome for the next poll.
  signal?.throwIfAborted();

  const taken = await trackerStep('take', () => tracker.take(requestId));
  // Another poll took it between our read and our take: it is that poll's sign-in to complete.
  if (taken?.outcome === undefined) return { status: 'expired' };
  const { request, outcome } = taken;
  try {
    if (outcome.type === 'rejected') return { status: 'rejected', reason: outcome.reason };
    const profile = await fetchProfile(outcome.accessToken, {
      ...(outcome.endpoint === undefined ? {} : { endpoint: outcome.endpoint }),
      ...(signal === undefined ? {} : { signal }),
    });
    const phoneNumber = verifiedPhoneNumber(request.phoneNumber, profile);
    return {
      status: 'completed',
      profile,
      phoneNumber,
      ...(request.state === undefined ? {} : { state: request.state }),
    };
  } finally {
    // The sign-in has ended either way; a failed release only means the lock runs out at its TTL.
    if (request.lock !== undefined) await releaseNumberLockQuietly(tracker, request.lock);
  }
}

function verifiedPhoneNumber(requested: string | undefined, profile: TruecallerProfile): string {
  if (requested === undefined) {
    // Mobile-web flow: the number was never typed into our page, so the profile's own number is the answer.
    const first = profile.phoneNumbers[0];
    if (first === undefined) throw new UnexpectedResponseError('The Truecaller profile lists no phone number.');
    return first;
  }
  if (!profile.phoneNumbers.includes(requested)) throw new PhoneNumberMismatchError(maskPhoneNumber(requested));
  return requested;
}
