import { RequestPendingError, UnknownRequestError } from '../errors/lifecycleErrors.js';
import { isTruecallerError } from '../errors/TruecallerError.js';
import { answerFor, ERROR_ANSWERS, STORE_RETRY_AFTER_MS, UNKNOWN_LOCK_RETRY_AFTER_MS } from './errorAnswers.js';

/**
 * The one mapping from an error to the HTTP answer the browser (or Truecaller) gets: the routes of
 * `createTruecallerRoutes` use it, and so can apps that write their own routes. The body is an `ErrorAnswer`,
 * `{ error, message, retryAfterMs? }`, with `Cache-Control: no-store`:
 *
 * | error | status |
 * | --- | --- |
 * | `invalid_phone_number`, `invalid_callback` | 400 |
 * | `forbidden`, `state_mismatch`, `phone_number_mismatch`, `untrusted_endpoint` | 403 |
 * | `unknown_request` (`reason` `'unknown'` or `'expired'`) | 404 |
 * | `unknown_request` with `reason` `'conflict'`, `duplicate_request` | 409 |
 * | `request_pending` | 429, `Retry-After` (s) and `retryAfterMs` |
 * | `invalid_credentials` (a configuration error) and anything that is not an SDK error | 500 `internal_error`, no detail |
 * | `invalid_token`, `server_error`, `unexpected_response`, `network_error` | 502 |
 * | `tracker_error` | 503, `Retry-After: 1` |
 * | `timeout` | 504 |
 *
 * Messages are fixed per code: an answer never repeats a number, token, state or appKey, nor says what is
 * wrong with the configuration. Log the error itself (its `toJSON()` is safe) if you need the detail.
 *
 * @param error anything a call to the SDK threw.
 * @returns a JSON `Response`; never throws.
 * @example
 * ```ts
 * try {
 *   const { requestId } = await client.requestAuthorization({ phoneNumber, state: sessionId })
 *   return Response.json({ requestId })
 * } catch (error) {
 *   return errorResponse(error) // 400 invalid_phone_number, 429 request_pending, 403 forbidden, …
 * }
 * ```
 */
export function errorResponse(error: unknown): Response {
  // A code missing from the table (an error of a newer copy of the package) is answered like a bug: 500.
  if (!isTruecallerError(error) || !Object.hasOwn(ERROR_ANSWERS, error.code)) return answerFor('internal_error');
  if (error.code === 'request_pending') {
    const known = error instanceof RequestPendingError ? error.retryAfterMs : undefined;
    return answerFor('request_pending', { retryAfterMs: known ?? UNKNOWN_LOCK_RETRY_AFTER_MS });
  }
  if (error.code === 'unknown_request' && error instanceof UnknownRequestError && error.reason === 'conflict') {
    return answerFor('unknown_request:conflict');
  }
  if (error.code === 'tracker_error') return answerFor('tracker_error', { retryAfterMs: STORE_RETRY_AFTER_MS });
  return answerFor(error.code);
}
