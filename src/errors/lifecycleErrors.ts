import { TruecallerError, type TruecallerErrorOptions } from './TruecallerError.js';

/**
 * A sign-in for this number is already under way (Truecaller asks partners to lock re-triggers for 5 minutes).
 * No request was sent by this call, or (when `cause` is a `TrackerError`) this call's request reached Truecaller
 * and the phone is prompting, but the store could not record it; the number stays locked either way. Tell the
 * user to approve the prompt on their phone, or to try again after `retryAfterMs`.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof RequestPendingError) return Response.json({ retryAfterMs: error.retryAfterMs }, { status: 429 })
 * }
 * ```
 */
export class RequestPendingError extends TruecallerError {
  override name = 'RequestPendingError' as const;
  declare readonly code: 'request_pending';
  /** Milliseconds until the lock on this number expires, when the tracker knows. */
  readonly retryAfterMs: number | undefined;
  constructor(maskedPhoneNumber: string, retryAfterMs: number | undefined, options: TruecallerErrorOptions = {}) {
    const after = retryAfterMs === undefined ? '' : ` Try again in ${Math.ceil(retryAfterMs / 1000)} s.`;
    super('request_pending', `A sign-in for ${maskedPhoneNumber} is already pending.${after}`, options);
    this.retryAfterMs = retryAfterMs;
  }

  protected override details(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs };
  }
}

/**
 * Which case of {@link UnknownRequestError} a callback hit:
 * - `'unknown'`: no pending sign-in has this requestId (never issued, expired, finished or cancelled before the
 *   callback came). Answer 404.
 * - `'expired'`: the sign-in was pending when the callback came but ended (expired, was finished or cancelled)
 *   before its outcome could be recorded. Answer 404.
 * - `'conflict'`: the sign-in already has a different outcome (another callback with another payload came
 *   first). Answer 409.
 *
 * @example
 * ```ts
 * const status = (reason: UnknownRequestReason) => (reason === 'conflict' ? 409 : 404)
 * ```
 */
export type UnknownRequestReason = 'unknown' | 'expired' | 'conflict';

const UNKNOWN_REQUEST_MESSAGES: Readonly<Record<UnknownRequestReason, string>> = {
  unknown: 'no pending sign-in has this requestId (never issued, expired, finished or cancelled)',
  expired: 'the pending sign-in ended before the callback could be recorded',
  conflict: 'this sign-in was already settled by a different callback',
};

/**
 * A callback for a requestId that is not pending here (`reason` says which case). Possibly forged; answer it
 * with a 4xx (`errorResponse` answers 404, or 409 for `'conflict'`) and do nothing else.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof UnknownRequestError) {
 *     return new Response(null, { status: error.reason === 'conflict' ? 409 : 404 })
 *   }
 * }
 * ```
 */
export class UnknownRequestError extends TruecallerError {
  override name = 'UnknownRequestError' as const;
  declare readonly code: 'unknown_request';
  /** Which case: `'unknown'` and `'expired'` answer 404, `'conflict'` 409. */
  readonly reason: UnknownRequestReason;
  /** @throws {TypeError} when `reason` is not one of {@link UnknownRequestReason}. */
  constructor(reason: UnknownRequestReason) {
    if (!Object.hasOwn(UNKNOWN_REQUEST_MESSAGES, reason)) {
      throw new TypeError("UnknownRequestError: `reason` must be 'unknown', 'expired' or 'conflict'.");
    }
    super('unknown_request', `Callback rejected: ${UNKNOWN_REQUEST_MESSAGES[reason]}.`);
    this.reason = reason;
  }

  protected override details(): Record<string, unknown> {
    return { reason: this.reason };
  }
}

/**
 * {@link TruecallerClient.registerRequest} was given a requestId that is already tracked.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof DuplicateRequestError) requestId = createRequestNonce() // and register again
 * }
 * ```
 */
export class DuplicateRequestError extends TruecallerError {
  override name = 'DuplicateRequestError' as const;
  declare readonly code: 'duplicate_request';
  constructor() {
    super('duplicate_request', 'This requestId is already tracked. Use a fresh, unique nonce for every sign-in.');
  }
}

/**
 * The `state` does not match the one the sign-in was started with (also when one side has none). On a
 * callback this means a forged or misrouted callback; on a status poll, another browser session asking.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof StateMismatchError) return new Response(null, { status: 403 })
 * }
 * ```
 */
export class StateMismatchError extends TruecallerError {
  override name = 'StateMismatchError' as const;
  declare readonly code: 'state_mismatch';
  constructor(where: 'callback' | 'completeSignIn') {
    super(
      'state_mismatch',
      where === 'callback'
        ? "The callback's state does not match the pending request's state."
        : "The state given does not match the pending request's state.",
    );
  }
}

/**
 * The profile behind the callback's token does not list the number the sign-in was started for: a callback
 * forged with someone else's token. The sign-in is over; never sign this user in.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof PhoneNumberMismatchError) alertSecurity('forged Truecaller callback')
 * }
 * ```
 */
export class PhoneNumberMismatchError extends TruecallerError {
  override name = 'PhoneNumberMismatchError' as const;
  declare readonly code: 'phone_number_mismatch';
  constructor(maskedPhoneNumber: string) {
    super(
      'phone_number_mismatch',
      `The Truecaller profile does not belong to ${maskedPhoneNumber}: the callback was forged or misrouted.`,
    );
  }
}

/**
 * The pending-request store failed (Redis down, timeout, bad data). The SDK fails closed: the step did not
 * happen and is not retried. `cause` holds the store's error with only its name and message.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof TrackerError) return new Response(null, { status: 503 }) // store down: fail closed
 * }
 * ```
 */
export class TrackerError extends TruecallerError {
  override name = 'TrackerError' as const;
  declare readonly code: 'tracker_error';
  constructor(operation: string, options: TruecallerErrorOptions = {}) {
    super(
      'tracker_error',
      `The pending-request tracker failed during ${operation}; the sign-in step did not happen.`,
      options,
    );
  }
}
