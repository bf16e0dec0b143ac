/**
 * The brand every {@link TruecallerRouteError} carries, under a registered symbol: `Symbol.for` gives every copy
 * of this entry (two bundles on one page) the same symbol, so an error from another copy is recognised, while an
 * unrelated error that merely has the same `name` and `code` is not. Apart from the core's brand: a route's
 * `error` code is not an SDK error.
 */
const BRAND = Symbol.for('truecaller-web-login.route-error');

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
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * `instanceof TruecallerRouteError` that also recognises an error from another copy of this module (by its
 * brand, a hidden property under `Symbol.for('truecaller-web-login.route-error')`), and nothing that only looks
 * like one (another library's error named `TruecallerRouteError` with a `code`).
 *
 * @example
 * ```ts
 * if (isTruecallerRouteError(error) && error.code === 'request_pending') showWait(error.retryAfterMs)
 * ```
 */
export function isTruecallerRouteError(error: unknown): error is TruecallerRouteError {
  return error instanceof TruecallerRouteError || (error instanceof Error && BRAND in error);
}
