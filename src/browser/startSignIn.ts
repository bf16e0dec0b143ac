import type { StartAnswer } from '../routes/wire.js';
import { postJson, type RouteCallOptions, stringField } from './send.js';

/** Options of {@link startSignIn}. */
export interface StartSignInOptions extends RouteCallOptions {
  /** What the user typed; the server validates and normalizes it. */
  phoneNumber: string;
}

/**
 * Asks your start route to send the number to Truecaller (`POST` JSON `{ phoneNumber }`), which prompts the
 * user's phone. Never retried: each start makes the phone prompt again.
 *
 * @throws {TruecallerRouteError} with the route's `code`: `invalid_phone_number` (400), `request_pending` (429,
 *   with `retryAfterMs`), `forbidden` (this number cannot use Truecaller: offer another method), …;
 *   `network_error` when the route could not be reached.
 * @example
 * ```ts
 * const { requestId } = await startSignIn('/truecaller/start', { phoneNumber: input.value })
 * const result = await pollSignIn('/truecaller/status', { requestId })
 * ```
 */
export async function startSignIn(startUrl: string, options: StartSignInOptions): Promise<StartAnswer> {
  const body = await postJson(startUrl, { phoneNumber: options.phoneNumber }, options);
  return { requestId: stringField(body.requestId) };
}
