import { APIError } from 'better-auth/api';
import { type ErrorAnswer, errorResponse, isTruecallerError } from 'truecaller-web-login';
import { TRUECALLER_ERROR_CODES, type TruecallerErrorCodeKey } from './errorCodes.js';

type Status = ConstructorParameters<typeof APIError>[0];

/**
 * Better Auth's names of the statuses the routes' table uses (its answers' `statusText`); plain HTTP, so nothing to
 * keep in step with the table: a status missing here is passed as its number.
 */
const STATUS_NAMES: Readonly<Record<number, Status>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/**
 * Turns an error thrown by the SDK into Better Auth's `APIError`, answered exactly as the routes answer it: the
 * SDK's one mapping (`errorResponse`) gives the status, the message, `retryAfterMs` and the headers
 * (`Retry-After` in seconds on 429 and 503, `Cache-Control: no-store`). The body is `{ code, message, error }`
 * plus `retryAfterMs` where the routes send it: `error` is the routes' code (`request_pending`, which the
 * `/browser` helpers read) and `code` the same in Better Auth's style (`REQUEST_PENDING`, a key of
 * {@link TRUECALLER_ERROR_CODES}). The SDK's message is never copied (it is for logs). A wrong appKey is a bare
 * 500 `INTERNAL_ERROR` for the browser and an error log line (`error.toJSON()`: no key, token or number) for the
 * operator. Anything that is not an SDK error (a Better Auth `APIError`, a `TypeError`) is returned unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await client.requestAuthorization({ phoneNumber, state })
 * } catch (error) {
 *   throw await toAPIError(error, ctx.context.logger)
 * }
 * ```
 */
export async function toAPIError(
  error: unknown,
  logger?: { error: (message: string, ...args: unknown[]) => void },
): Promise<unknown> {
  if (!isTruecallerError(error)) return error;
  // A configuration error (a wrong appKey) is never named to the browser, only logged.
  if (error.code === 'invalid_credentials') {
    logger?.error('truecaller plugin: Truecaller refused the appKey; check the client options.', error.toJSON());
  }
  const answer = errorResponse(error);
  const { error: answerCode, message, retryAfterMs } = (await answer.json()) as ErrorAnswer;
  const headers: Record<string, string> = {};
  for (const [name, value] of answer.headers) if (name !== 'content-type') headers[name] = value;
  const body = {
    code: answerCode.toUpperCase() as TruecallerErrorCodeKey,
    // Always set by `errorResponse`; a body without one would fall back to Better Auth's status text.
    ...(message === undefined ? {} : { message }),
    error: answerCode,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  return new APIError(STATUS_NAMES[answer.status] ?? (answer.status as Status), body, headers, answer.status);
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
