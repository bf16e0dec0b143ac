import { APIError } from 'better-auth/api';
import { isTruecallerError, type TruecallerErrorCode } from 'truecaller-web-login';
import { TRUECALLER_ERROR_CODES, type TruecallerErrorCodeKey } from './errorCodes.js';

type Status = ConstructorParameters<typeof APIError>[0];

/** How each SDK error code is answered. 5xx only where retrying later can help, or for configuration errors. */
const ANSWERS: Record<TruecallerErrorCode, { status: Status; code: TruecallerErrorCodeKey }> = {
  invalid_phone_number: { status: 'BAD_REQUEST', code: 'INVALID_PHONE_NUMBER' },
  request_pending: { status: 'TOO_MANY_REQUESTS', code: 'REQUEST_PENDING' },
  forbidden: { status: 'FORBIDDEN', code: 'FORBIDDEN' },
  // A wrong appKey is the deployment's problem: the browser learns nothing about it.
  invalid_credentials: { status: 'INTERNAL_SERVER_ERROR', code: 'INTERNAL_ERROR' },
  invalid_token: { status: 'BAD_GATEWAY', code: 'INVALID_TOKEN' },
  server_error: { status: 'BAD_GATEWAY', code: 'SERVER_ERROR' },
  unexpected_response: { status: 'BAD_GATEWAY', code: 'UNEXPECTED_RESPONSE' },
  network_error: { status: 'BAD_GATEWAY', code: 'NETWORK_ERROR' },
  timeout: { status: 'GATEWAY_TIMEOUT', code: 'TIMEOUT' },
  invalid_callback: { status: 'BAD_REQUEST', code: 'INVALID_CALLBACK' },
  untrusted_endpoint: { status: 'FORBIDDEN', code: 'UNTRUSTED_ENDPOINT' },
  unknown_request: { status: 'NOT_FOUND', code: 'UNKNOWN_REQUEST' },
  duplicate_request: { status: 'CONFLICT', code: 'DUPLICATE_REQUEST' },
  state_mismatch: { status: 'FORBIDDEN', code: 'STATE_MISMATCH' },
  phone_number_mismatch: { status: 'FORBIDDEN', code: 'PHONE_NUMBER_MISMATCH' },
  tracker_error: { status: 'SERVICE_UNAVAILABLE', code: 'TRACKER_ERROR' },
};

// The same statuses, `error` values and Retry-After defaults as the routes' table (`src/routes/`, issue 7).
/** When to try again after a store failure, in ms. */
const STORE_RETRY_AFTER_MS = 1_000;
/** When to try again on a pending number whose lock's remaining time the tracker does not know, in ms. */
const UNKNOWN_LOCK_RETRY_AFTER_MS = 30_000;

/**
 * Turns an error thrown by the SDK into Better Auth's `APIError`: the HTTP status from one table, a body
 * `{ code, message, error }` where `code` is the plugin's (`REQUEST_PENDING`) and `error` the SDK's
 * (`request_pending`, as the routes answer it and the `/browser` helpers read it), plus `retryAfterMs` and
 * `Retry-After` (seconds) on 429 and 503. The SDK's message is never copied (it is for logs). A wrong appKey is a
 * bare 500 `INTERNAL_ERROR` for the browser and an error log line (`error.toJSON()`: no key, token or number) for
 * the operator. Anything that is not an SDK error (a Better Auth `APIError`, a `TypeError`) is returned unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await client.requestAuthorization({ phoneNumber, state })
 * } catch (error) {
 *   throw toAPIError(error, ctx.context.logger)
 * }
 * ```
 */
export function toAPIError(error: unknown, logger?: { error: (message: string, ...args: unknown[]) => void }): unknown {
  if (!isTruecallerError(error) || !Object.hasOwn(ANSWERS, error.code)) return error;
  const { status, code } = ANSWERS[error.code];
  // A configuration error (a wrong appKey) is never named to the browser, only logged.
  if (error.code === 'invalid_credentials') {
    logger?.error('truecaller plugin: Truecaller refused the appKey; check the client options.', error.toJSON());
  }
  const sdkCode = error.code === 'invalid_credentials' ? 'internal_error' : error.code;
  const body: Record<string, unknown> = { ...TRUECALLER_ERROR_CODES[code], error: sdkCode };
  const headers: Record<string, string> = {};
  const retryAfterMs =
    error.code === 'request_pending'
      ? ((error as { retryAfterMs?: number | undefined }).retryAfterMs ?? UNKNOWN_LOCK_RETRY_AFTER_MS)
      : error.code === 'tracker_error'
        ? STORE_RETRY_AFTER_MS
        : undefined;
  if (retryAfterMs !== undefined) {
    body.retryAfterMs = retryAfterMs;
    headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  }
  return new APIError(status, body, headers);
}

/**
 * An `APIError` for one of the plugin's own codes, with the same body shape as the SDK's errors:
 * `{ code, message, error }`, `error` being the code in lower case (`sign_up_disabled`).
 *
 * @example
 * ```ts
 * throw pluginError('FORBIDDEN', 'SIGN_UP_DISABLED')
 * ```
 */
export function pluginError(status: Status, code: TruecallerErrorCodeKey): APIError {
  return new APIError(status, { ...TRUECALLER_ERROR_CODES[code], error: code.toLowerCase() });
}
