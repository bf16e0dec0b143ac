import { isTruecallerRouteError, type PollResult } from 'truecaller-web-login/browser';

/**
 * How a sign-in ended when nothing went wrong: `completed` (the session cookie is set; `user` is the signed-in
 * user), `rejected` (declined on the phone), `expired` (the sign-in ran out or was finished elsewhere), `timeout`
 * (still pending after `timeout` ms: offer `authClient.phoneNumber.sendOtp`), or, for the mobile-web variant,
 * `not-installed` (the Truecaller app did not open).
 *
 * @example
 * ```ts
 * const { data } = await authClient.signIn.truecaller({ phoneNumber })
 * if (data?.status === 'completed') location.assign('/account')
 * else if (data) await authClient.phoneNumber.sendOtp({ phoneNumber })
 * ```
 */
export type TruecallerSignInResult =
  | { status: 'completed'; user: { id: string; phoneNumber: string; [field: string]: unknown }; token?: string }
  | Exclude<PollResult, { status: 'completed' }>
  | { status: 'not-installed' };

/**
 * Why a sign-in failed: `code` is the plugin's (`INVALID_PHONE_NUMBER`, `REQUEST_PENDING`, `SIGN_UP_DISABLED`,
 * `FORBIDDEN` (use another method), `NETWORK_ERROR` (the server could not be reached), …), `status` the HTTP
 * status when there was an answer, `retryAfterMs` with 429 and 503.
 *
 * @example
 * ```ts
 * const { error } = await authClient.signIn.truecaller({ phoneNumber })
 * if (error?.code === 'REQUEST_PENDING') showMessage(`Approve on your phone, or retry in ${error.retryAfterMs} ms`)
 * ```
 */
export interface TruecallerSignInError {
  code: string;
  message: string;
  status: number | undefined;
  retryAfterMs?: number | undefined;
}

/**
 * What the sign-in actions resolve with, in Better Auth's `{ data, error }` form. A caller's own abort is not an
 * error: the action rejects with the signal's reason.
 *
 * @example
 * ```ts
 * const { data, error } = await authClient.signIn.truecaller({ phoneNumber: '+46761234567' })
 * ```
 */
export type TruecallerSignInResponse =
  | { data: TruecallerSignInResult; error: null }
  | { data: null; error: TruecallerSignInError };

/** A route error as the action's `error`; anything else (an abort reason, a bug) is rethrown. */
export function errorResponse(error: unknown): TruecallerSignInResponse {
  if (!isTruecallerRouteError(error)) throw error;
  return {
    data: null,
    error: {
      code: error.code.toUpperCase(),
      message: error.message,
      status: error.status,
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    },
  };
}
