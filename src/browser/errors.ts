/**
 * A route answered with an error, answered something that is not a route answer, or could not be reached.
 * `code` is the route's `error` (`invalid_phone_number`, `request_pending`, `bad_request`, …), or
 * `network_error` (nothing came back) or `unexpected_response` (the answer was not the route's JSON).
 *
 * @example
 * ```ts
 * try {
 *   await startSignIn('/truecaller/start', { phoneNumber })
 * } catch (error) {
 *   if (isTruecallerRouteError(error) && error.code === 'invalid_phone_number') showFieldError()
 *   else throw error
 * }
 * ```
 */
export class TruecallerRouteError extends Error {
  override name = 'TruecallerRouteError' as const;
  /** The route's `error` code, `network_error` or `unexpected_response`. Branch on this, not on the message. */
  readonly code: string;
  /** The HTTP status, when an answer came back. */
  readonly status: number | undefined;
  /** With 429 and 503: when to try again, in ms (from `retryAfterMs` or `Retry-After`). */
  readonly retryAfterMs: number | undefined;

  constructor(code: string, message: string, status?: number, retryAfterMs?: number, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * `instanceof TruecallerRouteError` that also recognises an error from another copy of this module.
 *
 * @example
 * ```ts
 * if (isTruecallerRouteError(error) && error.code === 'request_pending') showWait(error.retryAfterMs)
 * ```
 */
export function isTruecallerRouteError(error: unknown): error is TruecallerRouteError {
  return error instanceof TruecallerRouteError || (error as Error | undefined)?.name === 'TruecallerRouteError';
}
