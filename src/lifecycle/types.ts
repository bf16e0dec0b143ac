import type { RejectionReason } from '../callback/schema.js';
import type { TruecallerProfile } from '../profile/schema.js';

/** What `handleCallback` resolves with. Answer Truecaller with a 2xx as soon as you have it. */
export interface CallbackReceipt {
  /** The requestId the callback was for. */
  requestId: string;
  /** Whether the user approved (`authorized`) or declined (`rejected`). */
  type: 'authorized' | 'rejected';
  /** `true` when this exact callback was already recorded (a redelivery); nothing changed. */
  duplicate: boolean;
}

/** What `completeSignIn` resolves with; send the `status` (and your own session) to the browser. */
export type SignInStatus =
  | { status: 'pending' }
  | {
      status: 'completed';
      /** The user's profile, fetched with the token the callback delivered. */
      profile: TruecallerProfile;
      /** The verified number (E.164 digits without `+`): the one requested, found in the profile. */
      phoneNumber: string;
      /** The state the sign-in was started with. */
      state?: string;
    }
  | { status: 'rejected'; reason: RejectionReason }
  | { status: 'expired' };

/**
 * What `cancelSignIn` resolves with: `cancelled` when this call ended a pending sign-in, `expired` when there
 * was nothing left to cancel (unknown, expired, completed or already cancelled).
 *
 * @example
 * ```ts
 * const { status } = await client.cancelSignIn(requestId, { state: session.id })
 * ```
 */
export type CancelResult = { status: 'cancelled' } | { status: 'expired' };
