import type { CancelAnswer } from '../routes/wire.js';
import { postJson, type RouteCallOptions } from './send.js';

/** Options of {@link cancelSignIn}. */
export interface CancelSignInOptions extends RouteCallOptions {
  /** The sign-in to end, from {@link startSignIn} or the mobile-web link. */
  requestId: string;
}

/**
 * Tells your cancel route the page gave up (`POST` JSON `{ requestId }`), e.g. when it falls back to OTP after
 * `pollSignIn` resolved `timeout`. The server frees the number, so the user can try again at once.
 *
 * @throws {TruecallerRouteError} with the route's `code` (`unknown_request`, `state_mismatch`, …) or `network_error`.
 * @example
 * ```ts
 * const result = await pollSignIn('/truecaller/status', { requestId })
 * if (result.status === 'timeout') {
 *   await cancelSignIn('/truecaller/cancel', { requestId })
 *   showOtpForm()
 * }
 * ```
 */
export async function cancelSignIn(cancelUrl: string, options: CancelSignInOptions): Promise<CancelAnswer> {
  await postJson(cancelUrl, { requestId: options.requestId }, options);
  return { status: 'cancelled' };
}
