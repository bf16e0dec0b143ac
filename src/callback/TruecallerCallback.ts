/**
 * Why the user did not approve: the wire's `status`. Known values are listed; others Truecaller may add come
 * through as strings.
 *
 * @example
 * ```ts
 * const retryWithAnotherNumber = (reason: RejectionReason) => reason === 'use_another_number'
 * ```
 */
export type RejectionReason = 'user_rejected' | 'use_another_number' | (string & {});

/**
 * A callback where the user approved. The wire sends `{"requestId","accessToken","state"?,"endpoint"?}`; unknown
 * extra fields are dropped, and every field is a non-empty string of at most 2,048 characters (`state` may be
 * empty). Unsigned: bind it to a pending sign-in with `client.handleCallback()` before acting on it.
 *
 * @example
 * ```ts
 * const callback = parseCallback(body)
 * if (callback.type === 'authorized') await client.fetchProfile(callback.accessToken, { endpoint: callback.endpoint })
 * ```
 */
export interface AuthorizedCallback {
  /** Set by the SDK (the wire has no `type`): an authorized callback is one without `status`. */
  type: 'authorized';
  /** Truecaller's id of the sign-in (the start call's answer, or the mobile-web `requestNonce`), as sent. */
  requestId: string;
  /** Bearer token for the profile call: valid 10 minutes, single use. A secret: never log it. */
  accessToken: string;
  /** The state the start call sent, echoed by Truecaller; absent when none was sent (mobile-web callbacks). */
  state?: string;
  /**
   * The regional profile URL (mobile-web flow), as sent. Only a claim: the client fetches it only if it is https
   * on a trusted profile host.
   */
  endpoint?: string;
}

/**
 * A callback where the user declined or chose another number. The wire sends `{"requestId","status","state"?}`;
 * `status` becomes `reason`, unknown extra fields are dropped.
 *
 * @example
 * ```ts
 * if (callback.type === 'rejected' && callback.reason === 'use_another_number') showNumberInput()
 * ```
 */
export interface RejectedCallback {
  /** Set by the SDK (the wire has no `type`): a callback with a `status` is a rejection. */
  type: 'rejected';
  /** Truecaller's id of the sign-in, as sent. */
  requestId: string;
  /** The wire's `status`, as sent: `user_rejected`, `use_another_number`, or a value Truecaller adds later. */
  reason: RejectionReason;
  /** The state the start call sent, echoed by Truecaller; absent when none was sent. */
  state?: string;
}

/**
 * Any callback Truecaller sends, told apart by `type`.
 *
 * @example
 * ```ts
 * function describe(callback: TruecallerCallback) {
 *   return callback.type === 'authorized' ? 'approved' : `declined (${callback.reason})`
 * }
 * ```
 */
export type TruecallerCallback = AuthorizedCallback | RejectedCallback;
